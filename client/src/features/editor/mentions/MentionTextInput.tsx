import { useEffect, useMemo, useRef } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Mention } from '@tiptap/extension-mention';
import { MENTION_NODE, type CommentAuthor } from '@dialogo/shared';
import { mentionSuggestion } from './suggestion.ts';
import './mentions.css';

/** What a short text with mentions holds: the words (mentions as `@Name`) and who it names. */
export interface MentionText {
  body: string;
  mentions: string[];
}

/** Props of {@link MentionTextInput}. */
export interface MentionTextInputProps {
  id: string;
  value: MentionText;
  onChange(value: MentionText): void;
  /** The document the text is about: `@` offers its readers. */
  docName: string;
  /** Who may be mentioned (already loaded by the page). */
  people: CommentAuthor[];
  maxLength: number;
  disabled?: boolean;
  /** The id of the `<label>` naming the field. */
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
}

const read = (editor: Editor): MentionText => {
  const mentions = new Set<string>();
  editor.state.doc.descendants((node) => {
    if (node.type.name === MENTION_NODE && typeof node.attrs.id === 'string') mentions.add(node.attrs.id);
  });
  return { body: editor.getText({ blockSeparator: '\n' }), mentions: [...mentions] };
};

/**
 * A few lines of plain text where `@` mentions people, as in the document's editor (the same list
 * and keys): a comment or a reply. It behaves like a text area for the rest (Enter makes a new
 * line) and reports the text with each mention as `@Name` plus the ids of those mentioned.
 */
export function MentionTextInput({
  id,
  value,
  onChange,
  docName,
  people,
  maxLength,
  disabled = false,
  labelledBy,
  describedBy,
  invalid,
}: MentionTextInputProps) {
  const peopleRef = useRef(people);
  peopleRef.current = people;
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const attributes = useMemo(
    () => ({
      id,
      class: 'mention-text-input',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-labelledby': labelledBy,
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      ...(invalid ? { 'aria-invalid': 'true' } : {}),
      ...(disabled ? { 'aria-disabled': 'true' } : {}),
    }),
    [id, labelledBy, describedBy, invalid, disabled],
  );
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({
          blockquote: false,
          bold: false,
          bulletList: false,
          code: false,
          codeBlock: false,
          heading: false,
          horizontalRule: false,
          italic: false,
          link: false,
          listItem: false,
          listKeymap: false,
          orderedList: false,
          strike: false,
          underline: false,
        }),
        Mention.extend({ name: MENTION_NODE }).configure({
          HTMLAttributes: { class: 'mention' },
          suggestion: mentionSuggestion(docName, () => peopleRef.current),
        }),
      ],
      editorProps: { attributes },
      editable: !disabled,
      onUpdate: ({ editor: e }) => {
        const next = read(e);
        // Past the limit, the last input is taken back rather than cut silently later.
        if (next.body.length > maxLength) e.commands.undo();
        else onChangeRef.current(next);
      },
    },
    [docName],
  );
  useEffect(() => {
    if (!editor.isDestroyed) editor.setOptions({ editorProps: { attributes } });
    if (!editor.isDestroyed && editor.isEditable === disabled) editor.setEditable(!disabled);
  }, [editor, attributes, disabled]);
  // Cleared by the form after sending.
  useEffect(() => {
    if (value.body === '' && !editor.isDestroyed && !editor.isEmpty) editor.commands.clearContent();
  }, [editor, value.body]);
  return <EditorContent editor={editor} />;
}
