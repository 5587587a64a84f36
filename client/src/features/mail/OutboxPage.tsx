import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OutboxMail } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { fetchOutbox, mailKeys } from './api.ts';
import './mail.css';

type State = { status: 'loading' } | { status: 'error'; code: ClientErrorCode } | { status: 'ready'; mails: OutboxMail[]; delivers: boolean };

/** `/outbox` (coordinators): every mail Dialogo recorded, with its message; without SMTP, where the mails are. */
export function OutboxPage() {
  const { t, i18n } = useTranslation('mail');
  usePageTitle(t('outbox.title'));
  const query = useQuery({ queryKey: mailKeys.outbox, queryFn: ({ signal }) => fetchOutbox(signal) });
  const state: State =
    query.status === 'success'
      ? { status: 'ready', ...query.data }
      : query.status === 'error' && !query.isFetching
        ? { status: 'error', code: errorCode(query.error) }
        : { status: 'loading' };

  const when = new Intl.DateTimeFormat(i18n.language === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div className="page page--wide outbox-page">
      <header>
        <h1>{t('outbox.title')}</h1>
        {state.status === 'ready' && <p className="muted">{state.delivers ? t('outbox.introSent') : t('outbox.introKept')}</p>}
      </header>
      {state.status === 'loading' && (
        <p className="card muted" role="status">
          {t('outbox.loading')}
        </p>
      )}
      {state.status === 'error' && (
        <div role="alert" className="card form__error">
          <p>{t(`errors.${state.code}`, { ns: 'translation' })}</p>
          <button type="button" className="button" onClick={() => void query.refetch()}>
            {t('errors.retry', { ns: 'translation' })}
          </button>
        </div>
      )}
      {state.status === 'ready' && state.mails.length === 0 && <p className="card muted">{t('outbox.empty')}</p>}
      {state.status === 'ready' && state.mails.length > 0 && (
        <ul className="outbox-list" aria-label={t('outbox.title')}>
          {state.mails.map((mail) => (
            <OutboxItem key={mail.id} mail={mail} when={when.format(new Date(mail.createdAt))} />
          ))}
        </ul>
      )}
    </div>
  );
}

function OutboxItem({ mail, when }: { mail: OutboxMail; when: string }) {
  const { t } = useTranslation('mail');
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <li className="card outbox-item" data-testid="outbox-item">
      <dl className="outbox-item__facts">
        <div>
          <dt>{t('outbox.to')}</dt>
          <dd>
            {mail.to.name ? `${mail.to.name} ` : ''}
            <span className="muted">&lt;{mail.to.address}&gt;</span>
          </dd>
        </div>
        <div>
          <dt>{t('outbox.subject')}</dt>
          <dd className="outbox-item__subject">{mail.subject}</dd>
        </div>
        <div>
          <dt>{t('outbox.when')}</dt>
          <dd>
            <time dateTime={mail.createdAt}>{when}</time>
          </dd>
        </div>
        <div>
          <dt>{t('outbox.status')}</dt>
          <dd>
            <span className={`outbox-status outbox-status--${mail.status}`}>{t(`outbox.statuses.${mail.status}`)}</span>
            {mail.attempts > 1 && <span className="muted"> · {t('outbox.attempts', { count: mail.attempts })}</span>}
          </dd>
        </div>
      </dl>
      <button type="button" className="button outbox-item__toggle" aria-expanded={open} aria-controls={`${id}-message`} onClick={() => setOpen((v) => !v)}>
        {open ? t('outbox.hide') : t('outbox.show')}
      </button>
      <div id={`${id}-message`} hidden={!open} className="outbox-item__message">
        {mail.calendar && <p className="muted">{t('outbox.calendar', { method: mail.calendar })}</p>}
        <pre tabIndex={0} aria-label={mail.subject}>
          {mail.text}
        </pre>
      </div>
    </li>
  );
}
