import { useQuery } from '@tanstack/react-query';
import type { DocumentSummary } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { documentKeys, listDocuments } from '../api.ts';

/** The documents list as the page shows it. */
export type DocumentsState = { status: 'loading' } | { status: 'ready'; documents: DocumentSummary[] } | { status: 'error'; code: ClientErrorCode };

/** The list, cached for the tab (TanStack Query), and `reload()` (e.g. after "Try again"). */
export function useDocuments(): { state: DocumentsState; reload: () => void } {
  const query = useQuery({ queryKey: documentKeys.list, queryFn: ({ signal }) => listDocuments(signal) });
  const state: DocumentsState =
    query.status === 'success'
      ? { status: 'ready', documents: query.data }
      : query.status === 'error' && !query.isFetching
        ? { status: 'error', code: errorCode(query.error) }
        : { status: 'loading' };
  return { state, reload: () => void query.refetch() };
}
