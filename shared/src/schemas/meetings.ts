import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import type { AckFn } from '../live-events.ts';
import { patchOf } from './patch.ts';

/**
 * Meetings of the network: the record (details, status, participants, attendance and the room's
 * live state, all in one store record so that one atomic update changes them together), the
 * co-edited agenda (a Yjs document per meeting), the minutes built on it, and the action items
 * recorded inside the minutes.
 */

/** The network works in this zone; times are stored in UTC and shown in the viewer's zone. */
export const NETWORK_TIME_ZONE = 'Europe/Rome';

export const MEETING_STATUSES = ['planned', 'live', 'closed'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** `open` while the meeting is planned or live; `draft` once closed; `approved` (locked) by a coordinator. */
export const MINUTES_STATUSES = ['open', 'draft', 'approved'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max, 'too-long').default('');
/** An instant with its offset (`2020-06-18T08:00:00.000Z`); stored as UTC. */
const instant = z.iso.datetime({ offset: true, message: 'datetime' });

/** A web address (`http`/`https`), the only kind a meeting's online link may be. */
const webUrl = z.url({ protocol: /^https?$/ });

/** Body of `POST /api/meetings` (and, every field optional, `PATCH /api/meetings/:id`). */
const meetingFields = z.object({
  title: z.string().trim().min(1, 'required').max(LIMITS.title, 'too-long'),
  startsAt: instant,
  endsAt: instant,
  onlineUrl: z
    .string()
    .trim()
    .max(LIMITS.url, 'too-long')
    .refine((v) => v === '' || webUrl.safeParse(v).success, 'url')
    .default(''),
  place: text(LIMITS.place),
  hostCityId: text(LIMITS.id),
  experts: text(LIMITS.meetingPeople),
  support: text(LIMITS.meetingPeople),
  notes: text(LIMITS.notes),
  /** Cities and people registered to attend; empty: the whole network takes part. */
  participants: z
    .object({ cities: z.array(z.string().max(80)).max(200).default([]), people: z.array(z.string().max(80)).max(500).default([]) })
    .default({ cities: [], people: [] }),
  /** `participants`: only participants (and coordinators) see the meeting. */
  visibility: z.enum(['network', 'participants']).default('network'),
});
const endAfterStart = (m: { startsAt?: string; endsAt?: string }) => !m.startsAt || !m.endsAt || Date.parse(m.endsAt) > Date.parse(m.startsAt);
export const MeetingInputSchema = meetingFields.strict().refine(endAfterStart, { path: ['endsAt'], message: 'end-before-start' });
export type MeetingInput = z.infer<typeof MeetingInputSchema>;
export const MeetingPatchSchema = patchOf(meetingFields.shape)
  .strict()
  .refine(endAfterStart, { path: ['endsAt'], message: 'end-before-start' });

/** One stretch of a person's presence in the room while the meeting ran. */
export interface AttendanceStretch {
  joinedAt: string;
  /** null while they are in the room. */
  leftAt: string | null;
}

/**
 * A person's attendance of a meeting: one entry per person, counted only while the meeting runs
 * (from its start to its end), with their stretches in the room merged (a reload or a second tab
 * does not make another). `joinedAt` is their first arrival, `leftAt` their last departure (null
 * while present). See server/src/meetings/attendance.ts.
 */
export interface AttendanceEntry {
  personId: string;
  name: string;
  cityId: string | null;
  joinedAt: string;
  leftAt: string | null;
  stretches: AttendanceStretch[];
}

/** Someone in the speaking queue, or holding the floor. */
export interface Speaker {
  personId: string;
  name: string;
  cityId: string | null;
  since: string;
}

/** The room's state as the server keeps it (in the meeting record). */
export interface MeetingLive {
  /** Agenda item under discussion, or null before the start and after the end. */
  currentItemId: string | null;
  /** When the current item's time runs out (UTC ms): its time box plus extensions from when it became current. */
  itemEndsAt: number | null;
  startedAt: string | null;
  endedAt: string | null;
  queue: Speaker[];
  speaker: Speaker | null;
}

/** A person who registered to attend (delegates register before the meeting; attendance is what the room records). */
export interface Registration {
  personId: string;
  name: string;
  cityId: string | null;
  at: string;
}

/** A meeting as the API returns it. */
export interface Meeting {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  onlineUrl: string;
  place: string;
  hostCityId: string;
  experts: string;
  support: string;
  notes: string;
  participants: { cities: string[]; people: string[] };
  visibility: 'network' | 'participants';
  status: MeetingStatus;
  minutesStatus: MinutesStatus;
  approvedAt: string | null;
  approvedBy: { id: string; name: string } | null;
  createdAt: string;
  live: MeetingLive;
  attendance: AttendanceEntry[];
  /** People registered to attend (absent on records written before registrations existed). */
  registrations?: Registration[];
  /** The action-plan row this meeting was scheduled from (absent otherwise). */
  planRowId?: string;
  /** When a coordinator cancelled it (absent: not cancelled); participants were mailed a calendar cancellation. */
  cancelledAt?: string;
}

/**
 * A meeting with what the signed-in person may do with it: `permissions` on the meeting (its
 * `edit` the minutes'), and `can.register` register to attend or take it back (who may see it,
 * while it is neither closed nor cancelled).
 */
export interface MeetingView extends Meeting {
  permissions: { read: boolean; edit: boolean; manage: boolean };
  can: { register: boolean };
}

export const EMPTY_LIVE: MeetingLive = { currentItemId: null, itemEndsAt: null, startedAt: null, endedAt: null, queue: [], speaker: null };

export const ACTION_ITEM_STATUSES = ['open', 'in-progress', 'done', 'cancelled'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** `YYYY-MM-DD` or empty. */
export const DUE_DATE = /^$|^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** An action item as the tracker lists it (its source of truth is its block in the minutes). */
export interface ActionItem {
  id: string;
  meetingId: string;
  meetingTitle: string;
  meetingStartsAt: string;
  /** The agenda item whose section holds it, or '' for the general notes. */
  agendaItemId: string;
  description: string;
  /** `city:<id>` or `person:<id>`, or '' while not assigned. */
  owner: string;
  due: string;
  status: ActionItemStatus;
  overdue: boolean;
}

/** An action item as `/api/action-items` answers it, with whether the reader may change its status (`setStatus`: who may write its minutes). */
export interface ActionItemView extends ActionItem {
  can: { setStatus: boolean };
}

/** Body of `PATCH /api/action-items/:meetingId/:id`. */
export const ActionItemPatchSchema = z.object({ status: z.enum(ACTION_ITEM_STATUSES) }).strict();
/** Query of `GET /api/action-items` (and its spreadsheet): a city, a status, `overdue=true`; each optional, unknown values ignored. */
export const ActionItemFiltersSchema = z.object({
  city: z.string().max(80).optional(),
  status: z.string().max(40).optional(),
  overdue: z.string().max(10).optional(),
});

/** An item is overdue when its due day has passed (in the network's zone) and it is still open. */
export function isOverdue(item: { due: string; status: ActionItemStatus }, today: string): boolean {
  return !!item.due && item.due < today && (item.status === 'open' || item.status === 'in-progress');
}

/** Today in the network's zone, `YYYY-MM-DD`. */
export function networkToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: NETWORK_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

// ---------------------------------------------------------------------------------------------
// The live room (socket.io)

/** A person in the room now (deduplicated over their tabs and instances). */
export interface PresentPerson {
  personId: string;
  name: string;
  cityId: string | null;
  role: string;
}

/** What every member of a meeting room sees, sent after every change. */
export interface RoomState {
  meetingId: string;
  status: MeetingStatus;
  minutesStatus: MinutesStatus;
  live: MeetingLive;
  present: PresentPerson[];
  attendance: AttendanceEntry[];
  /** The server's clock when this state was sent: clients count the remaining time from it. */
  serverNow: number;
}

/** `approve`: a coordinator approves the closed meeting's draft minutes, which locks them. */
export const ROOM_COMMANDS = ['start', 'next', 'previous', 'extend', 'end', 'approve'] as const;
export type RoomCommand = (typeof ROOM_COMMANDS)[number];

const meetingId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'invalid');
export const RoomJoinSchema = z.object({ meetingId });
export const RoomControlSchema = z.object({ meetingId, command: z.enum(ROOM_COMMANDS), minutes: z.number().int().min(1).max(120).optional() });
export const RoomHandSchema = z.object({ meetingId, raised: z.boolean() });
export const RoomFloorSchema = z.object({ meetingId, personId: z.string().max(80).nullable() });

/** The socket.io room of a meeting. */
export const meetingRoom = (id: string) => `meeting:${id}`;

// socket.io's event maps are declared in live-events.ts; the meeting room adds its own events
// here, so that each feature's events live beside its feature.
declare module '../live-events.ts' {
  interface ClientToServerEvents {
    'meeting:join': (input: { meetingId: string }, ack: AckFn<RoomState>) => void;
    'meeting:leave': (input: { meetingId: string }, ack: AckFn<null>) => void;
    'meeting:control': (input: { meetingId: string; command: RoomCommand; minutes?: number }, ack: AckFn<RoomState>) => void;
    'meeting:hand': (input: { meetingId: string; raised: boolean }, ack: AckFn<RoomState>) => void;
    'meeting:floor': (input: { meetingId: string; personId: string | null }, ack: AckFn<RoomState>) => void;
  }
  interface ServerToClientEvents {
    'meeting:state': (state: RoomState) => void;
    /**
     * Someone registered to attend or took it back: the meeting's registrations as stored now. Sent
     * to the room of its agenda (`doc:agenda:<id>`), which the meeting's page joins and whose
     * readers are the meeting's.
     */
    'meeting:registrations': (change: { meetingId: string; registrations: Registration[] }) => void;
  }
}
