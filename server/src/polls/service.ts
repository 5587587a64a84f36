import { randomUUID } from 'node:crypto';
import {
  ballotErrors,
  ErrorCode,
  PollInputSchema,
  tally,
  type BallotChoice,
  type BallotView,
  type Poll,
  type PollInput,
  type PollOption,
  type PollPatch,
  type PollResults,
  type PollUpdate,
  type PollStatus,
  type PollView,
  type Turnout,
  type VoteInput,
} from '@dialogo/shared';
import { can, type Actor, type Resource } from '../access/policy.ts';
import { AppError, validationError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Cities, CityRecord } from '../network/cities.ts';
import { toActor, type People, type PersonRecord } from '../network/people.ts';
import type { Store } from '../store/index.ts';
import type { Scheduler } from '../scheduler/index.ts';

const POLLS = 'polls';
/** Ballots of one poll live in their own collection, one record per city or person: concurrent
 * votes of different voters never touch the same record, and two votes for the same voter meet in
 * one atomic read-modify-write, so they end as one ballot. */
const ballotsOf = (pollId: string) => `poll-ballots:${pollId}`;

/** A ballot as stored. The person who cast it is kept even on anonymous polls (to count once per
 * person) and never leaves the server for them. */
export interface StoredBallot {
  /** City id (per-city polls) or person id. */
  voter: string;
  choice: BallotChoice;
  reason?: string;
  castBy: string;
  castAt: string;
  /** How many times it was cast: the poll's revision sums these. */
  revision: number;
  history: { castBy: string; castAt: string }[];
}

/** What every viewer of a poll may receive at once: no names, whatever the poll's settings. */
export type PollBroadcast = PollUpdate;

/** The scheduler's job that closes a poll at its closing time. */
const CLOSE_JOB = 'poll-close';
export const pollCloseKey = (id: string) => `poll:${id}:close`;
/** Casts a ballot remembers (its `revision` still counts them all). */
const BALLOT_HISTORY_MAX = 5;

/** The policy's resource for a poll (polls are the network's: every member reads them). */
export function pollResource(poll: Pick<Poll, 'settings'>, forCity?: string): Resource {
  return { kind: 'poll', scope: { cities: [], people: [], guests: [], restricted: false, open: true, ballot: poll.settings.ballot, forCity } };
}

/** Who sees a poll: every reader once it is open; while a draft, only those who manage it. */
export function canSee(actor: Actor, poll: Pick<Poll, 'settings' | 'status'>): boolean {
  const resource = pollResource(poll);
  return can(actor, 'read', resource) && (poll.status !== 'draft' || can(actor, 'manage', resource));
}

/** The status a poll has now: open past its closing time reads as closed, on every instance. */
export function effectiveStatus(poll: Poll, now = Date.now()): PollStatus {
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

/** Polls: their lifecycle, ballots, counting and closing on time. */
export class Polls {
  /** Called after every change of a poll or its ballots (the live layer broadcasts it). */
  onChange: (update: PollBroadcast, poll: Poll) => void = () => {};
  /**
   * Called once, on the instance that closed it, when a poll closes (the results go into its
   * minutes); `by` is who closed it by hand, absent when it closed at its closing time.
   */
  onClosed: (poll: Poll, results: PollResults, turnout: Turnout, by?: PersonRecord) => Promise<void> = async () => {};
  private readonly announcing = new Map<string, { again: boolean }>();
  private directoryRead: Promise<{ people: PersonRecord[]; cities: CityRecord[] }> | null = null;

  constructor(
    private readonly store: Store,
    private readonly people: People,
    private readonly cities: Cities,
    private readonly log: Logger,
    private readonly scheduler: Scheduler,
  ) {
    // Closing on time is a job of the one scheduler: durable, run once over all instances.
    scheduler.handle<{ pollId: string }>(CLOSE_JOB, async ({ pollId }) => {
      await this.close(pollId, { onlyIfDue: true });
    });
  }

  get(id: string): Promise<Poll | undefined> {
    return this.store.records.get<Poll>(POLLS, id);
  }

  async list(): Promise<Poll[]> {
    const all = await this.store.records.list<Poll>(POLLS);
    return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async ballots(pollId: string): Promise<StoredBallot[]> {
    return this.store.records.list<StoredBallot>(ballotsOf(pollId));
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
      if (current.kind !== 'proposal' && patch.options.length < 2) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { options: 'at-least-two' });
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
    void this.announce(next);
    return next;
  }

  /** Opens a draft, or reopens a closed poll (its closing time, if passed, is dropped). */
  async open(id: string): Promise<Poll> {
    const now = Date.now();
    const next = await this.store.records.update<Poll>(POLLS, id, (poll) => {
      if (!poll || (poll.status === 'open' && effectiveStatus(poll, now) === 'open')) return undefined;
      const out: Poll = { ...poll, status: 'open', openedAt: poll.openedAt ?? new Date(now).toISOString(), revision: poll.revision + 1 };
      delete out.closedAt;
      if (out.closesAt && Date.parse(out.closesAt) <= now) delete out.closesAt;
      return out;
    });
    const poll = next ?? (await this.require(id));
    if (next) {
      await this.schedule(next);
      void this.announce(next);
    }
    return poll;
  }

  /** Closes an open poll now (by hand, `by`) or at its closing time (the scheduler's job); the first to close it runs onClosed. */
  async close(id: string, { onlyIfDue = false, by }: { onlyIfDue?: boolean; by?: PersonRecord } = {}): Promise<Poll> {
    const now = Date.now();
    const next = await this.store.records.update<Poll>(POLLS, id, (poll) => {
      if (!poll || poll.status !== 'open') return undefined;
      const due = poll.closesAt !== undefined && Date.parse(poll.closesAt) <= now;
      if (onlyIfDue && !due) return undefined;
      // Closed on time means at its closing time exactly, whenever the timer ran.
      const closedAt = due ? poll.closesAt! : new Date(now).toISOString();
      return { ...poll, status: 'closed', closedAt, closesAt: due ? poll.closesAt : closedAt, revision: poll.revision + 1 };
    });
    if (!next) return this.require(id);
    await this.scheduler.cancel(pollCloseKey(id));
    const { results, turnout } = await this.count(next);
    void this.announce(next);
    await this.onClosed(next, results, turnout, by).catch((err: Error) => this.log.error({ err: err.message, pollId: id }, 'results block failed'));
    return next;
  }

  /**
   * Casts (or replaces) the ballot of the voter's city, or of the voter, while the poll is open.
   * The closing time is checked again inside the atomic write, so no ballot lands after it.
   */
  async vote(id: string, person: PersonRecord, input: VoteInput, known?: Poll): Promise<StoredBallot> {
    const poll = known?.id === id ? known : await this.require(id);
    const status = effectiveStatus(poll);
    if (status !== 'open') {
      throw new AppError(ErrorCode.pollClosed, 409, status === 'draft' ? 'This poll is not open yet.' : 'This poll is closed: votes are no longer accepted.');
    }
    const perCity = poll.settings.ballot === 'city';
    const cityId = perCity ? (input.cityId ?? person.cityId) : undefined;
    if (!can(toActor(person), 'vote', pollResource(poll, cityId))) {
      throw new AppError(ErrorCode.forbidden, 403, perCity ? 'Only a delegate of the city may cast its ballot.' : 'You may not vote in this poll.');
    }
    const fields = ballotErrors(poll, input);
    if (Object.keys(fields).length > 0) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', fields);
    const voter = perCity ? cityId! : person.id;
    const closesAt = poll.closesAt ? Date.parse(poll.closesAt) : Infinity;
    let late = false;
    const stored = await this.store.records.update<StoredBallot>(ballotsOf(id), voter, (current) => {
      const now = Date.now();
      if (now >= closesAt) {
        late = true;
        return undefined;
      }
      late = false;
      const castAt = new Date(now).toISOString();
      return {
        voter,
        choice: input.choice,
        ...(input.reason ? { reason: input.reason } : {}),
        castBy: person.id,
        castAt,
        revision: (current?.revision ?? 0) + 1,
        // The latest casts only: a ballot re-cast all meeting long must not grow without end.
        history: [...(current?.history ?? []).slice(1 - BALLOT_HISTORY_MAX), { castBy: person.id, castAt }],
      };
    });
    if (late || !stored) throw new AppError(ErrorCode.pollClosed, 409, 'This poll is closed: votes are no longer accepted.');
    void this.announce(poll);
    return stored;
  }

  /** Results and turnout computed from the stored ballots. */
  async count(poll: Poll, ballots?: StoredBallot[]): Promise<{ results: PollResults; turnout: Turnout; ballots: StoredBallot[]; revision: number }> {
    const [all, eligible] = await Promise.all([ballots ?? this.ballots(poll.id), this.eligible(poll)]);
    const voted = new Set(all.map((b) => b.voter));
    const turnout: Turnout = {
      eligible: eligible.length,
      voted: all.length,
      ...(poll.settings.anonymous ? {} : { notVoted: eligible.filter((e) => !voted.has(e.id)) }),
    };
    const revision = poll.revision + all.reduce((sum, b) => sum + b.revision, 0);
    return { results: tally(poll, all.map((b) => b.choice)), turnout, ballots: all, revision };
  }

  /** Who may cast a ballot: the network's cities, or its delegates and experts. */
  async eligible(poll: Poll): Promise<{ id: string; name: string }[]> {
    const { people, cities } = await this.directory();
    if (poll.settings.ballot === 'city') return cities.filter((c) => !c.archived).map((c) => ({ id: c.id, name: c.name }));
    return people.filter((p) => !p.archived && (p.role === 'delegate' || p.role === 'expert')).map((p) => ({ id: p.id, name: p.name }));
  }

  /** Everything `viewer` may see of one poll now. */
  async view(poll: Poll, viewer: PersonRecord): Promise<PollView> {
    const actor = toActor(viewer);
    const status = effectiveStatus(poll);
    const { results, turnout, ballots, revision } = await this.count(poll);
    const perCity = poll.settings.ballot === 'city';
    const mineKey = perCity ? viewer.cityId : viewer.id;
    const mine = mineKey ? ballots.find((b) => b.voter === mineKey) : undefined;
    const manage = can(actor, 'manage', pollResource(poll));
    const visible = manage || status === 'closed' || poll.settings.results === 'live' || (poll.settings.results === 'after-vote' && !!mine);
    const names = await this.names(poll);
    const toView = (b: StoredBallot): BallotView => ({
      voter: { kind: perCity ? 'city' : 'person', id: b.voter, name: names.get(b.voter) ?? b.voter },
      choice: b.choice,
      ...(b.reason ? { reason: b.reason } : {}),
      castAt: b.castAt,
      castBy: { id: b.castBy, name: names.get(b.castBy) ?? '' },
      history: b.history.map((h) => ({ castBy: { id: h.castBy, name: names.get(h.castBy) ?? '' }, castAt: h.castAt })),
      casts: b.revision,
    });
    // On anonymous polls even the voter's own view carries no name: a co-delegate must not learn who cast it.
    const anonymise = (v: BallotView): BallotView => ({ ...v, castBy: { id: '', name: '' }, history: [] });
    return {
      poll,
      status,
      revision,
      turnout,
      ...(visible ? { results } : {}),
      ...(visible && !poll.settings.anonymous ? { ballots: ballots.map(toView).sort((a, b) => a.voter.name.localeCompare(b.voter.name)) } : {}),
      ...(mine ? { mine: { ...(poll.settings.anonymous ? anonymise(toView(mine)) : toView(mine)), byYou: mine.castBy === viewer.id } } : {}),
      can: { vote: status === 'open' && can(actor, 'vote', pollResource(poll, viewer.cityId)), manage },
    };
  }

  /** What every viewer of the poll receives live; see {@link PollBroadcast}. */
  async broadcast(poll: Poll): Promise<PollBroadcast> {
    const { results, turnout, revision } = await this.count(poll);
    const status = effectiveStatus(poll);
    return {
      pollId: poll.id,
      revision,
      status,
      turnout: { eligible: turnout.eligible, voted: turnout.voted },
      ...(poll.meetingId ? { meetingId: poll.meetingId } : {}),
      ...(status === 'closed' || poll.settings.results === 'live' ? { results } : {}),
    };
  }

  /**
   * Makes sure every open poll with a closing time has its closing job (polls opened before the
   * scheduler existed; scheduling the same job again changes nothing).
   */
  async start(): Promise<void> {
    for (const poll of await this.list()) if (poll.status === 'open' && poll.closesAt) await this.schedule(poll);
  }

  /** Nothing of its own to stop: its timed work is the scheduler's. */
  stop(): void {}

  /** The closing job of a poll as it is now: at its closing time while open, none otherwise. */
  private async schedule(poll: Poll): Promise<void> {
    if (poll.status !== 'open' || !poll.closesAt) return this.scheduler.cancel(pollCloseKey(poll.id));
    await this.scheduler.schedule(pollCloseKey(poll.id), CLOSE_JOB, Date.parse(poll.closesAt), { pollId: poll.id });
  }

  /**
   * Tells the poll's watchers. One broadcast per poll at a time: changes made while one is being
   * computed are carried by one more after it, so a burst of ballots costs a few broadcasts, not
   * one each, and the last one always reflects every ballot.
   */
  private async announce(poll: Poll): Promise<void> {
    const running = this.announcing.get(poll.id);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: true };
    this.announcing.set(poll.id, state);
    try {
      while (state.again) {
        state.again = false;
        const fresh = (await this.get(poll.id)) ?? poll;
        this.onChange(await this.broadcast(fresh), fresh);
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message, pollId: poll.id }, 'poll broadcast failed');
    } finally {
      this.announcing.delete(poll.id);
    }
  }

  /** Names of the cities and people a poll's ballots refer to. */
  private async names(poll: Poll): Promise<Map<string, string>> {
    const { people, cities } = await this.directory();
    return new Map([...people.map((p) => [p.id, p.name] as const), ...(poll.settings.ballot === 'city' ? cities.map((c) => [c.id, c.name] as const) : [])]);
  }

  /**
   * The network's people and cities, read once for every caller that asks while a read is in
   * flight: during a vote every ballot needs them (turnout, names), and they rarely change.
   */
  private directory(): Promise<{ people: PersonRecord[]; cities: CityRecord[] }> {
    this.directoryRead ??= Promise.all([this.people.list(), this.cities.records()])
      .then(([people, cities]) => ({ people, cities }))
      .finally(() => {
        this.directoryRead = null;
      });
    return this.directoryRead;
  }

  private async require(id: string): Promise<Poll> {
    const poll = await this.get(id);
    if (!poll) throw new AppError(ErrorCode.notFound, 404, 'No such poll.');
    return poll;
  }
}
