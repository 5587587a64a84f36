import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUS_TRANSITIONS, type ProposalStatus } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';

/** Props of {@link StatusControl}. */
export interface StatusControlProps {
  status: ProposalStatus;
  /** The lead city's delegates and coordinators may move it. */
  canManage: boolean;
  onMove(status: ProposalStatus): Promise<void>;
}

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

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!selected) return;
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
          <button type="submit" className="button" disabled={busy}>
            {t('status.move')}
          </button>
        </form>
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
