import type { CreateDocumentInput, DocumentSummary } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

/** Every document of the network, newest first (the server sorts them). */
export async function listDocuments(signal?: AbortSignal): Promise<DocumentSummary[]> {
  const { documents } = await api.get<{ documents: DocumentSummary[] }>('/api/documents', signal);
  return documents;
}

/** Creates a document; a 400 carries `fields.title` (e.g. `required`) to show next to the field. */
export async function createDocument(input: Pick<CreateDocumentInput, 'title'> & Partial<CreateDocumentInput>): Promise<DocumentSummary> {
  const { document } = await api.post<{ document: DocumentSummary }>('/api/documents', input);
  return document;
}
