import { useId, useMemo, type ReactNode } from 'react';
import { EditorContent, type Editor, type Extensions } from '@tiptap/react';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Participant } from '../../../lib/participant.ts';
import { EditorFrame } from '../../editor/components/Toolbar.tsx';
import { useCollabEditor } from '../../editor/hooks/use-collab-editor.ts';

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
 * carets of the people writing in it. The same editor (`useCollabEditor`) and toolbar as the
 * document editor.
 */
export function RichTextField({ fragment, provider, user, label, readOnly = false, extensions = [], testId, toolbar = false, className = '', actions }: RichTextFieldProps) {
  const editorId = useId();
  const attributes = useMemo(
    () => ({
      id: editorId,
      class: `minutes-editor__content ${className}`,
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': label,
      'aria-readonly': readOnly ? 'true' : 'false',
      ...(testId ? { 'data-testid': testId } : {}),
    }),
    [label, readOnly, testId, className, editorId],
  );
  const editor = useCollabEditor({ fragment, provider, user, readOnly, extensions, attributes });
  return (
    <EditorFrame editor={editor} toolbar={toolbar && !readOnly} controls={editorId} docName={provider.roomname}>
      <EditorContent editor={editor} />
      {actions?.(editor)}
    </EditorFrame>
  );
}
