import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { City, DocumentPermissions, MeetingView } from '@dialogo/shared';
import type { CollabSession } from '../../../lib/collab-provider.ts';
import { useAgenda } from '../hooks/use-agenda.ts';
import type { Room } from '../hooks/use-room.ts';
import { LivePanel } from './LivePanel.tsx';
import { MinutesPanel } from './MinutesPanel.tsx';

/** The room's two columns: the live panel (status, clock, queue, presence) beside the minutes written together. */
export function RoomView({
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
      <MinutesPanel
        meeting={meeting}
        cities={cities}
        state={state}
        room={room}
        items={items}
        permissions={permissions}
        session={minutesSession}
        cityName={cityName}
      />
    </div>
  );
}
