import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditorState, type Editor } from '@tiptap/react';

/** The section headings of minutes are level 2 (level 1 is the document title). */
const HEADING_LEVEL = 2;

/**
 * Bold, italic, heading and bullet list. A WAI-ARIA toolbar: one tab stop, arrow keys move between
 * buttons, and each button reports its state with aria-pressed.
 */
export function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      heading: e.isActive('heading', { level: HEADING_LEVEL }),
      bulletList: e.isActive('bulletList'),
    }),
  });
  const buttons = [
    { key: 'bold', label: t('editor.bold'), glyph: t('editor.boldShort'), run: () => editor.chain().focus().toggleBold().run() },
    { key: 'italic', label: t('editor.italic'), glyph: t('editor.italicShort'), run: () => editor.chain().focus().toggleItalic().run() },
    {
      key: 'heading',
      label: t('editor.heading'),
      glyph: t('editor.headingShort'),
      run: () => editor.chain().focus().toggleHeading({ level: HEADING_LEVEL }).run(),
    },
    {
      key: 'bulletList',
      label: t('editor.bulletList'),
      glyph: t('editor.bulletListShort'),
      run: () => editor.chain().focus().toggleBulletList().run(),
    },
  ] as const;

  const [focusIndex, setFocusIndex] = useState(0);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const moveFocus = (index: number) => {
    const next = (index + buttons.length) % buttons.length;
    setFocusIndex(next);
    refs.current[next]?.focus();
  };
  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowRight: focusIndex + 1, ArrowLeft: focusIndex - 1, Home: 0, End: buttons.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    moveFocus(target);
  };

  return (
    <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')} aria-controls="minutes-editor" onKeyDown={handleKeyDown}>
      {buttons.map((button, index) => (
        <button
          key={button.key}
          ref={(el) => {
            refs.current[index] = el;
          }}
          type="button"
          className={`toolbar__button toolbar__button--${button.key}`}
          aria-label={button.label}
          title={button.label}
          aria-pressed={active?.[button.key] ?? false}
          tabIndex={index === focusIndex ? 0 : -1}
          onFocus={() => setFocusIndex(index)}
          onClick={button.run}
        >
          <span aria-hidden="true">{button.glyph}</span>
        </button>
      ))}
    </div>
  );
}
