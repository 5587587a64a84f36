import type { DocumentPermissions, DocumentSummary } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

/** A document's listing entry and what the signed-in person may do with it; 404 when it does not exist. */
export function fetchDocument(name: string, signal?: AbortSignal): Promise<{ document: DocumentSummary; permissions: DocumentPermissions }> {
  return api.get(`/api/documents/${encodeURIComponent(name)}`, signal);
}
