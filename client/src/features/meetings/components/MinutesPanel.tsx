import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DocShape, minutesSectionName, type AgendaItem, type City, type DocumentPermissions, type MeetingView, type RoomState } from '@dialogo/shared';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { ConnectionIndicator } from '../../../components/ConnectionIndicator.tsx';
import type { CollabSession } from '../../../lib/collab-provider.ts';
import { participantOf } from '../../../lib/participant.ts';
import { useConnectionStatus } from '../../../lib/use-collab-session.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTime } from '../format.ts';
import type { Room } from '../hooks/use-room.ts';
import { MinutesContext } from './minutes-nodes.tsx';
import { MinutesSection } from './MinutesSection.tsx';

/** The minutes column: status and approval, attendance, then one co-edited section for the general notes and one per agenda item. */
export function MinutesPanel({
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
        <MinutesSection
          title={t('minutes.general')}
          fragment={session.doc.getXmlFragment(DocShape.body)}
          session={session}
          user={user}
          readOnly={readOnly}
          current={false}
          testId="minutes-general"
        />
        {items.map((item) => (
          <MinutesSection
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
