import { useCallback, useEffect, useState } from 'react';
import type { DocumentSummary } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { listDocuments } from '../api.ts';

/** The documents list as the page shows it. */
export type DocumentsState =
  | { status: 'loading' }
  | { status: 'ready'; documents: DocumentSummary[] }
  | { status: 'error'; code: ClientErrorCode };

/** Loads the list once and on `reload()` (e.g. after "Try again"). */
export function useDocuments(): { state: DocumentsState; reload: () => void } {
  const [state, setState] = useState<DocumentsState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    listDocuments(controller.signal).then(
      (documents) => setState({ status: 'ready', documents }),
      (err: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', code: errorCode(err) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}
