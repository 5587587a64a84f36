import { useEffect, useState, type ReactNode } from 'react';
import type { Editor, Extensions } from '@tiptap/core';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { ErrorCode, parseDocName, type DocumentPermissions } from '@dialogo/shared';
import type { CollabSession } from '../../lib/collab-provider.ts';
import type { Participant } from '../../lib/participant.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { ConnectionIndicator } from './components/ConnectionIndicator.tsx';
import { MinutesEditor } from './components/MinutesEditor.tsx';
import { useCollabSession, useConnectionStatus } from './hooks/use-collab-session.ts';
import { useDocument } from './hooks/use-document.ts';
import './editor-page.css';

declare global {
  interface Window {
    /** The open document's provider and Y.Doc, for the browser tests (set on the editor page only). */
    __dialogo?: { provider: WebsocketProvider; doc: Y.Doc };
  }
}

/** Props of {@link EditorPage}. */
export interface EditorPageProps {
  /** Canonical document name from the URL, e.g. `minutes:2020-06-18-coordination`. */
  name: string;
  participant: Participant;
  /** Tools other features add below the editor (history, publishing...), given what the person may do and the live document. */
  renderTools?(permissions: DocumentPermissions, doc: Y.Doc, editor: Editor | null): ReactNode;
  /** Editor extensions those tools need (comment highlights...). */
  editorExtensions?: Extensions;
}

/**
 * `/d/:name`: the minutes editor. The editor opens from the local copy right away; the title comes
 * from the API when it answers (offline, the document id stands in for it).
 */
export function EditorPage({ name, participant, renderTools, editorExtensions }: EditorPageProps) {
  const { t } = useTranslation();
  const valid = parseDocName(name) !== null;
  const document = useDocument(name);
  const missing = !valid || (document.status === 'error' && document.code === ErrorCode.notFound);
  const forbidden = document.status === 'error' && document.code === ErrorCode.forbidden;
  // Until the server says otherwise (or while offline) the editor is writable: the server drops
  // updates from read-only connections anyway, and offline edits of a member must not be lost.
  const readOnly = document.status === 'ready' && !document.permissions.edit;
  const title = document.status === 'ready' ? document.document.title : (parseDocName(name)?.id ?? name);
  usePageTitle(missing ? t('errors.not_found') : title);
  const session = useCollabSession(missing || forbidden ? null : name);
  const [editor, setEditor] = useState<Editor | null>(null);
  const tools = document.status === 'ready' && session ? renderTools?.(document.permissions, session.doc, editor) : null;

  useEffect(() => {
    if (!session) return;
    window.__dialogo = { provider: session.provider, doc: session.doc };
    return () => {
      if (window.__dialogo?.provider === session.provider) delete window.__dialogo;
    };
  }, [session]);

  return (
    <div className="page page--editor">
      <nav className="breadcrumb">
        <Link href="/documents">
          <span aria-hidden="true">← </span>
          {t('editor.back')}
        </Link>
      </nav>
      {missing || forbidden ? (
        <div className="card" role="alert">
          <h1>{t(missing ? 'errors.not_found' : 'errors.forbidden')}</h1>
        </div>
      ) : (
        <article className="card editor-card">
          <header className="editor-card__header">
            <h1 className="editor-card__title">{title}</h1>
            {session && <SessionStatus session={session} />}
          </header>
          {readOnly && (
            <p className="notice" data-testid="read-only-notice">
              {t('editor.readOnly')}
            </p>
          )}
          {session ? (
            <MinutesEditor
              doc={session.doc}
              provider={session.provider}
              user={participant}
              label={t('editor.label', { title })}
              readOnly={readOnly}
              extensions={editorExtensions}
              onEditor={setEditor}
            />
          ) : (
            <p className="muted">{t('editor.loading')}</p>
          )}
        </article>
      )}
      {tools && <div className="editor-tools">{tools}</div>}
    </div>
  );
}

function SessionStatus({ session }: { session: CollabSession }) {
  return <ConnectionIndicator status={useConnectionStatus(session)} />;
}
