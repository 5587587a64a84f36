import { data, rpc, withSignal } from '../../lib/rpc.ts';

/** Query keys of the editor feature. */
export const editorKeys = {
  suggestionDecisions: (name: string) => ['editor', name, 'suggestion-decisions'] as const,
};

/** A document's listing entry and what the signed-in person may do with it; 404 when it does not exist. */
export function fetchDocument(name: string, signal?: AbortSignal) {
  return data(rpc.documents[':name'].$get({ param: { name } }, withSignal(signal)));
}

/** The suggestions decided in a document (accepted or rejected), newest first. */
export async function fetchSuggestionDecisions(name: string, signal?: AbortSignal) {
  return (await data(rpc.documents[':name'].suggestions.decisions.$get({ param: { name } }, withSignal(signal)))).decisions;
}

/** Records a decision on a suggestion (who suggested it, who decided, what it said). */
export async function recordSuggestionDecision(name: string, decision: { suggestion: string; decision: 'accepted' | 'rejected'; excerpt: string }) {
  await data(rpc.documents[':name'].suggestions.decisions.$post({ param: { name }, json: decision }));
}
