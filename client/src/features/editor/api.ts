import type { DocumentSummary } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

/** The listing entry of one document (its title); 404 when no such document exists. */
export async function fetchDocument(name: string, signal?: AbortSignal): Promise<DocumentSummary> {
  const { document } = await api.get<{ document: DocumentSummary }>(`/api/documents/${encodeURIComponent(name)}`, signal);
  return document;
}
