import type { Poll, PollInput, PollPatch, PollView, VoteInput, VoteReceipt } from '@dialogo/shared';
import type { Logger } from '../logger.ts';
import type { Cities } from '../network/cities.ts';
import type { People, PersonRecord } from '../network/people.ts';
import type { DomainEvents } from '../ports/domain-events.ts';
import type { Scheduler } from '../scheduler/index.ts';
import type { Store } from '../store/index.ts';
import { Ballots, type Counted, type StoredBallot } from './ballots.ts';
import { CLOSE_JOB, PollLifecycle } from './lifecycle.ts';
import { presentBroadcast, presentOwnBallot, presentPoll, type PollBroadcast } from './presenter.ts';

export type { StoredBallot } from './ballots.ts';
export { effectiveStatus, optionsFrom, pollCloseKey } from './lifecycle.ts';
export type { PollBroadcast } from './presenter.ts';
export { canSee, pollResource } from './resource.ts';

/**
 * Polls, as the rest of the server uses them: the record's life (lifecycle.ts), ballots and their
 * count (ballots.ts), what each reader sees (presenter.ts), and telling of each change: `poll.changed`
 * after every change of a poll or its ballots (one broadcast at a time per poll), `poll.closed` once,
 * on the instance that closed it (its results go into its minutes).
 */
export class Polls {
  private readonly announcing = new Map<string, { again: boolean }>();
  private readonly lifecycle: PollLifecycle;
  private readonly ballotBox: Ballots;

  constructor(
    store: Store,
    people: People,
    cities: Cities,
    private readonly log: Logger,
    scheduler: Scheduler,
    private readonly events: DomainEvents,
  ) {
    this.lifecycle = new PollLifecycle(store, scheduler);
    this.ballotBox = new Ballots(store, people, cities);
    // Closing on time is a job of the one scheduler: durable, run once over all instances.
    scheduler.handle<{ pollId: string }>(CLOSE_JOB, async ({ pollId }) => {
      await this.close(pollId, { onlyIfDue: true });
    });
  }

  get(id: string): Promise<Poll | undefined> {
    return this.lifecycle.get(id);
  }

  list(): Promise<Poll[]> {
    return this.lifecycle.list();
  }

  ballots(pollId: string): Promise<StoredBallot[]> {
    return this.ballotBox.list(pollId);
  }

  /** A new draft; options get ids from their labels. */
  create(input: PollInput, by: PersonRecord, id?: string): Promise<Poll> {
    return this.lifecycle.create(input, by, id);
  }

  /** Changes a poll: anything while a draft; once open, only its closing time, minutes and agenda item. */
  async patch(id: string, patch: PollPatch): Promise<Poll> {
    const next = await this.lifecycle.patch(id, patch);
    void this.announce(next);
    return next;
  }

  /** Opens a draft, or reopens a closed poll (its closing time, if passed, is dropped). */
  async open(id: string): Promise<Poll> {
    const next = await this.lifecycle.open(id);
    if (!next) return this.lifecycle.require(id);
    void this.announce(next);
    return next;
  }

  /** Closes an open poll now (by hand, `by`) or at its closing time (the scheduler's job); the first to close it tells `poll.closed`. */
  async close(id: string, { onlyIfDue = false, by }: { onlyIfDue?: boolean; by?: PersonRecord } = {}): Promise<Poll> {
    const next = await this.lifecycle.close(id, onlyIfDue);
    if (!next) return this.lifecycle.require(id);
    const { results, turnout } = await this.count(next);
    void this.announce(next);
    // Its subscribers' failures (the results block) are logged by the channel, not the closing's.
    await this.events.emit('poll.closed', { poll: next, results, turnout, ...(by ? { by } : {}) });
    return next;
  }

  /**
   * Casts (or replaces) the ballot of the voter's city, or of the voter, while the poll is open
   * (`known`: the poll as the caller just read it, saving a read on the hot path).
   */
  async vote(id: string, person: PersonRecord, input: VoteInput, known?: Poll): Promise<StoredBallot> {
    const poll = known?.id === id ? known : await this.lifecycle.require(id);
    const stored = await this.ballotBox.cast(poll, person, input);
    void this.announce(poll);
    return stored;
  }

  /** Results and turnout computed from the stored ballots. */
  count(poll: Poll, ballots?: StoredBallot[]): Promise<Counted> {
    return this.ballotBox.count(poll, ballots);
  }

  /** Who may cast a ballot: the network's cities, or its delegates and experts. */
  eligible(poll: Poll): Promise<{ id: string; name: string }[]> {
    return this.ballotBox.eligible(poll);
  }

  /** Everything `viewer` may see of one poll now. */
  async view(poll: Poll, viewer: PersonRecord): Promise<PollView> {
    const [counted, names] = await Promise.all([this.count(poll), this.ballotBox.names(poll)]);
    return presentPoll(poll, viewer, counted, names);
  }

  /** What a live vote is acknowledged with: the voter's ballot as stored (the counts follow in the poll's update). */
  async receipt(poll: Poll, voter: PersonRecord, stored: StoredBallot): Promise<VoteReceipt> {
    return { pollId: poll.id, mine: presentOwnBallot(poll, voter, stored, await this.ballotBox.names(poll)) };
  }

  /** What every viewer of the poll receives live; see {@link PollBroadcast}. */
  async broadcast(poll: Poll): Promise<PollBroadcast> {
    return presentBroadcast(poll, await this.count(poll));
  }

  /** Makes sure every open poll with a closing time has its closing job. */
  start(): Promise<void> {
    return this.lifecycle.start();
  }

  /** Nothing of its own to stop: its timed work is the scheduler's. */
  stop(): void {}

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
        await this.events.emit('poll.changed', { update: await this.broadcast(fresh), poll: fresh });
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message, pollId: poll.id }, 'poll broadcast failed');
    } finally {
      this.announcing.delete(poll.id);
    }
  }
}
