import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, type ClientErrorCode } from '../lib/api.ts';
import { Dialog } from './Dialog.tsx';

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  /** The question, which names the dialog: "Approve the minutes?". */
  title: string;
  /** What will happen, and that it cannot be undone (or how it can). */
  body: ReactNode;
  /** The label of the confirming button: the action itself ("Approve"), never "OK". */
  confirmLabel: string;
  /** Runs the action; the dialog stays open (busy) until it settles and shows its error if it fails. */
  onConfirm(): Promise<unknown> | unknown;
  /** Cancel, Escape, or done: the parent stops rendering the dialog (focus returns to the opener). */
  onClose(): void;
  /** A destructive action (red button). */
  danger?: boolean;
  testId?: string;
}

/**
 * Asks before an irreversible action (approving minutes, ending a meeting, closing a poll early,
 * submitting a proposal, revoking a published link). A native modal `<dialog>` ({@link Dialog}):
 * focus moves to Cancel, the safe choice, Escape cancels, and focus returns to the button that
 * opened it when it closes.
 */
export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onClose, danger = false, testId = 'confirm-dialog' }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ClientErrorCode | null>(null);

  useEffect(() => {
    cancelRef.current?.focus();
  }, []);

  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setFailure(errorCode(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} onClose={() => !busy && onClose()} testId={testId}>
      <div className="confirm-dialog__body">{typeof body === 'string' ? <p>{body}</p> : body}</div>
      {failure && (
        <p role="alert" className="form__error">
          {t(`errors.${failure}`)}
        </p>
      )}
      <div className="form__actions">
        <button ref={cancelRef} type="button" className="button" onClick={onClose} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className={danger ? 'button button--danger' : 'button button--primary'}
          onClick={() => void confirm()}
          disabled={busy}
          aria-busy={busy}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
