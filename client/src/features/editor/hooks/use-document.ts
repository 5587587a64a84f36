import { useEffect, useState } from 'react';
import type { DocumentPermissions, DocumentSummary } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { fetchDocument } from '../api.ts';

/** The document's listing entry, or why it could not be read. */
export type DocumentState =
  { status: 'loading' } | { status: 'ready'; document: DocumentSummary; permissions: DocumentPermissions } | { status: 'error'; code: ClientErrorCode };

/** Loads a document's title and the person's permissions. A network failure is not fatal: the editor still opens from IndexedDB. */
export function useDocument(name: string): DocumentState {
  const [state, setState] = useState<DocumentState>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetchDocument(name, controller.signal).then(
      ({ document, permissions }) => setState({ status: 'ready', document, permissions }),
      (err: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', code: errorCode(err) });
      },
    );
    return () => controller.abort();
  }, [name]);
  return state;
}
