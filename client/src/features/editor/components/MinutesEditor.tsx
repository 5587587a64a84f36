import { useEffect, useMemo } from 'react';
import { EditorContent } from '@tiptap/react';
import type { Editor, Extensions } from '@tiptap/core';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { DocShape } from '@dialogo/shared';
import type { Participant } from '../../../lib/participant.ts';
import { EditorFrame } from './Toolbar.tsx';
import { useCollabEditor } from '../hooks/use-collab-editor.ts';

/** Props of {@link MinutesEditor}. */
export interface MinutesEditorProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Shown to the others on this participant's caret. */
  user: Participant;
  /** Accessible name of the editable area, e.g. "Minutes: Coordination meeting". */
  label: string;
  /** The person may read but not change it: no toolbar, no typing (the server refuses it too). */
  readOnly?: boolean;
  /** Extensions other features add (comment highlights...); read when the editor is made. */
  extensions?: Extensions;
  /** Hands the editor to the page, for tools that work on its text and selection. */
  onEditor?(editor: Editor | null): void;
  /**
   * The Y.XmlFragment to bind (a proposal binds one per section).
   * @default DocShape.body
   */
  field?: string;
  /**
   * `id` and `data-testid` of the editable area.
   * @default 'minutes-editor'
   */
  editorId?: string;
}

/**
 * The rich-text body of a document, bound to the `body` fragment of the shared Y.Doc (or another
 * one: a proposal binds one per section), with the full toolbar (`useCollabEditor` makes it).
 */
export function MinutesEditor({ doc, provider, user, label, readOnly = false, extensions = [], onEditor, field = DocShape.body, editorId = 'minutes-editor' }: MinutesEditorProps) {
  const attributes = useMemo(
    () => ({
      id: editorId,
      class: 'minutes-editor__content',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': label,
      'aria-readonly': readOnly ? 'true' : 'false',
      'data-testid': editorId,
      spellcheck: 'true',
    }),
    [label, readOnly, editorId],
  );
  const fragment = useMemo(() => doc.getXmlFragment(field), [doc, field]);
  const editor = useCollabEditor({ fragment, provider, user, readOnly, extensions, attributes });

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  return (
    <EditorFrame editor={editor} toolbar={!readOnly} controls={editorId} docName={provider.roomname}>
      <EditorContent editor={editor} />
    </EditorFrame>
  );
}
