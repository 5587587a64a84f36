import type { CreateDocumentInput } from '@dialogo/shared';
import { data, rpc, withSignal } from '../../lib/rpc.ts';

/** Query keys of this feature: the list, invalidated when a document is created. */
export const documentKeys = { list: ['documents'] as const };

/**
 * Every document of the network the person may read, newest first (the server sorts them), each
 * with what they may do with it (`can`), and whether they may start one (`can.create`).
 */
export async function listDocuments(signal?: AbortSignal) {
  return data(rpc.documents.$get(undefined, withSignal(signal)));
}

/** Creates a document; a 400 carries `fields.title` (e.g. `required`) to show next to the field. */
export async function createDocument(input: Pick<CreateDocumentInput, 'title'> & Partial<CreateDocumentInput>) {
  const { document } = await data(rpc.documents.$post({ json: input }));
  return document;
}
