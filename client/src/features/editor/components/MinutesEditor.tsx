import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { textCount } from '@dialogo/shared';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { EditorContent } from '@tiptap/react';
import type { Editor, Extensions } from '@tiptap/core';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { DocShape } from '@dialogo/shared';
import type { Participant } from '../../../lib/participant.ts';
import { EditorFrame } from './Toolbar.tsx';
import { useCollabEditor } from '../hooks/use-collab-editor.ts';

/** A paste this many times over the text's limit is asked about before it lands. */
const PASTE_WARNING_FACTOR = 3;

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
  /** The text's limit (a proposal section's): a paste three times over it is asked about first. */
  limit?: { max: number; unit: 'words' | 'characters' };
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
export function MinutesEditor({ doc, provider, user, label, readOnly = false, extensions = [], onEditor, field = DocShape.body, editorId = 'minutes-editor', limit }: MinutesEditorProps) {
  const { t } = useTranslation('editor');
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
  const editor = useCollabEditor({ fragment, provider, user, readOnly, extensions, attributes, onPaste });

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  return (
    <EditorFrame editor={editor} toolbar={!readOnly} controls={editorId} docName={provider.roomname}>
      <EditorContent editor={editor} />
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
