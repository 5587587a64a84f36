import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { agendaDocName, type MeetingView } from '@dialogo/shared';
import { safeHref } from '@dialogo/shared/safe-url';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { useLiveEvent, useLiveRoom } from '../../lib/live.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { cancelMeeting, fetchCities, fetchMeeting, meetingIcsUrl, meetingKeys, meetingPackUrl, setRegistration } from './api.ts';
import { useMe } from '../auth/session.tsx';
import { formatDateTime, formatTime, lengthMinutes, viewerTimeZone } from './format.ts';
import './meetings.css';
import { MeetingForm } from './MeetingsPage.tsx';
import type { AgendaEditorProps } from './components/AgendaEditor.tsx';

// The agenda brings Tiptap and Yjs: loaded with the page that needs it.
const AgendaEditor = lazy(() => import('./components/AgendaEditor.tsx').then((m) => ({ default: m.AgendaEditor })));

/** `/meetings/:id`: a meeting's details, its co-edited agenda, and the way into the room. */
export function MeetingPage({ id, renderAgendaTools }: { id: string; renderAgendaTools?: (meeting: MeetingView) => AgendaEditorProps['renderTools'] }) {
  const { t, i18n } = useTranslation('meetings');
  const queryClient = useQueryClient();
  const meetingQuery = useQuery({ queryKey: meetingKeys.meeting(id), queryFn: ({ signal }) => fetchMeeting(id, signal) });
  const citiesQuery = useQuery({ queryKey: meetingKeys.cities, queryFn: ({ signal }) => fetchCities(signal) });
  // The page shows once the cities are there too, as one load.
  const meeting = meetingQuery.data && citiesQuery.data ? meetingQuery.data : null;
  const cities = citiesQuery.data ?? [];
  /** A meeting the server answered (after a change) replaces the one shown. */
  const setMeeting = (m: MeetingView) => queryClient.setQueryData(meetingKeys.meeting(id), m);
  const [actionError, setError] = useState<ClientErrorCode | null>(null);
  const failed = meetingQuery.error ?? citiesQuery.error;
  const error = actionError ?? (failed ? errorCode(failed) : null);
  const [announcement, setAnnouncement] = useState('');
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  // Registering to attend, or taking it back: the answer is the meeting with its registrations.
  const registration = useMutation({
    mutationFn: (register: boolean) => setRegistration(id, register),
    onSuccess: (m, register) => {
      setMeeting(m);
      setAnnouncement(t(register ? 'registrations.done' : 'registrations.cancelled'));
    },
    onError: (err) => setError(errorCode(err)),
  });
  const me = useMe();
  usePageTitle(meeting?.title ?? t('loading'));
  // Registrations made by others reach this page live (through the agenda's room, the meeting's readers).
  useLiveRoom(meeting ? `doc:${agendaDocName(meeting.id)}` : null);
  useLiveEvent('meeting:registrations', ({ meetingId, registrations }) => {
    if (meetingId === id) queryClient.setQueryData<MeetingView>(meetingKeys.meeting(id), (m) => (m ? { ...m, registrations } : m));
  });

  if (error) {
    return (
      <div className="page card">
        <p role="alert" className="form__error">
          {t(`errors.${error}`, { ns: 'translation' })}
        </p>
        <Link href="/meetings">{t('backToList')}</Link>
      </div>
    );
  }
  if (!meeting) {
    return (
      <p className="page muted" role="status">
        {t('loading')}
      </p>
    );
  }
  const cityName = (cityId: string) => cities.find((c) => c.id === cityId)?.name ?? cityId;
  const length = lengthMinutes(meeting.startsAt, meeting.endsAt);
  const registrations = meeting.registrations ?? [];
  const registered = registrations.some((r) => r.personId === me.person.id);
  const cancelled = !!meeting.cancelledAt;
  // The online link opens the meeting (only a web or mail address: shared/src/safe-url.ts); anything else stays text.
  const onlineHref = safeHref(meeting.onlineUrl);
  const details: [string, ReactNode][] = [
    [t('fields.startsAt'), formatDateTime(meeting.startsAt, i18n.language)],
    [t('fields.endsAt'), formatTime(meeting.endsAt, i18n.language)],
    [t('fields.length'), t('minutesCount', { count: length })],
    ...(meeting.onlineUrl
      ? [
          [
            t('fields.onlineUrl'),
            onlineHref ? (
              <a href={onlineHref} target="_blank" rel="noopener noreferrer" className="meeting-details__link" data-testid="meeting-online-link">
                {meeting.onlineUrl}
              </a>
            ) : (
              meeting.onlineUrl
            ),
          ] as [string, ReactNode],
        ]
      : []),
    ...(meeting.place ? [[t('fields.place'), meeting.place] as [string, string]] : []),
    ...(meeting.hostCityId ? [[t('fields.hostCity'), cityName(meeting.hostCityId)] as [string, string]] : []),
    ...(meeting.experts ? [[t('fields.experts'), meeting.experts] as [string, string]] : []),
    ...(meeting.support ? [[t('fields.support'), meeting.support] as [string, string]] : []),
    ...(meeting.notes ? [[t('fields.notes'), meeting.notes] as [string, string]] : []),
    [
      t('fields.participants'),
      meeting.participants.cities.length || meeting.participants.people.length ? meeting.participants.cities.map(cityName).join(', ') : t('wholeNetwork'),
    ],
  ];

  return (
    <div className="page page--wide">
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <Link href="/meetings">{t('list.title')}</Link>
      </nav>
      <section className="card" aria-labelledby="meeting-heading">
        <header className="editor-card__header">
          <h1 id="meeting-heading">{meeting.title}</h1>
          <span className={cancelled ? 'badge badge--muted' : 'badge'} data-testid="meeting-status">
            {cancelled ? t('cancelMeeting.badge') : t(`status.${meeting.status}`)}
          </span>
        </header>
        {cancelled && (
          <p className="notice" data-testid="meeting-cancelled">
            {t('cancelMeeting.notice', { when: formatDateTime(meeting.cancelledAt!, i18n.language) })}
          </p>
        )}
        <p className="muted">{t('list.zone', { zone: viewerTimeZone() })}</p>
        <dl className="meeting-details">
          {details.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <p className="form__actions">
          <Link className="button button--primary" href={`/meetings/${meeting.id}/room`}>
            {meeting.status === 'closed' ? t('openMinutes') : t('openRoom')}
          </Link>
          <a className="button" href={meetingIcsUrl(meeting.id)} download>
            {t('exportIcs')}
          </a>
          <a
            className="button"
            href={meetingPackUrl(meeting.id, 'pdf', i18n.language)}
            download
            aria-describedby="meeting-pack-hint"
            data-testid="meeting-pack-pdf"
          >
            {t('pack.pdf')}
          </a>
          <a className="button" href={meetingPackUrl(meeting.id, 'docx', i18n.language)} download aria-describedby="meeting-pack-hint">
            {t('pack.docx')}
          </a>
          {meeting.planRowId && (
            <Link className="button" href="/action-plan" data-testid="meeting-plan-link">
              {t('fromPlan')}
            </Link>
          )}
          {meeting.permissions.manage && meeting.status === 'planned' && !cancelled && (
            <button type="button" className="button button--danger" onClick={() => setConfirmingCancel(true)} data-testid="meeting-cancel">
              {t('cancelMeeting.button')}
            </button>
          )}
        </p>
        <p className="field__hint" id="meeting-pack-hint">
          {t('pack.hint')}
        </p>
        {confirmingCancel && (
          <ConfirmDialog
            title={t('cancelMeeting.title')}
            body={t('cancelMeeting.body')}
            confirmLabel={t('cancelMeeting.confirm')}
            danger
            onConfirm={async () => {
              setMeeting(await cancelMeeting(meeting.id));
              setAnnouncement(t('cancelMeeting.done'));
            }}
            onClose={() => setConfirmingCancel(false)}
            testId="meeting-cancel-dialog"
          />
        )}
        <section aria-labelledby="registrations-heading">
          <h2 id="registrations-heading">{t('registrations.title', { count: registrations.length })}</h2>
          {registrations.length === 0 ? (
            <p className="muted">{t('registrations.none')}</p>
          ) : (
            <ul className="room__list" data-testid="registrations">
              {registrations.map((r) => (
                <li key={r.personId}>
                  <span>
                    {r.name} <span className="muted">({r.cityId ? cityName(r.cityId) : t('room.noCity')})</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
          {meeting.can.register && (
            <button type="button" className="button" aria-pressed={registered} onClick={() => registration.mutate(!registered)}>
              {registered ? t('registrations.cancel') : t('registrations.register')}
            </button>
          )}
          <p className="visually-hidden" role="status" aria-live="polite">
            {announcement}
          </p>
        </section>
      </section>
      {meeting.permissions.manage && (
        <details className="card">
          <summary>{t('edit.open')}</summary>
          <MeetingForm
            key={`${meeting.id}-${meeting.title}-${meeting.startsAt}-${meeting.endsAt}`}
            cities={cities}
            meeting={meeting}
            onSaved={(m) => {
              setMeeting(m);
              setAnnouncement(t('edit.saved'));
            }}
          />
        </details>
      )}
      <Suspense
        fallback={
          <p className="muted" role="status">
            {t('loading')}
          </p>
        }
      >
        <AgendaEditor meeting={meeting} {...(renderAgendaTools ? { renderTools: renderAgendaTools(meeting) } : {})} />
      </Suspense>
    </div>
  );
}
