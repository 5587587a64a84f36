import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { Editor } from '@tiptap/react';
import type * as Y from 'yjs';
import {
  agendaDocName,
  DocShape,
  minutesDocName,
  minutesSectionName,
  MinutesNode,
  type AgendaItem,
  type City,
  type DocumentPermissions,
  type MeetingView,
  type PresentPerson,
  type RoomState,
} from '@dialogo/shared';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ConnectionIndicator } from '../../components/ConnectionIndicator.tsx';
import { api, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import type { CollabSession } from '../../lib/collab-provider.ts';
import { participantOf } from '../../lib/participant.ts';
import { useCollabSession, useConnectionStatus } from '../../lib/use-collab-session.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { useMe } from '../auth/session.tsx';
import { fetchCities, fetchMeeting } from './api.ts';
import { MINUTES_EXTENSIONS, MinutesContext } from './components/minutes-nodes.tsx';
import { RichTextField } from './components/RichTextField.tsx';
import { clock, formatTime } from './format.ts';
import { useAgenda } from './hooks/use-agenda.ts';
import { useRoom, useServerNow, type Room } from './hooks/use-room.ts';
import './meetings.css';

/** `/meetings/:id/room`: the live room (presence, current item and clock, speaking queue, chair controls) beside the minutes written together. */
export function RoomPage({ id, renderMinutesTools }: { id: string } & MinutesToolsProp) {
  const { t } = useTranslation('meetings');
  const [meeting, setMeeting] = useState<MeetingView | null>(null);
  const [cities, setCities] = useState<City[]>([]);
  const [permissions, setPermissions] = useState<DocumentPermissions | null>(null);
  const [error, setError] = useState<ClientErrorCode | null>(null);
  const room = useRoom(id);
  usePageTitle(meeting ? t('room.pageTitle', { title: meeting.title }) : t('loading'));
  const minutesStatus = room.state?.minutesStatus ?? meeting?.minutesStatus;

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([fetchMeeting(id, controller.signal), fetchCities(controller.signal)]).then(
      ([m, c]) => {
        setMeeting(m);
        setCities(c);
      },
      (err: unknown) => !controller.signal.aborted && setError(errorCode(err)),
    );
    return () => controller.abort();
  }, [id]);

  // What the person may do with the minutes, asked again when they are approved (then locked).
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<{ permissions: DocumentPermissions }>(`/api/documents/${encodeURIComponent(minutesDocName(id))}`, controller.signal)
      .then(({ permissions: p }) => setPermissions(p), (err: unknown) => !controller.signal.aborted && setError(errorCode(err)));
    return () => controller.abort();
  }, [id, minutesStatus]);

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
  return (
    <div className="page page--wide">
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <Link href="/meetings">{t('list.title')}</Link> › <Link href={`/meetings/${meeting.id}`}>{meeting.title}</Link>
      </nav>
      <h1>{t('room.title', { title: meeting.title })}</h1>
      <RoomBody meeting={meeting} cities={cities} room={room} permissions={permissions} renderMinutesTools={renderMinutesTools} />
    </div>
  );
}

/**
 * What the route adds under the minutes (versions, export, publishing: other features), given the
 * minutes' live document and what the person may do with it.
 */
interface MinutesToolsProp {
  renderMinutesTools?: (name: string, doc: Y.Doc, permissions: DocumentPermissions) => ReactNode;
}

function RoomBody({
  meeting,
  cities,
  room,
  permissions,
  renderMinutesTools,
}: { meeting: MeetingView; cities: City[]; room: Room; permissions: DocumentPermissions | null } & MinutesToolsProp) {
  const agendaSession = useCollabSession(agendaDocName(meeting.id));
  const minutesSession = useCollabSession(minutesDocName(meeting.id));
  if (!agendaSession || !minutesSession) return null;
  return (
    <>
      <Room meeting={meeting} cities={cities} room={room} permissions={permissions} agendaSession={agendaSession} minutesSession={minutesSession} />
      {permissions && renderMinutesTools && <div className="document-tools">{renderMinutesTools(minutesDocName(meeting.id), minutesSession.doc, permissions)}</div>}
    </>
  );
}

function Room({
  meeting,
  cities,
  room,
  permissions,
  agendaSession,
  minutesSession,
}: {
  meeting: MeetingView;
  cities: City[];
  room: Room;
  permissions: DocumentPermissions | null;
  agendaSession: CollabSession;
  minutesSession: CollabSession;
}) {
  const { t } = useTranslation('meetings');
  const { items } = useAgenda(agendaSession.doc);
  const state = room.state;
  const current = items.find((i) => i.id === state?.live.currentItemId) ?? null;
  const cityName = (cityId: string | null) => (cityId ? (cities.find((c) => c.id === cityId)?.name ?? cityId) : t('room.noCity'));

  // Item changes are announced once, politely (the clock itself is not read out every second).
  const [announcement, setAnnouncement] = useState('');
  const lastItem = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    const itemId = state?.live.currentItemId;
    if (lastItem.current !== undefined && itemId !== lastItem.current) {
      setAnnouncement(current ? t('room.nowDiscussing', { name: `${current.number}. ${current.title}` }) : state?.status === 'closed' ? t('room.ended') : '');
    }
    lastItem.current = itemId;
  }, [state?.live.currentItemId, current, state?.status, t]);

  return (
    <div className="room">
      <aside className="card" aria-labelledby="live-heading">
        <h2 id="live-heading">{t('room.live')}</h2>
        {!room.connected && (
          <p className="notice" role="status">
            {t('room.reconnecting')}
          </p>
        )}
        {room.error && (
          <p className="form__error" role="alert">
            {t(`room.errors.${room.error}`, { defaultValue: t('room.errors.other') })}
          </p>
        )}
        {state ? <LivePanel meeting={meeting} state={state} room={room} current={current} cityName={cityName} /> : <p className="muted">{t('loading')}</p>}
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
      </aside>
      <Minutes meeting={meeting} cities={cities} state={state} room={room} items={items} permissions={permissions} session={minutesSession} cityName={cityName} />
    </div>
  );
}

function LivePanel({ meeting, state, room, current, cityName }: { meeting: MeetingView; state: RoomState; room: Room; current: AgendaItem | null; cityName(id: string | null): string }) {
  const { t } = useTranslation('meetings');
  const me = useMe();
  const now = useServerNow(room.offset);
  const chair = meeting.permissions.manage;
  const { live } = state;
  const remaining = live.itemEndsAt !== null ? live.itemEndsAt - now : null;
  const raised = live.queue.some((s) => s.personId === me.person.id);
  const [confirmingEnd, setConfirmingEnd] = useState(false);

  const byCity = useMemo(() => {
    const groups = new Map<string, PresentPerson[]>();
    for (const p of state.present) {
      const key = cityName(p.cityId);
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [state.present, cityName]);

  return (
    <>
      <p>
        <span className="badge" data-testid="room-status">
          {t(`status.${state.status}`)}
        </span>
      </p>
      <section aria-labelledby="current-heading">
        <h3 id="current-heading">{t('room.current')}</h3>
        {current ? (
          <>
            <p data-testid="current-item">
              <strong>
                {current.number}. {current.title}
              </strong>
              {current.presenter && <span className="muted"> — {current.presenter}</span>}
            </p>
            {remaining !== null && (
              <p className={`room__clock${remaining < 0 ? ' room__clock--over' : ''}`} role="timer" aria-label={t('room.remaining')} data-testid="item-clock">
                {clock(remaining)}
              </p>
            )}
            {remaining !== null && remaining < 0 && <p className="muted">{t('room.overtime')}</p>}
          </>
        ) : (
          <p className="muted" data-testid="current-item">
            {state.status === 'planned' ? t('room.notStarted') : state.status === 'closed' ? t('room.ended') : t('room.noItem')}
          </p>
        )}
      </section>
      {chair && state.status !== 'closed' && (
        <div className="room__controls" role="group" aria-label={t('room.chairControls')}>
          {state.status === 'planned' && (
            <button type="button" className="button button--primary" onClick={() => void room.control('start')}>
              {t('room.start')}
            </button>
          )}
          {state.status === 'live' && (
            <>
              <button type="button" className="button" onClick={() => void room.control('previous')}>
                {t('room.previous')}
              </button>
              <button type="button" className="button button--primary" onClick={() => void room.control('next')}>
                {t('room.next')}
              </button>
              <button type="button" className="button" onClick={() => void room.control('extend', 5)}>
                {t('room.extend')}
              </button>
              <button type="button" className="button" onClick={() => setConfirmingEnd(true)} data-testid="end-meeting">
                {t('room.end')}
              </button>
            </>
          )}
        </div>
      )}
      {confirmingEnd && (
        <ConfirmDialog
          title={t('room.endConfirm.title')}
          body={t('room.endConfirm.body')}
          confirmLabel={t('room.endConfirm.confirm')}
          danger
          onConfirm={() => room.control('end')}
          onClose={() => setConfirmingEnd(false)}
        />
      )}
      {state.status === 'live' && (
        <section aria-labelledby="queue-heading">
          <h3 id="queue-heading">{t('room.queue')}</h3>
          <p data-testid="speaker">{live.speaker ? t('room.speaker', { name: live.speaker.name }) : t('room.noSpeaker')}</p>
          {live.queue.length === 0 ? (
            <p className="muted">{t('room.queueEmpty')}</p>
          ) : (
            <ol className="room__list" data-testid="queue">
              {live.queue.map((s) => (
                <li key={s.personId}>
                  <span>
                    {s.name} <span className="muted">({cityName(s.cityId)})</span>
                  </span>
                  {chair && (
                    <button type="button" className="button button--small" onClick={() => void room.floor(s.personId)}>
                      {t('room.giveFloorTo', { name: s.name })}
                    </button>
                  )}
                </li>
              ))}
            </ol>
          )}
          <div className="room__controls">
            <button type="button" className="button" aria-pressed={raised} onClick={() => void room.hand(!raised)}>
              {raised ? t('room.lowerHand') : t('room.raiseHand')}
            </button>
            {chair && (
              <button type="button" className="button button--primary" onClick={() => void room.floor(null)} disabled={live.queue.length === 0 && !live.speaker}>
                {live.queue.length > 0 ? t('room.giveFloorNext') : t('room.closeFloor')}
              </button>
            )}
          </div>
        </section>
      )}
      <section aria-labelledby="present-heading">
        <h3 id="present-heading">{t('room.present', { count: state.present.length })}</h3>
        <div data-testid="present">
          {byCity.map(([city, people]) => (
            <div key={city}>
              <p className="room__city">{city}</p>
              <ul className="room__list">
                {people.map((p) => (
                  <li key={p.personId}>{p.name}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </section>
    </>
  );
}

function Minutes({
  meeting,
  cities,
  state,
  room,
  items,
  permissions,
  session,
  cityName,
}: {
  meeting: MeetingView;
  cities: City[];
  state: RoomState | null;
  room: Room;
  items: AgendaItem[];
  permissions: DocumentPermissions | null;
  session: CollabSession;
  cityName(id: string | null): string;
}) {
  const { t, i18n } = useTranslation('meetings');
  const me = useMe();
  const user = participantOf(me.person);
  const status = useConnectionStatus(session);
  const minutesStatus = state?.minutesStatus ?? meeting.minutesStatus;
  const readOnly = !permissions?.edit || minutesStatus === 'approved';
  const [confirmingApproval, setConfirmingApproval] = useState(false);
  const owners = useMemo<[string, string][]>(
    () => [
      ...cities.map((c): [string, string] => [`city:${c.id}`, c.name]),
      ...(state?.attendance ?? []).map((a): [string, string] => [`person:${a.personId}`, a.name]),
    ],
    [cities, state?.attendance],
  );
  const attendance = state?.attendance ?? meeting.attendance;
  const currentId = state?.live.currentItemId ?? null;

  return (
    <section className="card" aria-labelledby="minutes-heading">
      <header className="editor-card__header">
        <h2 id="minutes-heading">{t('minutes.title')}</h2>
        <ConnectionIndicator status={status} />
      </header>
      <p data-testid="minutes-status">
        <span className="badge">{t(`minutes.status.${minutesStatus}`)}</span>{' '}
        {minutesStatus === 'draft' && <span className="muted">{t('minutes.draftHint')}</span>}
        {minutesStatus === 'approved' && <span className="muted">{t('minutes.approvedHint')}</span>}
      </p>
      {minutesStatus === 'draft' && meeting.permissions.manage && (
        <p>
          <button type="button" className="button button--primary" onClick={() => setConfirmingApproval(true)} data-testid="approve-minutes">
            {t('minutes.approve')}
          </button>
        </p>
      )}
      {confirmingApproval && (
        <ConfirmDialog
          title={t('minutes.approveConfirm.title')}
          body={t('minutes.approveConfirm.body')}
          confirmLabel={t('minutes.approveConfirm.confirm')}
          onConfirm={() => room.control('approve')}
          onClose={() => setConfirmingApproval(false)}
        />
      )}
      {readOnly && permissions && <p className="notice">{minutesStatus === 'approved' ? t('minutes.locked') : t('minutes.readOnly')}</p>}
      <section className="minutes-section" aria-labelledby="attendance-heading">
        <h3 id="attendance-heading">{t('minutes.attendance')}</h3>
        {attendance.length === 0 ? (
          <p className="muted">{t('minutes.noAttendance')}</p>
        ) : (
          <ul className="room__list" data-testid="attendance">
            {attendance.map((a) => (
              // One entry per person: the stretches they were in the room while the meeting ran.
              <li key={a.personId}>
                <span>
                  {a.name} <span className="muted">({cityName(a.cityId)})</span>
                </span>
                <span className="muted">
                  {(a.stretches ?? [a])
                    .map((s) => `${formatTime(s.joinedAt, i18n.language)} – ${s.leftAt ? formatTime(s.leftAt, i18n.language) : t('minutes.stillHere')}`)
                    .join(', ')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <MinutesContext.Provider value={{ owners }}>
        <Section title={t('minutes.general')} fragment={session.doc.getXmlFragment(DocShape.body)} session={session} user={user} readOnly={readOnly} current={false} testId="minutes-general" />
        {items.map((item) => (
          <Section
            key={item.id}
            title={`${item.number}. ${item.title || t('agenda.untitled')}`}
            fragment={session.doc.getXmlFragment(minutesSectionName(item.id))}
            session={session}
            user={user}
            readOnly={readOnly}
            current={item.id === currentId}
            testId={`minutes-section-${item.number}`}
          />
        ))}
      </MinutesContext.Provider>
    </section>
  );
}

function Section({
  title,
  fragment,
  session,
  user,
  readOnly,
  current,
  testId,
}: {
  title: string;
  fragment: import('yjs').XmlFragment;
  session: CollabSession;
  user: ReturnType<typeof participantOf>;
  readOnly: boolean;
  current: boolean;
  testId: string;
}) {
  const { t } = useTranslation('meetings');
  const headingId = `${testId}-heading`;
  return (
    <section className={`minutes-section${current ? ' minutes-section--current' : ''}`} aria-labelledby={headingId} aria-current={current ? 'true' : undefined} data-testid={testId} data-current={current ? 'true' : undefined}>
      <h3 id={headingId}>
        {title}
        {current && <span className="badge"> {t('room.now')}</span>}
      </h3>
      <RichTextField
        fragment={fragment}
        provider={session.provider}
        user={user}
        label={t('minutes.sectionLabel', { title })}
        readOnly={readOnly}
        extensions={MINUTES_EXTENSIONS}
        toolbar
        testId={`${testId}-editor`}
        actions={(editor) => (readOnly ? null : <BlockButtons editor={editor} title={title} />)}
      />
    </section>
  );
}

/** Adds a decision or an action item at the end of a section and puts the caret in it. */
function BlockButtons({ editor, title }: { editor: Editor; title: string }): ReactNode {
  const { t } = useTranslation('meetings');
  const add = (type: string, attrs: Record<string, string>) => {
    const end = editor.state.doc.content.size;
    editor
      .chain()
      .insertContentAt(end, { type, attrs })
      .focus(end + 1)
      .run();
  };
  return (
    <div className="room__controls">
      <button type="button" className="button button--small" onClick={() => add(MinutesNode.decision, {})} aria-label={t('minutes.addDecisionTo', { title })}>
        {t('minutes.addDecision')}
      </button>
      <button type="button" className="button button--small" onClick={() => add(MinutesNode.actionItem, { id: crypto.randomUUID(), status: 'open' })} aria-label={t('minutes.addActionItemTo', { title })}>
        {t('minutes.addActionItem')}
      </button>
    </div>
  );
}
