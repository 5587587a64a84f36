import { useEffect, useId, useMemo, type ReactNode } from 'react';
import { EditorContent, useEditor, type Editor, type Extensions } from '@tiptap/react';
import { richTextExtensions } from '@dialogo/shared/rich-text';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Participant } from '../../../lib/participant.ts';
import { EditorFrame } from '../../editor/components/Toolbar.tsx';

/** Props of {@link RichTextField}. */
export interface RichTextFieldProps {
  fragment: Y.XmlFragment;
  provider: WebsocketProvider;
  user: Participant;
  /** Accessible name of the editable area. */
  label: string;
  readOnly?: boolean;
  /** More Tiptap nodes (the minutes' decisions and action items). */
  extensions?: Extensions;
  testId?: string;
  /** Shows the formatting toolbar. */
  toolbar?: boolean;
  className?: string;
  /** Buttons shown under the field that act on its editor. */
  actions?: (editor: Editor) => ReactNode;
}

/**
 * A rich-text field bound to one Y.XmlFragment of a shared document: an agenda item's description,
 * a section of the minutes. Several of them share one document and one provider; each shows the
 * carets of the people writing in it. The same schema (`richTextExtensions`) and toolbar as the
 * document editor.
 */
export function RichTextField({ fragment, provider, user, label, readOnly = false, extensions = [], testId, toolbar = false, className = '', actions }: RichTextFieldProps) {
  const editorId = useId();
  const editorProps = useMemo(
    () => ({
      attributes: {
        id: editorId,
        class: `minutes-editor__content ${className}`,
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        'aria-readonly': readOnly ? 'true' : 'false',
        ...(testId ? { 'data-testid': testId } : {}),
      },
    }),
    [label, readOnly, testId, className, editorId],
  );
  const editor = useEditor(
    {
      extensions: [
        ...richTextExtensions(),
        Collaboration.configure({ fragment }),
        CollaborationCaret.configure({ provider, user: { name: user.name, color: user.color } }),
        ...extensions,
      ],
      editorProps,
      editable: !readOnly,
    },
    [fragment, provider],
  );
  useEffect(() => {
    if (!editor.isDestroyed && editor.options.editorProps !== editorProps) editor.setOptions({ editorProps });
    if (!editor.isDestroyed && editor.isEditable === readOnly) editor.setEditable(!readOnly);
  }, [editor, editorProps, readOnly]);
  return (
    <EditorFrame editor={editor} toolbar={toolbar && !readOnly} controls={editorId}>
      <EditorContent editor={editor} />
      {actions?.(editor)}
    </EditorFrame>
  );
}
