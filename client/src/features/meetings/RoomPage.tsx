import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { agendaDocName, minutesDocName, type City, type DocumentPermissions, type MeetingView } from '@dialogo/shared';
import { useCollabSession } from '../../lib/use-collab-session.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { RoomView } from './components/RoomView.tsx';
import type { Room } from './hooks/use-room.ts';
import { useRoomSession } from './hooks/use-room-session.ts';
import './meetings.css';

/** `/meetings/:id/room`: the live room (presence, current item and clock, speaking queue, chair controls) beside the minutes written together. */
export function RoomPage({ id, renderMinutesTools }: { id: string } & MinutesToolsProp) {
  const { t } = useTranslation('meetings');
  const { meeting, cities, room, permissions, error } = useRoomSession(id);
  usePageTitle(meeting ? t('room.pageTitle', { title: meeting.title }) : t('loading'));

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

/** Opens the agenda's and the minutes' documents once the meeting is known, and shows the room over them. */
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
      <RoomView meeting={meeting} cities={cities} room={room} permissions={permissions} agendaSession={agendaSession} minutesSession={minutesSession} />
      {permissions && renderMinutesTools && (
        <div className="document-tools">{renderMinutesTools(minutesDocName(meeting.id), minutesSession.doc, permissions)}</div>
      )}
    </>
  );
}
