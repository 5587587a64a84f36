import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocUndo } from '../lib/use-doc-undo.ts';
import './undo-controls.css';

/** How long a deletion notice stays, unless the pointer or the focus is on it. */
const NOTICE_MS = 8000;

/**
 * The visible Undo and Redo buttons of a {@link DocUndo} history, as a named group: they undo and
 * redo this person's own changes only. `label` names what they act on ("Your changes to the
 * agenda"). A polite status says what was undone or redone.
 */
export function UndoButtons({
  undo,
  label,
  showLabel = false,
}: {
  undo: DocUndo;
  label: string;
  /** Shows `label` before the buttons. */ showLabel?: boolean;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  return (
    <div className="undo-buttons" role="group" {...(showLabel ? { 'aria-labelledby': labelId } : { 'aria-label': label })} data-testid="undo-buttons">
      {showLabel && (
        <span id={labelId} className="undo-buttons__label">
          {label}
        </span>
      )}
      <button
        type="button"
        className="button button--small"
        disabled={!undo.canUndo}
        onClick={undo.undo}
        aria-keyshortcuts="Control+Z"
        title={t('undo.undoHint')}
      >
        <span aria-hidden="true">↶ </span>
        {t('undo.undo')}
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={!undo.canRedo}
        onClick={undo.redo}
        aria-keyshortcuts="Control+Shift+Z Control+Y"
        title={t('undo.redoHint')}
      >
        <span aria-hidden="true">↷ </span>
        {t('undo.redo')}
      </button>
      <span className="visually-hidden" role="status" data-testid="undo-status">
        {undo.done ? <span key={undo.done.key}>{t(undo.done.what === 'undone' ? 'undo.undone' : 'undo.redone')}</span> : null}
      </span>
    </div>
  );
}

/**
 * The notice after a deletion: what went, and an Undo button that brings it back with its content,
 * for a few seconds (as long as the pointer or the focus is on it). A polite live region, always in
 * the page so that what appears in it is read out. When the deleted element had the focus, the
 * focus goes to the Undo button instead of being lost.
 */
export function UndoNotice({ undo }: { undo: DocUndo }) {
  const { t } = useTranslation();
  const { notice, dismiss } = undo;
  const [held, setHeld] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!notice || held) return;
    const timer = setTimeout(dismiss, NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, held, dismiss]);

  useEffect(() => {
    if (!notice) return;
    // The button that deleted went with its row: the focus would fall back to the page.
    requestAnimationFrame(() => {
      if (document.activeElement === document.body || document.activeElement === null) buttonRef.current?.focus();
    });
  }, [notice?.key]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!notice) setHeld(false);
  }, [notice]);

  return (
    <div
      className={`undo-notice${notice ? ' undo-notice--shown' : ''}`}
      role="status"
      aria-live="polite"
      data-testid="undo-notice"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setHeld(false);
      }}
    >
      {notice && (
        <span key={notice.key} className="undo-notice__body">
          <span className="undo-notice__message">{notice.message}</span>
          <button
            ref={buttonRef}
            type="button"
            className="button button--small undo-notice__button"
            onClick={() => {
              undo.undo();
              dismiss();
            }}
          >
            {t('undo.undo')}
          </button>
        </span>
      )}
    </div>
  );
}
