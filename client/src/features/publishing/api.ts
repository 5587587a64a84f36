import { api } from '../../lib/api.ts';

export interface PublicationStatus {
  publishedAt: string;
  language: 'it' | 'en';
}

const path = (name: string) => `/api/documents/${encodeURIComponent(name)}/publication`;

/** Whether the document has a public link (`publication: null` when not). */
export function fetchPublication(name: string, signal?: AbortSignal): Promise<{ publication: PublicationStatus | null }> {
  return api.get(path(name), signal);
}

/** Makes a new public link (an earlier one stops working); the link is shown only now. */
export function publish(name: string): Promise<{ url: string; publication: PublicationStatus }> {
  return api.post(path(name), {});
}

/** Ends the public link at once. */
export function unpublish(name: string): Promise<void> {
  return api.delete(path(name));
}
