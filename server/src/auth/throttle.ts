import type { ExpiringStore } from '../store/index.ts';

/** Failed sign-ins allowed per window before the next attempt must wait. */
export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

/**
 * Slows down password guessing per account and per address, with counters in the store so that
 * every instance sees them. When the store cannot answer, sign-in is refused (fails closed).
 */
export class LoginThrottle {
  constructor(
    private readonly store: ExpiringStore,
    private readonly limits: ThrottleLimits,
  ) {}

  /** Milliseconds to wait before another attempt, or 0 when one is allowed now. */
  async waitMs(email: string, address: string): Promise<number> {
    const [account, ip] = await Promise.all([
      this.store.get<{ count: number; until: number }>('login-block', `a:${email}`),
      this.store.get<{ count: number; until: number }>('login-block', `ip:${address}`),
    ]);
    const until = Math.max(account?.until ?? 0, ip?.until ?? 0);
    return Math.max(0, until - Date.now());
  }

  /** Records a failure; past the limit, blocks the account or address for the rest of the window. */
  async failed(email: string, address: string): Promise<void> {
    const { perAccount, perAddress, windowMs } = this.limits;
    const [account, ip] = await Promise.all([
      this.store.increment('login-fail', `a:${email}`, windowMs),
      this.store.increment('login-fail', `ip:${address}`, windowMs),
    ]);
    const blocks: Promise<void>[] = [];
    if (account.count >= perAccount) blocks.push(this.block(`a:${email}`, account.ttlMs));
    if (ip.count >= perAddress) blocks.push(this.block(`ip:${address}`, ip.ttlMs));
    await Promise.all(blocks);
  }

  /** A successful sign-in clears the account's count (not the address's). */
  async succeeded(email: string): Promise<void> {
    await this.store.delete('login-fail', `a:${email}`);
  }

  private block(id: string, ttlMs: number): Promise<void> {
    const ms = Math.max(1000, ttlMs);
    return this.store.set('login-block', id, { until: Date.now() + ms }, ms);
  }
}
