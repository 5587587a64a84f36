import type { z } from 'zod';
import {
  agendaDocName,
  ErrorCode,
  meetingRoom,
  minutesDocName,
  RoomControlSchema,
  RoomFloorSchema,
  RoomHandSchema,
  RoomJoinSchema,
  type ApiError,
  type ClientToServerEvents,
  type Meeting,
  type PresentPerson,
  type RoomState,
} from '@dialogo/shared';
import { can, type Action } from '../access/policy.ts';
import type { Logger } from '../logger.ts';
import { closeAttendance, closeAttendanceWhere, openAttendance, openAttendanceOf } from '../meetings/attendance.ts';
import { roomCommand, RoomRefusal, type RoomChange } from '../meetings/room.ts';
import { meetingResource } from '../meetings/meetings.ts';
import { toActor, type PersonRecord } from '../network/people.ts';
import type { Services } from '../services.ts';
import { internalAckError, type LiveServer, type LiveSocket } from './types.ts';
import { personOfEvent } from './event-person.ts';

type AckFn = (result: { ok: true; data: unknown } | { ok: false; error: ApiError }) => void;

const PREFIX = 'meeting:';

/** Who is in a meeting's room now, over every instance (the adapter asks the others), once per person. */
async function presentIn(io: LiveServer, meetingId: string): Promise<PresentPerson[]> {
  const sockets = await io.in(meetingRoom(meetingId)).fetchSockets();
  const people = new Map<string, PresentPerson>();
  for (const s of sockets) {
    const p = s.data.person;
    if (p && !people.has(p.id)) people.set(p.id, { personId: p.id, name: p.name, cityId: p.cityId ?? null, role: p.role });
  }
  return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** How often each instance checks who is still in the rooms it serves (an instance that died tells no one). */
const PRESENCE_SWEEP_MS = 2000;

/** Per socket.io server: the presence last sent for each meeting, and the sweep timer. */
const sweeps = new WeakMap<LiveServer, { sent: Map<string, string>; timer: NodeJS.Timeout }>();

const signature = (present: PresentPerson[]) => present.map((p) => p.personId).join(',');

/**
 * Every {@link PRESENCE_SWEEP_MS}, for each meeting room with sockets on this instance: who is
 * present now, over all instances. When that changed without anyone saying so (another instance
 * crashed or was stopped, taking its sockets along), the stretches of attendance of the people who
 * vanished are closed and the room is told.
 */
function ensureSweep(io: LiveServer, services: Services, log: Logger): Map<string, string> {
  const existing = sweeps.get(io);
  if (existing) return existing.sent;
  const sent = new Map<string, string>();
  let running = false;
  const timer = setInterval(() => {
    if (running || sent.size === 0) return;
    running = true;
    const rooms = [...sent.keys()].map(meetingRoom);
    void Promise.all(
      rooms.map(async (room) => {
        const meetingId = room.slice(PREFIX.length);
        const checkedAt = new Date().toISOString();
        const present = await presentIn(io, meetingId);
        if (sent.get(meetingId) === signature(present)) return;
        const here = new Set(present.map((p) => p.personId));
        // Only stretches opened before the check: someone who joined meanwhile is not closed.
        const meeting =
          (await services.meetings.update(meetingId, (m) =>
            closeAttendanceWhere(m, (personId, joinedAt) => !here.has(personId) && joinedAt < checkedAt, checkedAt),
          )) ?? (await services.meetings.get(meetingId));
        if (!meeting) return;
        // An empty room is not watched any more (until someone joins through this instance again).
        if (present.length === 0) sent.delete(meetingId);
        else sent.set(meetingId, signature(present));
        io.to(room).emit('meeting:state', stateOf(meeting, present));
      }),
    )
      .catch((err: Error) => log.warn({ err: err.message }, 'presence sweep failed'))
      .finally(() => {
        running = false;
      });
  }, PRESENCE_SWEEP_MS);
  timer.unref();
  sweeps.set(io, { sent, timer });
  return sent;
}

function stateOf(meeting: Meeting, present: PresentPerson[]): RoomState {
  return {
    meetingId: meeting.id,
    status: meeting.status,
    minutesStatus: meeting.minutesStatus,
    live: meeting.live,
    present,
    attendance: meeting.attendance,
    serverNow: Date.now(),
  };
}

/**
 * The live meeting room: `meeting:join`, `meeting:leave`, `meeting:control` (chair: start, next,
 * previous, extend, end), `meeting:hand` (raise or lower a hand), `meeting:floor` (chair: give the
 * floor). Everything the room shows is kept in the meeting's record and changed by one atomic
 * store update, so every instance, and a restarted one, tells the same; after each change the new
 * state goes to the room on every instance through the adapter. Every event is acknowledged;
 * malformed ones get an error ack and change nothing.
 */
export function registerMeetingRoom(io: LiveServer, socket: LiveSocket, services: Services, log: Logger): void {
  const sent = ensureSweep(io, services, log);
  const broadcast = async (meeting: Meeting): Promise<RoomState> => {
    const state = stateOf(meeting, await presentIn(io, meeting.id));
    sent.set(meeting.id, signature(state.present));
    io.to(meetingRoom(meeting.id)).emit('meeting:state', state);
    return state;
  };

  /** Reads the person again (a role changed or archived since the handshake counts now) and the meeting, and asks the policy. */
  const authorize = async (meetingId: string, action: Action): Promise<{ person: PersonRecord; meeting: Meeting }> => {
    const [person, meeting] = await Promise.all([personOfEvent(socket, services.people), services.meetings.get(meetingId)]);
    if (!person || person.archived || !meeting) throw new RoomRefusal(ErrorCode.notFound, 'No such meeting.');
    const actor = toActor(person);
    if (!can(actor, 'read', meetingResource(meeting))) throw new RoomRefusal(ErrorCode.notFound, 'No such meeting.');
    if (action !== 'read' && !can(actor, action, meetingResource(meeting))) throw new RoomRefusal(ErrorCode.forbidden, 'Only the chair may do this.');
    return { person, meeting };
  };

  /** Wraps a handler: validates the input with `schema`, acknowledges once, never throws. */
  const on = <S extends z.ZodType>(event: keyof ClientToServerEvents, schema: S, handler: (input: z.infer<S>) => Promise<unknown>) => {
    (socket.on as (event: string, listener: (input: unknown, ack: unknown) => void) => void)(event, (input, ack) => {
      const reply: AckFn = typeof ack === 'function' ? (ack as AckFn) : () => {};
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const fields: Record<string, string> = {};
        for (const issue of parsed.error.issues) fields[issue.path.map(String).join('.') || '_'] ??= issue.message;
        return reply({ ok: false, error: { code: ErrorCode.validation, message: 'The event has invalid fields.', fields } });
      }
      handler(parsed.data).then(
        (data) => reply({ ok: true, data }),
        (err: unknown) => {
          if (err instanceof RoomRefusal) return reply({ ok: false, error: { code: err.code, message: err.message } });
          log.error({ err: (err as Error).message, socketId: socket.id, event }, 'meeting event failed');
          reply({ ok: false, error: internalAckError });
        },
      );
    });
  };

  /** Marks the person gone when none of their sockets is left in the room, on any instance. */
  const leftRoom = async (meetingId: string, person: { id: string }) => {
    const present = await presentIn(io, meetingId);
    let meeting: Meeting | undefined;
    if (!present.some((p) => p.personId === person.id)) {
      meeting = await services.meetings.update(meetingId, (m) => closeAttendance(m, person.id, new Date().toISOString()));
    }
    meeting ??= await services.meetings.get(meetingId);
    if (meeting) {
      sent.set(meetingId, signature(present));
      io.to(meetingRoom(meetingId)).emit('meeting:state', stateOf(meeting, present));
    }
  };

  on('meeting:join', RoomJoinSchema, async ({ meetingId }) => {
    const { person } = await authorize(meetingId, 'read');
    await socket.join(meetingRoom(meetingId));
    const meeting = await services.meetings.update(meetingId, (m) => openAttendance(m, person, new Date().toISOString()));
    return broadcast(meeting ?? (await services.meetings.get(meetingId))!);
  });

  on('meeting:leave', RoomJoinSchema, async ({ meetingId }) => {
    await socket.leave(meetingRoom(meetingId));
    await leftRoom(meetingId, socket.data.person);
    return null;
  });

  on('meeting:control', RoomControlSchema, async ({ meetingId, command, minutes }) => {
    const { person } = await authorize(meetingId, 'manage');
    const agenda = command === 'approve' || command === 'end' || command === 'extend' ? [] : await services.meetings.agenda(meetingId);
    const next: RoomChange =
      command === 'extend'
        ? { kind: command, minutes: minutes ?? 5 }
        : command === 'approve'
          ? { kind: command, by: { id: person.id, name: person.name } }
          : { kind: command };
    let meeting = await roomCommand(services.meetings, meetingId, (m) => ({ now: Date.now(), next, agenda, meeting: m }));
    if (command === 'start' && meeting.status === 'live') {
      // Whoever is in the room when the meeting starts attends from its start. Read once the start
      // is stored: anyone joining from then on opens their own stretch, so nobody falls between.
      const present = (await presentIn(io, meetingId)).map((p) => ({ id: p.personId, name: p.name, cityId: p.cityId }));
      meeting =
        (await services.meetings.update(meetingId, (m) => {
          const opened = m.status === 'live' ? openAttendanceOf(m, present, m.live.startedAt ?? new Date().toISOString()) : m;
          return opened === m ? undefined : opened;
        })) ?? meeting;
    }
    if (command === 'approve') {
      // The minutes' documents are locked (every instance's document server reads the catalog when
      // it rechecks access) and the approved text is kept as a named version.
      await services.meetings.listDocuments(meeting);
      await services.versions.save(minutesDocName(meetingId), { reason: 'minutes-approved', savedBy: { id: person.id, name: person.name } });
      // The meeting's participants are told by mail (links on PUBLIC_URL, else this connection's origin).
      const headers = socket.request.headers;
      await services.notices.minutesApproved(meeting, person, headers.origin ?? `http://${headers.host ?? 'localhost'}`);
    }
    // The agenda and minutes as they were when the meeting started and ended stay in their history.
    if (command === 'start' || command === 'end') {
      const reason = command === 'start' ? 'meeting-started' : 'meeting-ended';
      await Promise.all([agendaDocName(meetingId), minutesDocName(meetingId)].map((name) => services.versions.mark(name, reason)));
    }
    return broadcast(meeting);
  });

  on('meeting:hand', RoomHandSchema, async ({ meetingId, raised }) => {
    const { person } = await authorize(meetingId, 'read');
    if (!socket.rooms.has(meetingRoom(meetingId))) throw new RoomRefusal(ErrorCode.conflict, 'Join the room first.');
    const meeting = await roomCommand(services.meetings, meetingId, (m) => ({
      now: Date.now(),
      next: { kind: 'hand', raised, person },
      agenda: [],
      meeting: m,
    }));
    return broadcast(meeting);
  });

  on('meeting:floor', RoomFloorSchema, async ({ meetingId, personId }) => {
    await authorize(meetingId, 'manage');
    const meeting = await roomCommand(services.meetings, meetingId, (m) => ({ now: Date.now(), next: { kind: 'floor', personId }, agenda: [], meeting: m }));
    return broadcast(meeting);
  });

  socket.on('disconnecting', (reason) => {
    // An instance going down does not tell the room from here (its adapter is closing): the other
    // instances' presence sweeps see the people gone and close their attendance.
    if (reason === 'server shutting down' || reason === 'server namespace disconnect') return;
    const person = socket.data.person;
    for (const room of socket.rooms) {
      if (!room.startsWith(PREFIX)) continue;
      // Counted after this socket is gone.
      setImmediate(() => void leftRoom(room.slice(PREFIX.length), person).catch((err: Error) => log.warn({ err: err.message }, 'meeting leave failed')));
    }
  });
}
