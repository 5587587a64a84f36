import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { RecordStore } from '../store/index.ts';

const JOBS = 'scheduled-jobs';
/** A claim lasts this long: an instance that dies while running a job leaves it to another after it. */
const CLAIM_MS = 2 * 60_000;
/** A failed run is tried again after this (doubling) wait, at most `MAX_BACKOFF_MS`, at most `MAX_ATTEMPTS` times. */
const RETRY_MS = 5_000;
const MAX_BACKOFF_MS = 30 * 60_000;
const MAX_ATTEMPTS = 10;
/** Jobs done are kept this long (so a restart knows they ran), then forgotten. */
const KEEP_DONE_MS = 3 * 24 * 3_600_000;
/** Longest single timer Node accepts. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One job as stored: due at `runAt`, run once by whichever instance claims it first. */
export interface StoredJob<P = unknown> {
  /** `reminder:meeting:<id>:24h`: scheduling the same key again replaces the job. */
  key: string;
  /** The handler that runs it. */
  kind: string;
  payload: P;
  /** When it is due (ms since the epoch). */
  runAt: number;
  /** Changes each time the job is (re)scheduled, so a run of an older version never marks a newer one done. */
  generation: string;
  attempts: number;
  claim?: { by: string; until: number };
  /** Ran (or gave up): kept so a restart neither repeats nor re-creates it, until `KEEP_DONE_MS` after. */
  done?: { at: number; ok: boolean; error?: string };
}

export type JobHandler<P = unknown> = (payload: P, job: StoredJob<P>) => Promise<void>;

/**
 * One durable scheduler for all of the server's timed work (poll closing, reminders), built on the
 * store's atomic operations, so it works the same on the embedded store and on Redis:
 *
 * - a job is a record under its key in the store (`schedule` replaces, `cancel` removes), so it
 *   survives restarts: a job that fell due while no instance ran is run at the next start;
 * - each instance looks for due jobs on its own timer (the nearest `runAt` it knows) and every
 *   `pollMs` (jobs scheduled by other instances), and claims each one with an atomic update:
 *   with several instances on one Redis exactly one runs it;
 * - a job that ran is marked done (under the generation it ran), so it is never run again; one that
 *   failed is tried again with backoff; an instance that dies while running one leaves its claim to
 *   lapse, and another runs it. Handlers are therefore written to be idempotent (the mails they raise
 *   have deterministic ids, recorded once): a run may be repeated after a crash, its effect never is.
 */
export class Scheduler {
  private readonly handlers = new Map<string, JobHandler<never>>();
  private poller: NodeJS.Timeout | null = null;
  private wake: NodeJS.Timeout | null = null;
  private wakeAt = Infinity;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly instance = randomUUID();

  constructor(
    private readonly records: RecordStore,
    private readonly logger: Logger,
    private readonly options: { pollMs: number },
  ) {}

  /** Registers what runs jobs of a kind (before `start`). */
  handle<P>(kind: string, handler: JobHandler<P>): void {
    this.handlers.set(kind, handler as JobHandler<never>);
  }

  /**
   * Schedules (or re-schedules) the job under `key` to run at `runAt`. Scheduling a job the same as
   * the one stored (same kind, time and payload) changes nothing, so repeating it is harmless, and
   * one already done at that very time is not run again (one cancelled is scheduled anew).
   */
  async schedule<P>(key: string, kind: string, runAt: Date | number, payload: P): Promise<void> {
    const at = typeof runAt === 'number' ? runAt : runAt.getTime();
    const same = JSON.stringify(payload);
    await this.records.update<StoredJob<P>>(JOBS, key, (current) => {
      const cancelled = current?.done?.error === 'cancelled';
      if (current && !cancelled && current.kind === kind && current.runAt === at && JSON.stringify(current.payload) === same) return undefined;
      return { key, kind, payload, runAt: at, generation: randomUUID(), attempts: 0 };
    });
    this.wakeBy(at);
  }

  /** Drops the job under `key` unless it already ran. */
  async cancel(key: string): Promise<void> {
    await this.records.update<StoredJob>(JOBS, key, (current) => {
      if (!current || current.done) return undefined;
      return { ...current, done: { at: Date.now(), ok: false, error: 'cancelled' } };
    });
  }

  /** The job under `key` as stored (for tests and the operator). */
  get(key: string): Promise<StoredJob | undefined> {
    return this.records.get<StoredJob>(JOBS, key);
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.poller = setInterval(() => this.kick(), this.options.pollMs);
    this.poller.unref();
    this.kick();
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    if (this.wake) clearTimeout(this.wake);
    this.poller = null;
    this.wake = null;
    this.wakeAt = Infinity;
    await this.running;
  }

  /** Runs a pass now (or right after the one under way). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'scheduler pass failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Arms this instance's timer for a job due at `at`, when that is before the one armed. */
  private wakeBy(at: number): void {
    if (this.stopped || at >= this.wakeAt) return;
    if (this.wake) clearTimeout(this.wake);
    this.wakeAt = at;
    this.wake = setTimeout(
      () => {
        this.wake = null;
        this.wakeAt = Infinity;
        this.kick();
      },
      Math.max(0, Math.min(at - Date.now(), MAX_TIMER_MS)),
    );
    this.wake.unref();
  }

  private async pass(): Promise<void> {
    const now = Date.now();
    const all = await this.records.list<StoredJob>(JOBS);
    let next = Infinity;
    for (const job of all) {
      if (this.stopped) return;
      if (job.done) {
        if (now - job.done.at > KEEP_DONE_MS) await this.forget(job);
        continue;
      }
      if (!this.handlers.has(job.kind)) continue;
      const free = !job.claim || job.claim.until < now;
      if (job.runAt <= now && free) await this.run(job.key);
      else next = Math.min(next, free ? job.runAt : job.claim!.until);
    }
    if (next < Infinity) this.wakeBy(next);
  }

  private async run(key: string): Promise<void> {
    const nonce = `${this.instance}:${randomUUID()}`;
    const now = Date.now();
    const claimed = await this.records.update<StoredJob>(JOBS, key, (job) => {
      if (!job || job.done || job.runAt > now || (job.claim && job.claim.until >= now)) return undefined;
      return { ...job, claim: { by: nonce, until: now + CLAIM_MS } };
    });
    if (!claimed || claimed.claim?.by !== nonce) return;
    const handler = this.handlers.get(claimed.kind)!;
    const mine = (job: StoredJob | undefined) => !!job && job.generation === claimed.generation && job.claim?.by === nonce;
    try {
      await handler(claimed.payload as never, claimed as StoredJob<never>);
      await this.records.update<StoredJob>(JOBS, key, (job) =>
        mine(job) ? { ...withoutClaim(job!), attempts: job!.attempts + 1, done: { at: Date.now(), ok: true } } : undefined,
      );
      this.logger.debug({ key, kind: claimed.kind }, 'job ran');
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 300);
      const attempts = claimed.attempts + 1;
      const retryAt = Date.now() + Math.min(RETRY_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS);
      await this.records.update<StoredJob>(JOBS, key, (job) =>
        mine(job)
          ? { ...withoutClaim(job!), attempts, ...(attempts >= MAX_ATTEMPTS ? { done: { at: Date.now(), ok: false, error: message } } : { runAt: retryAt }) }
          : undefined,
      );
      this.logger.warn({ key, kind: claimed.kind, attempts, err: message }, attempts >= MAX_ATTEMPTS ? 'job failed; giving up' : 'job failed; will try again');
      if (attempts < MAX_ATTEMPTS) this.wakeBy(retryAt);
    }
  }

  /** Removes a job done long ago, unless it was scheduled again meanwhile. */
  private async forget(job: StoredJob): Promise<void> {
    const current = await this.records.get<StoredJob>(JOBS, job.key);
    if (current && current.done && current.generation === job.generation) await this.records.delete(JOBS, job.key);
  }
}

function withoutClaim(job: StoredJob): StoredJob {
  const { claim: _claim, ...rest } = job;
  return rest;
}
