import { useId, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLiveEvent } from '../../lib/live.ts';
import { data, rpc, withSignal } from '../../lib/rpc.ts';
import './notifications.css';

/** The person's inbox in the query cache: fetched, fetched again when a new one arrives live, and kept by answers. */
const INBOX = ['notifications'] as const;
const EMPTY = { notifications: [], unread: 0 };

type Inbox = Awaited<ReturnType<typeof fetchInbox>>;
const fetchInbox = (signal?: AbortSignal) => data(rpc.notifications.$get(undefined, withSignal(signal)));

/**
 * The bell in the header: unread count, the latest notifications, live. A new one is also
 * announced to screen readers; opening the list and pressing "mark all read" clears the count.
 * Each links to its document while the answer says its reader may still open it (`can.open`).
 */
export function NotificationBell() {
  const { t, i18n } = useTranslation('notifications');
  const id = useId();
  const queryClient = useQueryClient();
  const inbox: Inbox = useQuery({ queryKey: INBOX, queryFn: ({ signal }) => fetchInbox(signal) }).data ?? EMPTY;
  const setInbox = (next: Inbox | ((current: Inbox) => Inbox)) =>
    queryClient.setQueryData<Inbox>(INBOX, (current) => (typeof next === 'function' ? next(current ?? EMPTY) : next));
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const button = useRef<HTMLButtonElement>(null);

  useLiveEvent('notification:new', (notification) => {
    // The list is read again: its answer says, for each, whether it may still be opened.
    void queryClient.invalidateQueries({ queryKey: INBOX });
    setAnnouncement(t('announce', { name: notification.by.name, title: notification.docTitle }));
  });

  const markRead = async (body: { ids: string[] } | { all: true }) => {
    setInbox(await data(rpc.notifications.read.$post({ json: body })));
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const when = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

  return (
    <div className="notifications" onKeyDown={(e) => e.key === 'Escape' && open && close()}>
      <button
        ref={button}
        type="button"
        className="notifications__bell"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-label={t('bell', { count: inbox.unread })}
        data-testid="notification-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <svg className="notifications__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
            fill="currentColor"
          />
        </svg>
        {inbox.unread > 0 && (
          <span className="notifications__count" aria-hidden="true" data-testid="notification-count">
            {inbox.unread}
          </span>
        )}
      </button>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {open && (
        <div id={`${id}-list`} className="notifications__panel card" role="region" aria-label={t('heading')}>
          <h2 className="notifications__heading">{t('heading')}</h2>
          {inbox.notifications.length === 0 ? (
            <p className="muted">{t('none')}</p>
          ) : (
            <ul className="notifications__list">
              {inbox.notifications.map((n) => (
                <li key={n.id} className={n.read ? 'notification' : 'notification notification--unread'}>
                  {n.can.open ? (
                    <Link
                      href={`/d/${encodeURIComponent(n.doc)}`}
                      onClick={() => {
                        if (!n.read) void markRead({ ids: [n.id] }).catch(() => {});
                        setOpen(false);
                      }}
                    >
                      {t('mention', { name: n.by.name, title: n.docTitle })}
                    </Link>
                  ) : (
                    <p>
                      {t('mention', { name: n.by.name, title: n.docTitle })} <span className="muted">{t('closed')}</span>
                    </p>
                  )}
                  <p className="notification__excerpt">{n.excerpt}</p>
                  <p className="muted">
                    <time dateTime={n.createdAt}>{when(n.createdAt)}</time>
                    {!n.read && <span className="visually-hidden"> — {t('unread')}</span>}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {inbox.unread > 0 && (
            <button type="button" className="button button--small" onClick={() => void markRead({ all: true }).catch(() => {})}>
              {t('markAllRead')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
