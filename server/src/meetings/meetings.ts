import { randomUUID } from 'node:crypto';
import {
  agendaDocName,
  DocKind,
  EMPTY_LIVE,
  ErrorCode,
  minutesDocName,
  type DocumentScope,
  type DocumentSummary,
  type Meeting,
  type MeetingInput,
  type MeetingView,
} from '@dialogo/shared';
import { can, type Actor } from '../access/policy.ts';
import type { Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import type { Store } from '../store/index.ts';
import { readAgenda } from '../documents/agenda.ts';
import { normalizeAttendance } from './attendance.ts';
import { presentMeeting } from './presenter.ts';
import { meetingResource } from './resource.ts';

/** Meetings are records; their agenda and minutes are documents listed in the catalog. */
export const MEETINGS = 'meetings';

export { meetingResource, meetingScope } from './resource.ts';

/** The scope kept on the catalog records of the meeting's agenda and minutes. */
function documentScope(m: Meeting, locked: boolean): DocumentScope {
  return {
    ...(m.participants.cities.length ? { cities: m.participants.cities } : {}),
    ...(m.participants.people.length ? { people: m.participants.people } : {}),
    visibility: m.visibility,
    ...(locked ? { locked: true } : {}),
  };
}

/**
 * A fresh id: crypto-random, like every other record's. Nothing in it comes from the meeting
 * (an id made of its day and title could be guessed, and would show the title in addresses).
 */
function meetingId(): string {
  return randomUUID();
}

/** Normalizes an instant to UTC (`...Z`), so that every stored time is comparable as text. */
export const utc = (iso: string) => new Date(iso).toISOString();

/** The network's meetings. */
export class Meetings {
  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    /** Where the agenda is read. */
    private readonly docs: LiveDocs,
  ) {}

  get(id: string): Promise<Meeting | undefined> {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) return Promise.resolve(undefined);
    // Attendance reads as one entry per person within the meeting's running time, records of before included.
    return this.store.records.get<Meeting>(MEETINGS, id).then((m) => (m ? normalizeAttendance(m) : m));
  }

  async list(): Promise<Meeting[]> {
    return (await this.store.records.list<Meeting>(MEETINGS)).map(normalizeAttendance).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  /**
   * The meeting if `actor` may read it; else the same 404 as for a meeting that does not exist, so
   * the answer does not tell whether a meeting one may not see is there.
   */
  async readable(actor: Actor, id: string): Promise<Meeting> {
    const meeting = await this.get(id);
    if (!meeting || !can(actor, 'read', meetingResource(meeting))) throw new AppError(ErrorCode.notFound, 404, 'No such meeting.');
    return meeting;
  }

  /** The meeting with what `actor` may do with it (see `presenter.ts`). */
  view(actor: Actor, meeting: Meeting): MeetingView {
    return presentMeeting(actor, meeting);
  }

  /** Creates a meeting with its agenda and minutes documents (listed before the meeting, so a listed meeting always has them). */
  async create(input: MeetingInput, id = meetingId(), extra: Partial<Meeting> = {}): Promise<Meeting> {
    const meeting: Meeting = {
      id,
      ...input,
      startsAt: utc(input.startsAt),
      endsAt: utc(input.endsAt),
      status: 'planned',
      minutesStatus: 'open',
      approvedAt: null,
      approvedBy: null,
      createdAt: new Date().toISOString(),
      live: EMPTY_LIVE,
      attendance: [],
      registrations: [],
      ...extra,
    };
    await this.listDocuments(meeting);
    if (!(await this.store.records.putIfAbsent(MEETINGS, id, meeting))) throw new AppError(ErrorCode.conflict, 409, 'A meeting with this id exists.');
    return meeting;
  }

  /** Changes a meeting's details; participants and visibility change its documents' scope too. */
  async patch(id: string, change: Partial<MeetingInput>): Promise<Meeting> {
    const normalized = {
      ...change,
      ...(change.startsAt ? { startsAt: utc(change.startsAt) } : {}),
      ...(change.endsAt ? { endsAt: utc(change.endsAt) } : {}),
    };
    let invalid = false;
    const updated = await this.store.records.update<Meeting>(MEETINGS, id, (current) => {
      invalid = false;
      if (!current) return undefined;
      const next = { ...normalizeAttendance(current), ...normalized };
      if (Date.parse(next.endsAt) <= Date.parse(next.startsAt)) {
        invalid = true;
        return undefined;
      }
      return next;
    });
    if (invalid) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { endsAt: 'end-before-start' });
    if (!updated) throw new AppError(ErrorCode.notFound, 404, 'No such meeting.');
    if (change.participants || change.visibility) await this.listDocuments(updated);
    return updated;
  }

  /**
   * Atomic change of a meeting record (the room's state, status, approval): `change` may run more
   * than once and must not have side effects. Resolves with the stored meeting.
   */
  update(id: string, change: (current: Meeting) => Meeting | undefined): Promise<Meeting | undefined> {
    return this.store.records.update<Meeting>(MEETINGS, id, (current) => (current ? change(normalizeAttendance(current)) : undefined));
  }

  /** The meeting's agenda as it stands now, in outline order. */
  agenda(id: string) {
    return readAgenda(this.docs, id);
  }

  /** Lists (or re-lists, with the current scope) the meeting's agenda and minutes. */
  async listDocuments(meeting: Meeting): Promise<void> {
    const locked = meeting.minutesStatus === 'approved';
    const existing = await this.catalog.get(minutesDocName(meeting.id));
    const docs: DocumentSummary[] = [
      { name: agendaDocName(meeting.id), kind: DocKind.agenda, title: meeting.title, createdAt: meeting.createdAt, scope: documentScope(meeting, false) },
      {
        name: minutesDocName(meeting.id),
        kind: DocKind.minutes,
        title: existing?.title ?? meeting.title,
        createdAt: existing?.createdAt ?? meeting.createdAt,
        scope: documentScope(meeting, locked),
      },
    ];
    for (const doc of docs) await this.catalog.put(doc);
  }
}
