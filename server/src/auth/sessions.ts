import type { ExpiringStore } from '../store/index.ts';
import { isTokenShaped, newToken, tokenKey } from './tokens.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'dialogo_session';

interface SessionRecord {
  personId: string;
  createdAt: number;
}

/**
 * Sessions live in the store (Redis or embedded), so every instance knows them. A new id is
 * issued at each sign-in (no fixation) and the store holds only its hash.
 */
export class Sessions {
  constructor(
    private readonly store: ExpiringStore,
    private readonly ttlMs: number,
  ) {}

  async create(personId: string): Promise<string> {
    const id = newToken();
    await this.store.set<SessionRecord>('session', tokenKey(id), { personId, createdAt: Date.now() }, this.ttlMs);
    return id;
  }

  /** The session of a cookie value, or undefined when missing, malformed, expired or ended. */
  async get(id: string | undefined): Promise<SessionRecord | undefined> {
    if (!isTokenShaped(id)) return undefined;
    return this.store.get<SessionRecord>('session', tokenKey(id));
  }

  async destroy(id: string | undefined): Promise<void> {
    if (isTokenShaped(id)) await this.store.delete('session', tokenKey(id));
  }
}
