import { randomUUID } from 'node:crypto';
import { ErrorCode, PollInputSchema, type Poll, type PollInput, type PollOption, type PollPatch, type PollStatus } from '@dialogo/shared';
import { AppError, validationError } from '../errors.ts';
import type { PersonRecord } from '../network/people.ts';
import type { Scheduler } from '../scheduler/index.ts';
import type { Store } from '../store/index.ts';

const POLLS = 'polls';
/** The scheduler's job that closes a poll at its closing time. */
export const CLOSE_JOB = 'poll-close';
export const pollCloseKey = (id: string) => `poll:${id}:close`;

/** The status a poll has now: open past its closing time reads as closed, on every instance. */
export function effectiveStatus(poll: Pick<Poll, 'status' | 'closesAt'>, now = Date.now()): PollStatus {
  if (poll.status === 'open' && poll.closesAt && Date.parse(poll.closesAt) <= now) return 'closed';
  return poll.status;
}

const slug = (label: string, taken: Set<string>) => {
  const base =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 30)
      .replace(/^-+|-+$/g, '') || 'option';
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  taken.add(id);
  return id;
};

/** Option records from labels, each with a stable id. */
export function optionsFrom(labels: readonly string[]): PollOption[] {
  const taken = new Set<string>();
  return labels.map((label) => ({ id: slug(label, taken), label }));
}

/**
 * A poll's record through its life: a draft, changed, opened, closed (by hand or at its closing
 * time, a job of the one scheduler). Each change is one atomic update of the record; a method that
 * changed nothing returns null, so the caller announces only real changes.
 */
export class PollLifecycle {
  constructor(
    private readonly store: Store,
    private readonly scheduler: Scheduler,
  ) {}

  get(id: string): Promise<Poll | undefined> {
    return this.store.records.get<Poll>(POLLS, id);
  }

  async list(): Promise<Poll[]> {
    const all = await this.store.records.list<Poll>(POLLS);
    return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async require(id: string): Promise<Poll> {
    const poll = await this.get(id);
    if (!poll) throw new AppError(ErrorCode.notFound, 404, 'No such poll.');
    return poll;
  }

  /** A new draft; options get ids from their labels. */
  async create(input: PollInput, by: PersonRecord, id: string = randomUUID()): Promise<Poll> {
    const parsed = PollInputSchema.safeParse(input);
    if (!parsed.success) throw validationError(parsed.error.issues);
    const data = parsed.data;
    if (data.closesAt && Date.parse(data.closesAt) <= Date.now()) {
      throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { closesAt: 'past' });
    }
    const poll: Poll = {
      id,
      question: data.question,
      description: data.description,
      kind: data.kind,
      options: data.kind === 'proposal' ? [] : optionsFrom(data.options),
      settings: data.settings,
      status: 'draft',
      ...(data.closesAt ? { closesAt: new Date(data.closesAt).toISOString() } : {}),
      ...(data.minutes ? { minutes: data.minutes } : {}),
      ...(data.agendaItem ? { agendaItem: data.agendaItem } : {}),
      ...(data.meetingId ? { meetingId: data.meetingId } : {}),
      createdAt: new Date().toISOString(),
      createdBy: by.id,
      revision: 1,
    };
    if (!(await this.store.records.putIfAbsent(POLLS, id, poll))) throw new AppError(ErrorCode.conflict, 409, 'A poll with this id exists.');
    return poll;
  }

  /** Changes a poll: anything while a draft; once open, only its closing time, minutes and agenda item. */
  async patch(id: string, patch: PollPatch): Promise<Poll> {
    const current = await this.require(id);
    const structural = patch.question !== undefined || patch.description !== undefined || patch.options !== undefined || patch.settings !== undefined;
    if (structural && current.status !== 'draft') throw new AppError(ErrorCode.conflict, 409, 'Only a draft can change its question, options or settings.');
    if (patch.closesAt && effectiveStatus(current) !== 'closed' && Date.parse(patch.closesAt) <= Date.now() && current.status === 'open') {
      throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { closesAt: 'past' });
    }
    if (patch.options) {
      const ids = patch.options.map((o) => o.id);
      if (new Set(ids).size !== ids.length) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { options: 'duplicate' });
      if (current.kind !== 'proposal' && patch.options.length < 2)
        throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { options: 'at-least-two' });
    }
    const next = await this.store.records.update<Poll>(POLLS, id, (poll) => {
      if (!poll) return undefined;
      const out: Poll = { ...poll, revision: poll.revision + 1 };
      if (patch.question !== undefined) out.question = patch.question;
      if (patch.description !== undefined) out.description = patch.description;
      if (patch.options !== undefined) out.options = patch.options;
      if (patch.settings !== undefined) out.settings = { ...poll.settings, ...patch.settings };
      if (patch.closesAt !== undefined) {
        if (patch.closesAt === null) delete out.closesAt;
        else out.closesAt = new Date(patch.closesAt).toISOString();
      }
      if (patch.minutes !== undefined) {
        if (patch.minutes === null) delete out.minutes;
        else out.minutes = patch.minutes;
      }
      if (patch.agendaItem !== undefined) {
        if (patch.agendaItem === null) delete out.agendaItem;
        else out.agendaItem = patch.agendaItem;
      }
      return out;
    });
    if (!next) throw new AppError(ErrorCode.notFound, 404, 'No such poll.');
    await this.schedule(next);
    return next;
  }

  /** Opens a draft, or reopens a closed poll (its closing time, if passed, is dropped); null when it was open already. */
  async open(id: string): Promise<Poll | null> {
    const now = Date.now();
    const next = await this.store.records.update<Poll>(POLLS, id, (poll) => {
      if (!poll || (poll.status === 'open' && effectiveStatus(poll, now) === 'open')) return undefined;
      const out: Poll = { ...poll, status: 'open', openedAt: poll.openedAt ?? new Date(now).toISOString(), revision: poll.revision + 1 };
      delete out.closedAt;
      if (out.closesAt && Date.parse(out.closesAt) <= now) delete out.closesAt;
      return out;
    });
    if (next) await this.schedule(next);
    return next ?? null;
  }

  /** Closes an open poll now, or only if its closing time has come (`onlyIfDue`); null when this call did not close it. */
  async close(id: string, onlyIfDue: boolean): Promise<Poll | null> {
    const now = Date.now();
    const next = await this.store.records.update<Poll>(POLLS, id, (poll) => {
      if (!poll || poll.status !== 'open') return undefined;
      const due = poll.closesAt !== undefined && Date.parse(poll.closesAt) <= now;
      if (onlyIfDue && !due) return undefined;
      // Closed on time means at its closing time exactly, whenever the timer ran.
      const closedAt = due ? poll.closesAt! : new Date(now).toISOString();
      return { ...poll, status: 'closed', closedAt, closesAt: due ? poll.closesAt : closedAt, revision: poll.revision + 1 };
    });
    if (!next) return null;
    await this.scheduler.cancel(pollCloseKey(id));
    return next;
  }

  /**
   * Makes sure every open poll with a closing time has its closing job (polls opened before the
   * scheduler existed; scheduling the same job again changes nothing).
   */
  async start(): Promise<void> {
    for (const poll of await this.list()) if (poll.status === 'open' && poll.closesAt) await this.schedule(poll);
  }

  /** The closing job of a poll as it is now: at its closing time while open, none otherwise. */
  private async schedule(poll: Poll): Promise<void> {
    if (poll.status !== 'open' || !poll.closesAt) return this.scheduler.cancel(pollCloseKey(poll.id));
    await this.scheduler.schedule(pollCloseKey(poll.id), CLOSE_JOB, Date.parse(poll.closesAt), { pollId: poll.id });
  }
}
