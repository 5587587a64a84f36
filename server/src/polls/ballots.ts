import { ballotErrors, ErrorCode, tally, type BallotChoice, type Poll, type PollResults, type Turnout, type VoteInput } from '@dialogo/shared';
import { can } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import type { Cities, CityRecord } from '../network/cities.ts';
import { toActor, type People, type PersonRecord } from '../network/people.ts';
import type { Store } from '../store/index.ts';
import { effectiveStatus } from './lifecycle.ts';
import { pollResource } from './resource.ts';

/** Ballots of one poll live in their own collection, one record per city or person: concurrent
 * votes of different voters never touch the same record, and two votes for the same voter meet in
 * one atomic read-modify-write, so they end as one ballot. */
const ballotsOf = (pollId: string) => `poll-ballots:${pollId}`;
/** Casts a ballot remembers (its `revision` still counts them all). */
const BALLOT_HISTORY_MAX = 5;

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

/** A poll's ballots counted: results, turnout and the revision its viewers compare. */
export interface Counted {
  results: PollResults;
  turnout: Turnout;
  ballots: StoredBallot[];
  revision: number;
}

/** The network's people and cities, as counting and naming ballots need them. */
export interface Directory {
  people: PersonRecord[];
  cities: CityRecord[];
}

/** Ballots: casting one atomically, counting them, and who may cast them. The hot path of a vote. */
export class Ballots {
  private directoryRead: Promise<Directory> | null = null;
  private directoryReadAt = 0;

  constructor(
    private readonly store: Store,
    private readonly people: People,
    private readonly cities: Cities,
  ) {}

  list(pollId: string): Promise<StoredBallot[]> {
    return this.store.records.list<StoredBallot>(ballotsOf(pollId));
  }

  /**
   * Casts (or replaces) the ballot of the voter's city, or of the voter, while the poll is open.
   * The closing time is checked again inside the atomic write, so no ballot lands after it.
   */
  async cast(poll: Poll, person: PersonRecord, input: VoteInput): Promise<StoredBallot> {
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
    const stored = await this.store.records.update<StoredBallot>(ballotsOf(poll.id), voter, (current) => {
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
    return stored;
  }

  /** Results and turnout computed from the stored ballots. */
  async count(poll: Poll, ballots?: StoredBallot[]): Promise<Counted> {
    const [all, eligible] = await Promise.all([ballots ?? this.list(poll.id), this.eligible(poll)]);
    const voted = new Set(all.map((b) => b.voter));
    const turnout: Turnout = {
      eligible: eligible.length,
      voted: all.length,
      ...(poll.settings.anonymous ? {} : { notVoted: eligible.filter((e) => !voted.has(e.id)) }),
    };
    const revision = poll.revision + all.reduce((sum, b) => sum + b.revision, 0);
    return {
      results: tally(
        poll,
        all.map((b) => b.choice),
      ),
      turnout,
      ballots: all,
      revision,
    };
  }

  /** Who may cast a ballot: the network's cities, or its delegates and experts. */
  async eligible(poll: Poll): Promise<{ id: string; name: string }[]> {
    const { people, cities } = await this.directory();
    if (poll.settings.ballot === 'city') return cities.filter((c) => !c.archived).map((c) => ({ id: c.id, name: c.name }));
    return people.filter((p) => !p.archived && (p.role === 'delegate' || p.role === 'expert')).map((p) => ({ id: p.id, name: p.name }));
  }

  /** Names of the cities and people a poll's ballots refer to. */
  async names(poll: Poll): Promise<Map<string, string>> {
    const { people, cities } = await this.directory();
    return new Map([...people.map((p) => [p.id, p.name] as const), ...(poll.settings.ballot === 'city' ? cities.map((c) => [c.id, c.name] as const) : [])]);
  }

  /**
   * The network's people and cities, read once for every caller that asks while a read is in
   * flight or within {@link DIRECTORY_FRESH_MS} after it: during a vote every ballot needs them
   * (its receipt names the voter, every broadcast counts turnout), and they rarely change. A
   * person made a delegate a moment ago shows in the turnout that much later.
   */
  private directory(): Promise<Directory> {
    if (this.directoryRead && Date.now() - this.directoryReadAt > DIRECTORY_FRESH_MS) this.directoryRead = null;
    if (!this.directoryRead) {
      this.directoryReadAt = Date.now();
      const read = Promise.all([this.people.list(), this.cities.records()]).then(([people, cities]) => ({ people, cities }));
      this.directoryRead = read;
      // A failed read is not kept: the next caller reads again.
      read.catch(() => {
        if (this.directoryRead === read) this.directoryRead = null;
      });
    }
    return this.directoryRead;
  }
}

/** How long one read of the people and cities serves the ballots that follow it. */
const DIRECTORY_FRESH_MS = 1000;
