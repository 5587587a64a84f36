import { useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditorState, type Editor } from '@tiptap/react';
import { safeHref } from '@dialogo/shared/safe-url';
import { Dialog } from '../../../components/Dialog.tsx';
import { isSuggesting } from '../suggestions/suggest-changes.ts';
import { SuggestionsPanel } from '../suggestions/SuggestionsPanel.tsx';

/** Heading levels offered (level 1 is the document's title). */
const HEADING_LEVELS = [2, 3, 4] as const;

/** Everything the toolbar shows about the selection, read on every transaction. */
function readState(e: Editor) {
  const can = () => e.can().chain();
  return {
    heading: HEADING_LEVELS.find((level) => e.isActive('heading', { level })) ?? 0,
    bold: e.isActive('bold'),
    italic: e.isActive('italic'),
    underline: e.isActive('underline'),
    strike: e.isActive('strike'),
    bulletList: e.isActive('bulletList'),
    orderedList: e.isActive('orderedList'),
    blockquote: e.isActive('blockquote'),
    link: e.isActive('link'),
    inTable: e.isActive('table'),
    canBold: can().toggleBold().run(),
    canItalic: can().toggleItalic().run(),
    canUnderline: can().toggleUnderline().run(),
    canStrike: can().toggleStrike().run(),
    canBulletList: can().toggleBulletList().run(),
    canOrderedList: can().toggleOrderedList().run(),
    canSink: can().sinkListItem('listItem').run(),
    canLift: can().liftListItem('listItem').run(),
    canBlockquote: can().toggleBlockquote().run(),
    canRule: can().setHorizontalRule().run(),
    canTable: can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
    canAddRow: can().addRowAfter().run(),
    canDeleteRow: can().deleteRow().run(),
    canAddColumn: can().addColumnAfter().run(),
    canDeleteColumn: can().deleteColumn().run(),
    canDeleteTable: can().deleteTable().run(),
    canUndo: can().undo().run(),
    canRedo: can().redo().run(),
    canClear: can().unsetAllMarks().clearNodes().run(),
    // A destroyed editor (the section or document just changed) has no extensions any more.
    canSuggest: !e.isDestroyed && !!e.extensionManager?.extensions.some((x) => x.name === 'suggestChanges'),
    suggesting: !e.isDestroyed && isSuggesting(e.state),
  };
}

type ToolbarState = ReturnType<typeof readState>;

interface ButtonSpec {
  key: string;
  /** Accessible name and tooltip. */
  label: string;
  /**
   * What is drawn; hidden from assistive technology, which reads the label. Either the label's
   * first letter or a symbol, so that what is seen is never at odds with the name (WCAG 2.5.3).
   */
  glyph: ReactNode;
  /** `aria-keyshortcuts` value (e.g. `Control+B`) when the action has a shortcut. */
  shortcut?: string;
  /** A toggle: reported with aria-pressed. */
  pressed?: boolean;
  enabled: boolean;
  run(): void;
}

interface GroupSpec {
  key: string;
  label: string;
  buttons: ButtonSpec[];
}

/** Props of {@link EditorFrame}. */
export interface EditorFrameProps {
  editor: Editor;
  /** Shows the formatting toolbar (not for people who may only read). */
  toolbar: boolean;
  /** `id` of the editable area the toolbar acts on. */
  controls: string;
  /** The document the text belongs to: its suggested changes are listed under the text. */
  docName?: string;
  children: ReactNode;
}

/**
 * An editor with its formatting toolbar, the same for every rich-text editor of the app (documents,
 * proposal sections, meeting minutes). Alt+F10 in the text moves to the toolbar and Escape in the
 * toolbar goes back; Ctrl+K (⌘K) opens the link dialog.
 */
export function EditorFrame({ editor, toolbar, controls, docName, children }: EditorFrameProps) {
  const [linkOpen, setLinkOpen] = useState(false);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!toolbar || toolbarRef.current?.contains(event.target as Node)) return;
    if (event.altKey && event.key === 'F10') {
      event.preventDefault();
      toolbarRef.current?.querySelector<HTMLElement>('[tabindex="0"]')?.focus();
    } else if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      setLinkOpen(true);
    }
  };
  return (
    <div className="minutes-editor" onKeyDown={handleKeyDown}>
      {toolbar && <Toolbar editor={editor} controls={controls} containerRef={toolbarRef} onLink={() => setLinkOpen(true)} />}
      {children}
      {toolbar && docName && <SuggestionsPanel editor={editor} docName={docName} />}
      {linkOpen && <LinkDialog editor={editor} onClose={() => setLinkOpen(false)} />}
    </div>
  );
}

/**
 * The formatting toolbar: text style (heading levels), marks, lists and indentation, link, table,
 * quote and rule, undo/redo, clear formatting. A WAI-ARIA toolbar: one tab stop, arrow keys (and
 * Home/End) move between controls, toggles report aria-pressed, unavailable actions are
 * aria-disabled but stay reachable so the arrow keys never skip a control.
 */
export function Toolbar({
  editor,
  controls,
  containerRef,
  onLink,
}: {
  editor: Editor;
  controls: string;
  containerRef?: RefObject<HTMLDivElement | null>;
  onLink(): void;
}) {
  const { t } = useTranslation();
  const state: ToolbarState | null = useEditorState({ editor, selector: ({ editor: e }) => readState(e) });
  const s = state ?? readState(editor);
  // Focus goes back to the text at once (the chain's own focus() waits for the next frame, and
  // what is typed meanwhile would land on the button), then the command runs on its selection.
  const run = (fn: (chain: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>) => () => {
    editor.view.focus();
    fn(editor.chain().scrollIntoView()).run();
  };

  const groups: GroupSpec[] = [
    {
      key: 'marks',
      label: t('editor.groups.marks'),
      buttons: [
        {
          key: 'bold',
          label: t('editor.bold'),
          glyph: t('editor.boldShort'),
          shortcut: 'Control+B',
          pressed: s.bold,
          enabled: s.canBold,
          run: run((c) => c.toggleBold()),
        },
        {
          key: 'italic',
          label: t('editor.italic'),
          glyph: t('editor.italicShort'),
          shortcut: 'Control+I',
          pressed: s.italic,
          enabled: s.canItalic,
          run: run((c) => c.toggleItalic()),
        },
        {
          key: 'underline',
          label: t('editor.underline'),
          glyph: t('editor.underlineShort'),
          shortcut: 'Control+U',
          pressed: s.underline,
          enabled: s.canUnderline,
          run: run((c) => c.toggleUnderline()),
        },
        {
          key: 'strike',
          label: t('editor.strike'),
          glyph: t('editor.strikeShort'),
          shortcut: 'Control+Shift+S',
          pressed: s.strike,
          enabled: s.canStrike,
          run: run((c) => c.toggleStrike()),
        },
      ],
    },
    {
      key: 'lists',
      label: t('editor.groups.lists'),
      buttons: [
        {
          key: 'bulletList',
          label: t('editor.bulletList'),
          glyph: '•',
          shortcut: 'Control+Shift+8',
          pressed: s.bulletList,
          enabled: s.canBulletList,
          run: run((c) => c.toggleBulletList()),
        },
        {
          key: 'orderedList',
          label: t('editor.orderedList'),
          glyph: <NumberedListIcon />,
          shortcut: 'Control+Shift+7',
          pressed: s.orderedList,
          enabled: s.canOrderedList,
          run: run((c) => c.toggleOrderedList()),
        },
        { key: 'outdent', label: t('editor.outdent'), glyph: '⇤', shortcut: 'Shift+Tab', enabled: s.canLift, run: run((c) => c.liftListItem('listItem')) },
        { key: 'indent', label: t('editor.indent'), glyph: '⇥', shortcut: 'Tab', enabled: s.canSink, run: run((c) => c.sinkListItem('listItem')) },
      ],
    },
    {
      key: 'insert',
      label: t('editor.groups.insert'),
      buttons: [
        { key: 'link', label: t('editor.link'), glyph: <LinkIcon />, shortcut: 'Control+K', pressed: s.link, enabled: true, run: onLink },
        {
          key: 'blockquote',
          label: t('editor.blockquote'),
          glyph: '❝',
          shortcut: 'Control+Shift+B',
          pressed: s.blockquote,
          enabled: s.canBlockquote,
          run: run((c) => c.toggleBlockquote()),
        },
        { key: 'horizontalRule', label: t('editor.horizontalRule'), glyph: '―', enabled: s.canRule, run: run((c) => c.setHorizontalRule()) },
      ],
    },
    {
      key: 'table',
      label: t('editor.groups.table'),
      buttons: [
        {
          key: 'insertTable',
          label: t('editor.insertTable'),
          glyph: '▦',
          enabled: s.canTable && !s.inTable,
          run: run((c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true })),
        },
        { key: 'addRow', label: t('editor.addRow'), glyph: '▤+', enabled: s.canAddRow, run: run((c) => c.addRowAfter()) },
        { key: 'deleteRow', label: t('editor.deleteRow'), glyph: '▤−', enabled: s.canDeleteRow, run: run((c) => c.deleteRow()) },
        { key: 'addColumn', label: t('editor.addColumn'), glyph: '▥+', enabled: s.canAddColumn, run: run((c) => c.addColumnAfter()) },
        { key: 'deleteColumn', label: t('editor.deleteColumn'), glyph: '▥−', enabled: s.canDeleteColumn, run: run((c) => c.deleteColumn()) },
        { key: 'deleteTable', label: t('editor.deleteTable'), glyph: '▦×', enabled: s.canDeleteTable, run: run((c) => c.deleteTable()) },
      ],
    },
    {
      key: 'history',
      label: t('editor.groups.history'),
      buttons: [
        { key: 'undo', label: t('editor.undo'), glyph: '↶', shortcut: 'Control+Z', enabled: s.canUndo, run: run((c) => c.undo()) },
        { key: 'redo', label: t('editor.redo'), glyph: '↷', shortcut: 'Control+Shift+Z', enabled: s.canRedo, run: run((c) => c.redo()) },
        { key: 'clear', label: t('editor.clearFormatting'), glyph: '⌫', enabled: s.canClear, run: run((c) => c.unsetAllMarks().clearNodes()) },
      ],
    },
    ...(s.canSuggest
      ? [
          {
            key: 'review',
            label: t('suggestions.groupLabel', { ns: 'editor' }),
            buttons: [
              {
                key: 'suggest',
                label: t('suggestions.mode', { ns: 'editor' }),
                glyph: '✎',
                pressed: s.suggesting,
                enabled: true,
                run: run((c) => c.toggleSuggesting()),
              },
            ],
          },
        ]
      : []),
  ];

  // The roving tab stop: the index among every control (the text-style select is number 0).
  const count = 1 + groups.reduce((n, g) => n + g.buttons.length, 0);
  const [focusIndex, setFocusIndex] = useState(0);
  const refs = useRef<(HTMLElement | null)[]>([]);
  const moveFocus = (index: number) => {
    const next = (index + count) % count;
    setFocusIndex(next);
    refs.current[next]?.focus();
  };
  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      editor.view.focus();
      return;
    }
    const moves: Record<string, number> = { ArrowRight: focusIndex + 1, ArrowLeft: focusIndex - 1, Home: 0, End: count - 1 };
    const target = moves[event.key];
    if (target === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault(); // also keeps a closed select from changing with Left/Right
    moveFocus(target);
  };
  const register = (index: number) => (el: HTMLElement | null) => {
    refs.current[index] = el;
  };
  const stop = (index: number) => ({ tabIndex: index === focusIndex ? 0 : -1, onFocus: () => setFocusIndex(index) });

  const setTextStyle = (value: string) => {
    const level = Number(value);
    // Focus stays on the select, so Up/Down keep trying levels.
    if (level === 0) editor.chain().setParagraph().run();
    else
      editor
        .chain()
        .setHeading({ level: level as 2 | 3 | 4 })
        .run();
  };

  let index = 1;
  return (
    <div ref={containerRef} className="toolbar" role="toolbar" aria-label={t('editor.toolbar')} aria-controls={controls} onKeyDown={handleKeyDown}>
      <div className="toolbar__group" role="group" aria-label={t('editor.groups.style')}>
        <select
          ref={register(0)}
          className="toolbar__select"
          aria-label={t('editor.textStyle')}
          title={`${t('editor.textStyle')} (Ctrl+Alt+0…4)`}
          value={String(s.heading)}
          onChange={(event) => setTextStyle(event.target.value)}
          {...stop(0)}
        >
          <option value="0">{t('editor.paragraph')}</option>
          {HEADING_LEVELS.map((level) => (
            <option key={level} value={String(level)}>
              {t('editor.headingLevel', { level })}
            </option>
          ))}
        </select>
      </div>
      {groups.map((group) => (
        <div key={group.key} className="toolbar__group" role="group" aria-label={group.label}>
          {group.buttons.map((button) => {
            const i = index++;
            const title = button.shortcut ? `${button.label} (${button.shortcut.replace('Control', 'Ctrl')})` : button.label;
            return (
              <button
                key={button.key}
                ref={register(i)}
                type="button"
                className={`toolbar__button toolbar__button--${button.key}`}
                aria-label={button.label}
                title={title}
                aria-keyshortcuts={button.shortcut}
                aria-pressed={button.pressed === undefined ? undefined : button.pressed}
                aria-disabled={button.enabled ? undefined : true}
                data-action={button.key}
                onClick={() => {
                  if (button.enabled) button.run();
                }}
                {...stop(i)}
              >
                <span aria-hidden="true">{button.glyph}</span>
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}

/** "1. 2. 3." beside three lines, drawn: digits as text would not be part of the button's name. */
function NumberedListIcon() {
  return (
    <svg
      className="toolbar__icon"
      viewBox="0 0 20 20"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeLinecap="round"
      strokeLinejoin="round"
      focusable="false"
    >
      <path strokeWidth="1.3" d="M2.6 3.4l1-0.9v4.2M2.2 9.2q1.3-1.4 2.5 0q0.2 0.9-2.5 3h2.7M2.2 14h2.4l-1.2 1.4q1.6 0 1.3 1.4q-0.5 1.2-2.5 0.5" />
      <path strokeWidth="2" d="M8 4.5h10M8 10.5h10M8 16.5h10" />
    </svg>
  );
}

/** Two chain links (an emoji would depend on the system's fonts). */
function LinkIcon() {
  return (
    <svg
      className="toolbar__icon"
      viewBox="0 0 20 20"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      focusable="false"
    >
      <path d="M8.5 11.5a3.5 3.5 0 0 0 5 0l2.5-2.5a3.5 3.5 0 0 0-5-5l-1 1M11.5 8.5a3.5 3.5 0 0 0-5 0L4 11a3.5 3.5 0 0 0 5 5l1-1" />
    </svg>
  );
}

/**
 * Inserts, changes or removes the link at the selection. Only web and mail addresses are accepted
 * (the rule the server applies to published pages and exports); anything else is refused here
 * with a message, and the link extension would refuse it too.
 */
function LinkDialog({ editor, onClose }: { editor: Editor; onClose(): void }) {
  const { t } = useTranslation();
  const current = (editor.getAttributes('link').href as string | undefined) ?? '';
  const [href, setHref] = useState(current);
  const [error, setError] = useState(false);
  // The selection when the dialog opened: the text loses focus to the dialog, and the browser may
  // move the caret when it gets it back.
  const [range] = useState(() => ({ from: editor.state.selection.from, to: editor.state.selection.to }));
  const hasText = range.from !== range.to || editor.isActive('link');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const safe = safeHref(href);
    if (!safe) {
      setError(true);
      return;
    }
    onClose();
    const chain = editor.chain().focus().setTextSelection(range).extendMarkRange('link');
    if (hasText) chain.setLink({ href: safe }).run();
    // Nothing selected: the address itself becomes the linked text.
    else chain.insertContent({ type: 'text', text: safe, marks: [{ type: 'link', attrs: { href: safe } }] }).run();
  };
  const remove = () => {
    onClose();
    editor.chain().focus().setTextSelection(range).extendMarkRange('link').unsetLink().run();
  };
  return (
    <Dialog title={current ? t('editor.linkEdit') : t('editor.linkInsert')} onClose={onClose} testId="link-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="link-href">{t('editor.linkAddress')}</label>
          <input
            id="link-href"
            type="url"
            inputMode="url"
            value={href}
            onChange={(event) => {
              setHref(event.target.value);
              setError(false);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'link-href-error link-href-hint' : 'link-href-hint'}
          />
          <p id="link-href-hint" className="field__hint">
            {t('editor.linkHint')}
          </p>
          {error && (
            <p id="link-href-error" className="field__error" role="alert" data-testid="link-error">
              {t('editor.linkUnsafe')}
            </p>
          )}
        </div>
        <div className="form__actions">
          {current && (
            <button type="button" className="button button--danger-outline" onClick={remove}>
              {t('editor.linkRemove')}
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary">
            {t('editor.linkApply')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
