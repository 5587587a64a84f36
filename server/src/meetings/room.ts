import { EMPTY_LIVE, ErrorCode, type AgendaItem, type Meeting, type Speaker } from '@dialogo/shared';
import type { Meetings } from './meetings.ts';
import { closeAttendance, openAttendanceOf } from './attendance.ts';

export { closeAttendance, openAttendance } from './attendance.ts';

/** A room event refused for a reason the person can act on (sent as the ack's error). */
export class RoomRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What changes the room's state. */
export type RoomChange =
  /** `present`: who is in the room when it starts (their attendance starts with it). */
  | { kind: 'start'; present?: readonly { id: string; name: string; cityId?: string | null }[] }
  | { kind: 'next' | 'previous' | 'end' }
  | { kind: 'extend'; minutes: number }
  | { kind: 'hand'; raised: boolean; person: { id: string; name: string; cityId?: string } }
  | { kind: 'floor'; personId: string | null }
  | { kind: 'approve'; by: { id: string; name: string } };

const MINUTE = 60_000;

/**
 * The room's state machine: the next meeting record after `change`, or a refusal. Pure, so that the
 * store's atomic update may run it again when another instance wrote first.
 */
export function applyRoomChange(m: Meeting, change: RoomChange, agenda: readonly AgendaItem[], now: number): Meeting {
  const live = m.live;
  const at = (index: number) => {
    const item = agenda[index];
    return item ? { currentItemId: item.id, itemEndsAt: now + item.minutes * MINUTE } : { currentItemId: null, itemEndsAt: null };
  };
  const requireLive = () => {
    if (m.status !== 'live') throw new RoomRefusal(ErrorCode.conflict, 'The meeting is not live.');
  };
  switch (change.kind) {
    case 'start':
      if (m.status !== 'planned') throw new RoomRefusal(ErrorCode.conflict, 'The meeting has already started.');
      if (m.cancelledAt) throw new RoomRefusal(ErrorCode.conflict, 'The meeting was cancelled.');
      {
        const startedAt = new Date(now).toISOString();
        return openAttendanceOf({ ...m, status: 'live', live: { ...EMPTY_LIVE, startedAt, ...at(0) } }, change.present ?? [], startedAt);
      }
    case 'next':
    case 'previous': {
      requireLive();
      const index = agenda.findIndex((i) => i.id === live.currentItemId);
      const target = change.kind === 'next' ? index + 1 : index < 0 ? agenda.length - 1 : index - 1;
      if (target < 0 || target >= agenda.length)
        throw new RoomRefusal(ErrorCode.conflict, change.kind === 'next' ? 'This is the last item.' : 'This is the first item.');
      return { ...m, live: { ...live, ...at(target) } };
    }
    case 'extend':
      requireLive();
      if (live.itemEndsAt === null) throw new RoomRefusal(ErrorCode.conflict, 'No item is under discussion.');
      // Time added to an item already over runs from now.
      return { ...m, live: { ...live, itemEndsAt: Math.max(live.itemEndsAt, now) + change.minutes * MINUTE } };
    case 'end': {
      requireLive();
      const ended = new Date(now).toISOString();
      const closed = closeAttendance(m, null, ended) ?? m;
      return {
        ...closed,
        status: 'closed',
        minutesStatus: 'draft',
        live: { ...live, currentItemId: null, itemEndsAt: null, endedAt: ended, queue: [], speaker: null },
      };
    }
    case 'approve':
      if (m.status !== 'closed' || m.minutesStatus !== 'draft')
        throw new RoomRefusal(ErrorCode.conflict, 'Only the draft minutes of a closed meeting can be approved.');
      return { ...m, minutesStatus: 'approved', approvedAt: new Date(now).toISOString(), approvedBy: change.by };
    case 'hand': {
      requireLive();
      const { person, raised } = change;
      const queued = live.queue.some((s) => s.personId === person.id);
      if (raised === queued) return m;
      const queue: Speaker[] = raised
        ? [...live.queue, { personId: person.id, name: person.name, cityId: person.cityId ?? null, since: new Date(now).toISOString() }]
        : live.queue.filter((s) => s.personId !== person.id);
      return { ...m, live: { ...live, queue } };
    }
    case 'floor': {
      requireLive();
      // null: the next in the queue, in order (or nobody, when the queue is empty).
      const speaker = change.personId === null ? live.queue[0] : live.queue.find((s) => s.personId === change.personId);
      if (change.personId !== null && !speaker) throw new RoomRefusal(ErrorCode.conflict, 'That person has not asked to speak.');
      return {
        ...m,
        live: {
          ...live,
          speaker: speaker ? { ...speaker, since: new Date(now).toISOString() } : null,
          queue: speaker ? live.queue.filter((s) => s.personId !== speaker.personId) : live.queue,
        },
      };
    }
  }
}

/** Applies a room change with one atomic store update; a refusal is thrown after the update gave up. */
export async function roomCommand(
  meetings: Meetings,
  id: string,
  prepare: (m: Meeting) => { now: number; next: RoomChange; agenda: readonly AgendaItem[]; meeting: Meeting },
): Promise<Meeting> {
  let refusal: unknown = null;
  const updated = await meetings.update(id, (current) => {
    refusal = null;
    try {
      const { now, next, agenda } = prepare(current);
      const changed = applyRoomChange(current, next, agenda, now);
      return changed === current ? undefined : changed;
    } catch (err) {
      refusal = err;
      return undefined;
    }
  });
  if (refusal) throw refusal;
  return updated ?? (await meetings.get(id))!;
}
