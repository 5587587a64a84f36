import { data, rpc, withSignal } from '../../lib/rpc.ts';

export interface PublicationStatus {
  publishedAt: string;
  language: 'it' | 'en';
}

/** Query keys of the publishing feature. */
export const publishingKeys = {
  publication: (name: string) => ['publishing', name, 'publication'] as const,
};

const publication = rpc.documents[':name'].publication;
const doc = (name: string) => ({ param: { name } });

/** Whether the document has a public link (`publication: null` when not). */
export function fetchPublication(name: string, signal?: AbortSignal) {
  return data(publication.$get(doc(name), withSignal(signal)));
}

/** Makes a new public link (an earlier one stops working); the link is shown only now. */
export function publish(name: string) {
  return data(publication.$post(doc(name)));
}

/** Ends the public link at once. */
export async function unpublish(name: string): Promise<void> {
  await data(publication.$delete(doc(name)));
}
