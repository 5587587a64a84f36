import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorContent, type Editor, type Extensions } from '@tiptap/react';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { textCount } from '@dialogo/shared';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import type { Participant } from '../../../lib/participant.ts';
import { EditorFrame } from './Toolbar.tsx';
import { useCollabEditor } from '../hooks/use-collab-editor.ts';
import '../editor.css';

/** A paste this many times over the text's limit is asked about before it lands. */
const PASTE_WARNING_FACTOR = 3;

/** Props of {@link CollabEditor}. */
export interface CollabEditorProps {
  /** The Y.XmlFragment the text lives in (a document's body, a proposal's section, an agenda item's description...). */
  fragment: Y.XmlFragment;
  /** The document's connection: carets travel on its awareness, its room names the document. */
  provider: WebsocketProvider;
  /** Shown to the others on this participant's caret. */
  user: Participant;
  /** Accessible name of the editable area. */
  label: string;
  /** The person may read but not change it: no toolbar, no typing (the server refuses it too). */
  readOnly?: boolean;
  /** Extensions other features add (comment highlights, decisions...); read when the editor is made. */
  extensions?: Extensions;
  /**
   * Shows the formatting toolbar (never when read-only).
   * @default true
   */
  toolbar?: boolean;
  /**
   * `@` opens the list of people to mention (not when read-only).
   * @default true
   */
  mentions?: boolean;
  /**
   * The person may switch to suggesting changes instead of editing (not when read-only).
   * @default true
   */
  suggestions?: boolean;
  /**
   * `id` of the editable area (the toolbar names it).
   * @default a generated id
   */
  editorId?: string;
  /** `data-testid` of the editable area; absent, none. */
  testId?: string;
  /** More classes of the editable area. */
  className?: string;
  /** Sets `spellcheck="true"` on the editable area. */
  spellcheck?: boolean;
  /** The text's limit (a proposal section's): a paste three times over it is asked about first. */
  limit?: { max: number; unit: 'words' | 'characters' };
  /** Hands the editor to the page, for tools that work on its text and selection (comments anchor on it). */
  onEditor?(editor: Editor | null): void;
  /** Buttons shown under the text that act on its editor. */
  actions?: (editor: Editor) => ReactNode;
}

/**
 * The one collaborative rich-text editor: a Tiptap editor bound to a Y.XmlFragment
 * (`useCollabEditor`) inside the frame with its toolbar, the paste-limit question, and what the
 * page adds around it. A document's body, a proposal's sections, the minutes' sections and agenda
 * descriptions all use it, configured by props.
 */
export function CollabEditor({
  fragment,
  provider,
  user,
  label,
  readOnly = false,
  extensions = [],
  toolbar = true,
  mentions = true,
  suggestions = true,
  editorId,
  testId,
  className = '',
  spellcheck = false,
  limit,
  onEditor,
  actions,
}: CollabEditorProps) {
  const { t } = useTranslation('editor');
  const generatedId = useId();
  const id = editorId ?? generatedId;
  const [heldPaste, setHeldPaste] = useState<{ size: number; paste: () => void } | null>(null);
  const onPaste = useCallback(
    (text: string, paste: () => void) => {
      if (!limit) return false;
      const counted = textCount(text);
      const size = limit.unit === 'characters' ? counted.characters : counted.words;
      if (size <= PASTE_WARNING_FACTOR * limit.max) return false;
      setHeldPaste({ size, paste });
      return true;
    },
    [limit],
  );
  const attributes = useMemo(
    () => ({
      id,
      class: className ? `minutes-editor__content ${className}` : 'minutes-editor__content',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': label,
      'aria-readonly': readOnly ? 'true' : 'false',
      ...(testId ? { 'data-testid': testId } : {}),
      ...(spellcheck ? { spellcheck: 'true' } : {}),
    }),
    [id, className, label, readOnly, testId, spellcheck],
  );
  const editor = useCollabEditor({ fragment, provider, user, readOnly, extensions, attributes, onPaste, mentions, suggestions });

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  return (
    <EditorFrame editor={editor} toolbar={toolbar && !readOnly} controls={id} docName={provider.roomname}>
      <EditorContent editor={editor} />
      {actions?.(editor)}
      {heldPaste && limit && (
        <ConfirmDialog
          title={t('paste.title')}
          body={t(`paste.body_${limit.unit}`, { size: heldPaste.size, max: limit.max })}
          confirmLabel={t('paste.confirm')}
          onConfirm={heldPaste.paste}
          onClose={() => {
            setHeldPaste(null);
            editor.commands.focus();
          }}
          testId="paste-dialog"
        />
      )}
    </EditorFrame>
  );
}
