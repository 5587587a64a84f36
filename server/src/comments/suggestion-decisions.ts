import { randomUUID } from 'node:crypto';
import { suggestionAuthor, type CommentAuthor, type DecideSuggestionInput, type SuggestionDecisionRecord } from '@dialogo/shared';
import type { People } from '../network/people.ts';
import type { Store } from '../store/index.ts';
import { authorOf } from './mentions.ts';

const collectionOf = (doc: string) => `suggestion-decisions~${doc}`;
/** The panel shows the latest ones; older ones stay stored. */
const SHOWN = 50;

/**
 * What was decided about each suggested change of a document: who suggested it (read from its id,
 * whose person part the document server checked when it was made), who accepted or rejected it,
 * when. Accepting or rejecting happens in the document itself; this is its record.
 */
export class SuggestionDecisions {
  constructor(
    private readonly store: Store,
    private readonly people: People,
  ) {}

  async record(doc: string, decidedBy: CommentAuthor, input: DecideSuggestionInput): Promise<SuggestionDecisionRecord> {
    const authorId = suggestionAuthor(input.suggestion);
    const author = authorId ? await this.people.get(authorId) : null;
    const at = new Date().toISOString();
    const record: SuggestionDecisionRecord = {
      id: `${at}-${randomUUID().slice(0, 8)}`,
      suggestion: input.suggestion,
      decision: input.decision,
      excerpt: input.excerpt,
      suggestedBy: author ? authorOf(author) : null,
      decidedBy,
      at,
    };
    await this.store.records.put(collectionOf(doc), record.id, record);
    return record;
  }

  async list(doc: string): Promise<SuggestionDecisionRecord[]> {
    const all = await this.store.records.list<SuggestionDecisionRecord>(collectionOf(doc));
    return all.sort((a, b) => b.at.localeCompare(a.at)).slice(0, SHOWN);
  }
}
