import type { ExpiringStore } from '../store/index.ts';
import type { CounterLimit } from '../store/types.ts';

/** Password guesses allowed per window (README, "Security rules", "Sign-in"). */
export interface ThrottleLimits {
  /** Guesses per account from one address, and the per-account burst before the slowdown. */
  perAccount: number;
  /** Guesses from one address over all accounts. */
  perAddress: number;
  windowMs: number;
}

/** The per-account slowdown never makes anyone wait longer than this for their turn. */
export const MAX_SLOWDOWN_MS = 60_000;
/** How long an address stays known to an account after a successful sign-in from it. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 3_600_000;
const UNLIMITED = Number.MAX_SAFE_INTEGER;

/** A reserved password verification: what to give back when it turns out to be the owner. */
export interface Attempt {
  readonly email: string;
  readonly address: string;
  readonly refundable: CounterLimit[];
}

/**
 * Limits password guessing with counters in the store, so that every instance sees them. Each
 * verification is counted atomically *before* it runs, so a burst of concurrent requests gets no
 * more guesses than a patient attacker. Three limits:
 *
 * - per account and address: `perAccount` guesses per window, then that address waits for the
 *   window to end (for this account only);
 * - per address: `perAddress` guesses per window over all accounts;
 * - per account over all addresses: a burst of `perAccount` guesses per window, then one guess per
 *   slowdown interval (window / perAccount, at most a minute) for the whole account. An address
 *   that has signed in to the account successfully before (a known address) skips this one.
 *
 * A success clears the account-and-address count and refunds its own guess on the other counters.
 * When the store cannot answer, sign-in is refused (fails closed: the error propagates).
 */
export class LoginThrottle {
  readonly slowdownMs: number;

  constructor(
    private readonly store: ExpiringStore,
    private readonly limits: ThrottleLimits,
  ) {
    this.slowdownMs = Math.max(1, Math.min(MAX_SLOWDOWN_MS, limits.windowMs / limits.perAccount));
  }

  /**
   * Reserves one password verification: the attempt to verify now, or the milliseconds to wait
   * before another one may be made. Does the same work whether the account exists or not.
   */
  async begin(rawEmail: string, address: string): Promise<Attempt | { waitMs: number }> {
    const email = rawEmail.trim().toLowerCase();
    const { perAccount, perAddress, windowMs } = this.limits;
    const pair: CounterLimit = { namespace: 'login-pair', id: pairId(email, address), limit: perAccount, ttlMs: windowMs };
    const ip: CounterLimit = { namespace: 'login-address', id: address, limit: perAddress, ttlMs: windowMs };
    const known = await this.store.get<boolean>('login-known', pairId(email, address));
    if (known) {
      const got = await this.store.acquire([pair, ip]);
      return got.ok ? { email, address, refundable: [ip] } : { waitMs: got.waitMs };
    }
    const account: CounterLimit = { namespace: 'login-account', id: email, limit: perAccount, ttlMs: windowMs };
    // Started by the first guess of a burst: the slow lane opens a slowdown after it, not at once.
    const pace: CounterLimit = { namespace: 'login-pace', id: email, limit: UNLIMITED, ttlMs: this.slowdownMs };
    const burst = await this.store.acquire([pair, ip, account, pace]);
    if (burst.ok) return { email, address, refundable: [ip, account] };
    if (burst.blocked.length !== 1 || burst.blocked[0] !== 2) return { waitMs: burst.waitMs };
    // Only the account's burst is used up: one guess per slowdown interval for the whole account.
    const slow = await this.store.acquire([pair, ip, { ...pace, limit: 1 }]);
    return slow.ok ? { email, address, refundable: [ip] } : { waitMs: slow.waitMs };
  }

  /** The password was right: clears this address's count for the account and makes it known. */
  async succeeded(attempt: Attempt): Promise<void> {
    const id = pairId(attempt.email, attempt.address);
    await Promise.all([this.store.delete('login-pair', id), this.store.release(attempt.refundable), this.store.set('login-known', id, true, KNOWN_ADDRESS_MS)]);
  }
}

function pairId(email: string, address: string): string {
  return `${email}\n${address}`;
}
