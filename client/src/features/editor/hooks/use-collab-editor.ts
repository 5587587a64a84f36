import { useEffect, useMemo, useRef } from 'react';
import type { EditorView } from '@tiptap/pm/view';
import type { Slice } from '@tiptap/pm/model';
import { useEditor, type Editor, type Extensions } from '@tiptap/react';
import { richTextExtensions } from '@dialogo/shared/rich-text';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Participant } from '../../../lib/participant.ts';
import { mentionSuggestion } from '../mentions/suggestion.ts';
import '../mentions/mentions.css';
import { cleanPastedHtml } from '../paste/office-html.ts';
import { SuggestChanges } from '../suggestions/suggest-changes.ts';
import '../suggestions/suggestions.css';
import { LongDocument } from '../long-document.ts';
import { useMe } from '../../auth/session.tsx';

/** Past this many characters a paste skips the paste rules and autolinking (see handlePaste). */
const LARGE_PASTE_CHARS = 20_000;

/** What every collaborative rich-text area is made of. */
export interface CollabEditorOptions {
  /** The Y.XmlFragment the text lives in (a document's body, an agenda item's section...). */
  fragment: Y.XmlFragment;
  /** The document's connection: carets travel on its awareness, its room names the document. */
  provider: WebsocketProvider;
  /** Shown to the others on this participant's caret. */
  user: Participant;
  readOnly: boolean;
  /** Extensions other features add (comment highlights, decisions...); read when the editor is made. */
  extensions: Extensions;
  /** Attributes of the editable element (its name, role, test id). */
  attributes: Record<string, string>;
  /**
   * Asked before a paste: return true to hold it (the page asks the person, then calls `paste`).
   * Used where the text has a limit (a proposal section) and a paste is many times over it.
   */
  onPaste?(text: string, paste: () => void): boolean;
  /**
   * `@` opens the list of people who may read the document (when editable).
   * @default true
   */
  mentions?: boolean;
  /**
   * Suggesting instead of editing can be switched on (when editable).
   * @default true
   */
  suggestions?: boolean;
}

/**
 * One Tiptap editor bound to a Y.XmlFragment: the shared schema, carets of the others, `@` to
 * mention the people who may read the document (the server tells them), paste from Word and
 * Google Docs, suggesting instead of editing (track changes), and the Collaboration extension's undo, which only undoes this participant's own
 * edits.
 */
export function useCollabEditor({
  fragment,
  provider,
  user,
  readOnly,
  extensions,
  attributes,
  onPaste,
  mentions = true,
  suggestions = true,
}: CollabEditorOptions): Editor {
  const me = useMe();
  const onPasteRef = useRef(onPaste);
  onPasteRef.current = onPaste;
  const editorProps = useMemo(
    () => ({
      attributes,
      transformPastedHTML: cleanPastedHtml,
      handlePaste: (view: EditorView, _event: ClipboardEvent, slice: Slice) => {
        const text = slice.content.textBetween(0, slice.content.size, '\n', ' ');
        const large = text.length > LARGE_PASTE_CHARS;
        // A large paste goes in as a plain insertion: paste rules (Markdown marks typed in the
        // pasted text) and linkifying every word would scan all of it while the page is blocked
        // (1.3 s of a 2 MB paste's 3 s); links the pasted HTML carries are kept.
        const paste = () =>
          view.dispatch(
            large
              ? view.state.tr.replaceSelection(slice).scrollIntoView().setMeta('paste', true).setMeta('preventAutolink', true)
              : view.state.tr.replaceSelection(slice).scrollIntoView(),
          );
        if (onPasteRef.current?.(text, paste)) return true;
        if (!large) return false;
        paste();
        return true;
      },
    }),
    [attributes],
  );
  const editor = useEditor(
    {
      extensions: [
        ...richTextExtensions(readOnly || !mentions ? {} : { mentionSuggestion: mentionSuggestion(provider.roomname) }),
        ...(readOnly || !suggestions ? [] : [SuggestChanges.configure({ personId: me.person.id })]),
        Collaboration.configure({ fragment }),
        LongDocument,
        CollaborationCaret.configure({ provider, user: { name: user.name, color: user.color } }),
        ...extensions,
      ],
      editorProps,
      editable: !readOnly,
    },
    // A new fragment or provider needs a new editor, and so does a change of rights: they decide
    // the extensions (mentions, suggesting), and rights often arrive after the editor was made
    // read-only (a room's section toolbar then lacked "Suggest changes"). The rest is updated in place below.
    [fragment, provider, readOnly],
  );

  // useEditor only re-reads its options when it has no deps, so a new label (language switch,
  // title loaded) or a change of rights is handed over here.
  useEffect(() => {
    if (!editor.isDestroyed && editor.options.editorProps !== editorProps) editor.setOptions({ editorProps });
    if (!editor.isDestroyed && editor.isEditable === readOnly) editor.setEditable(!readOnly);
  }, [editor, editorProps, readOnly]);

  // What `editor.commands.updateUser` does, without needing a mounted view: a renamed participant
  // shows up on the others' carets at once.
  useEffect(() => {
    provider.awareness.setLocalStateField('user', { name: user.name, color: user.color });
  }, [provider, user.name, user.color]);

  return editor;
}
