import type { ReactNode } from 'react';
import type { Editor, Extensions } from '@tiptap/react';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Participant } from '../../../lib/participant.ts';
import { CollabEditor } from '../../editor/components/CollabEditor.tsx';

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
 * carets of the people writing in it. The same {@link CollabEditor} as the document editor, its
 * toolbar shown only when asked.
 */
export function RichTextField({
  fragment,
  provider,
  user,
  label,
  readOnly = false,
  extensions,
  testId,
  toolbar = false,
  className,
  actions,
}: RichTextFieldProps) {
  return (
    <CollabEditor
      fragment={fragment}
      provider={provider}
      user={user}
      label={label}
      readOnly={readOnly}
      extensions={extensions}
      toolbar={toolbar}
      testId={testId}
      className={className}
      actions={actions}
    />
  );
}
