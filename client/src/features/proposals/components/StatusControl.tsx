import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUS_TRANSITIONS, type ProposalStatus } from '@dialogo/shared';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';

/** Props of {@link StatusControl}. */
export interface StatusControlProps {
  status: ProposalStatus;
  /** The lead city's delegates and coordinators may move it. */
  canManage: boolean;
  onMove(status: ProposalStatus): Promise<void>;
}

/** Statuses that lock the proposal (read-only for everyone) or decide it: asked before moving. */
const ASKED_FIRST = ['submitted', 'funded', 'rejected'] as const;
type AskedFirst = (typeof ASKED_FIRST)[number];
const askedFirst = (s: ProposalStatus): s is AskedFirst => (ASKED_FIRST as readonly ProposalStatus[]).includes(s);

/** The proposal's status, and for those who may, the next steps of its workflow. */
export function StatusControl({ status, canManage, onMove }: StatusControlProps) {
  const { t } = useTranslation('proposals');
  const id = useId();
  const next = STATUS_TRANSITIONS[status];
  const [choice, setChoice] = useState<ProposalStatus | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ClientErrorCode | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const selected = choice && next.includes(choice) ? choice : (next[0] ?? '');

  /** The status waiting for confirmation: submitting, and deciding funded or rejected, are asked first. */
  const [confirming, setConfirming] = useState<AskedFirst | null>(null);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!selected) return;
    if (askedFirst(selected)) {
      setConfirming(selected);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onMove(selected);
      setChoice('');
      setAnnouncement(t('status.moved', { status: t(`status.${selected}`) }));
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="proposal-status-control">
      <p>
        {t('status.label')}:{' '}
        <span className={`badge proposal-status proposal-status--${status}`} data-testid="proposal-status">
          {t(`status.${status}`)}
        </span>
      </p>
      {canManage && next.length > 0 && (
        <form className="proposal-status-control__form" onSubmit={handleSubmit}>
          <label htmlFor={`${id}-next`}>{t('status.moveTo')}</label>
          <select id={`${id}-next`} value={selected} onChange={(e) => setChoice(e.target.value as ProposalStatus)}>
            {next.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="button" disabled={busy} data-testid="proposal-move">
            {t('status.move')}
          </button>
        </form>
      )}
      {confirming && (
        <ConfirmDialog
          title={t(`status.confirm.${confirming}.title`)}
          body={t(`status.confirm.${confirming}.body`)}
          confirmLabel={t(`status.confirm.${confirming}.confirm`)}
          danger={confirming === 'rejected'}
          onConfirm={async () => {
            await onMove(confirming);
            setChoice('');
            setAnnouncement(t('status.moved', { status: t(`status.${confirming}`) }));
          }}
          onClose={() => setConfirming(null)}
        />
      )}
      {canManage && next.length === 0 && <p className="muted">{t('status.final')}</p>}
      {error && (
        <p role="alert" className="form__error">
          {t(`errors.${error}`, { ns: 'translation' })}
        </p>
      )}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </div>
  );
}
