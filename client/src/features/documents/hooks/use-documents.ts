import { useQuery } from '@tanstack/react-query';
import type { DocumentView } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { documentKeys, listDocuments } from '../api.ts';

/** The documents list as the page shows it. */
export type DocumentsState =
  | { status: 'loading' }
  /** `canCreate`: the reader may start a document (the list's `can.create`). */
  | { status: 'ready'; documents: DocumentView[]; canCreate: boolean }
  | { status: 'error'; code: ClientErrorCode };

/** The list, cached for the tab (TanStack Query), and `reload()` (e.g. after "Try again"). */
export function useDocuments(): { state: DocumentsState; reload: () => void } {
  const query = useQuery({ queryKey: documentKeys.list, queryFn: ({ signal }) => listDocuments(signal) });
  const state: DocumentsState =
    query.status === 'success'
      ? { status: 'ready', documents: query.data.documents, canCreate: query.data.can.create }
      : query.status === 'error' && !query.isFetching
        ? { status: 'error', code: errorCode(query.error) }
        : { status: 'loading' };
  return { state, reload: () => void query.refetch() };
}
