import { useEffect, useMemo } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import type { Editor, Extensions } from '@tiptap/core';
import { richTextExtensions } from '@dialogo/shared/rich-text';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { DocShape } from '@dialogo/shared';
import type { Participant } from '../../../lib/participant.ts';
import { EditorFrame } from './Toolbar.tsx';

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
 * The rich-text body of a minutes document, bound to the `body` fragment of the shared Y.Doc.
 * Undo/redo comes from the Collaboration extension (it only undoes this participant's own edits),
 * so the schema's own history is off (`richTextExtensions`).
 */
export function MinutesEditor({ doc, provider, user, label, readOnly = false, extensions = [], onEditor, field = DocShape.body, editorId = 'minutes-editor' }: MinutesEditorProps) {
  const editorProps = useMemo(
    () => ({
      attributes: {
        id: editorId,
        class: 'minutes-editor__content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        'aria-readonly': readOnly ? 'true' : 'false',
        'data-testid': editorId,
        spellcheck: 'true',
      },
    }),
    [label, readOnly, editorId],
  );

  const editor = useEditor(
    {
      extensions: [
        ...richTextExtensions(),
        Collaboration.configure({ document: doc, field }),
        CollaborationCaret.configure({ provider, user: { name: user.name, color: user.color } }),
        ...extensions,
      ],
      editorProps,
      editable: !readOnly,
    },
    // A new document or provider needs a new editor; the user is updated in place below.
    [doc, provider, field],
  );

  // useEditor only re-reads its options when it has no deps, so a new label (language switch,
  // title loaded) is handed over here.
  useEffect(() => {
    if (!editor.isDestroyed && editor.options.editorProps !== editorProps) editor.setOptions({ editorProps });
    if (!editor.isDestroyed && editor.isEditable === readOnly) editor.setEditable(!readOnly);
  }, [editor, editorProps, readOnly]);

  // What `editor.commands.updateUser` does, without needing a mounted view: a renamed participant
  // shows up on the others' carets at once.
  useEffect(() => {
    provider.awareness.setLocalStateField('user', { name: user.name, color: user.color });
  }, [provider, user.name, user.color]);

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  return (
    <EditorFrame editor={editor} toolbar={!readOnly} controls={editorId}>
      <EditorContent editor={editor} />
    </EditorFrame>
  );
}
