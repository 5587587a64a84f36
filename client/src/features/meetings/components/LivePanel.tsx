import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaItem, MeetingView, PresentPerson, RoomState } from '@dialogo/shared';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { useMe } from '../../auth/session.tsx';
import { clock } from '../format.ts';
import { useServerNow, type Room } from '../hooks/use-room.ts';

/** The live column: the meeting's status, the current item and its clock, the chair's controls, the speaking queue and who is present by city. */
export function LivePanel({
  meeting,
  state,
  room,
  current,
  cityName,
}: {
  meeting: MeetingView;
  state: RoomState;
  room: Room;
  current: AgendaItem | null;
  cityName(id: string | null): string;
}) {
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
              <button
                type="button"
                className="button button--primary"
                onClick={() => void room.floor(null)}
                disabled={live.queue.length === 0 && !live.speaker}
              >
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
