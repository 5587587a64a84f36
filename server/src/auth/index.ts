import { parse as parseCookies } from 'hono/utils/cookie';
import { ErrorCode } from '@dialogo/shared';
import { AppError } from '../errors.ts';
import type { People, PersonRecord } from '../network/people.ts';
import type { ExpiringStore } from '../store/index.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { SESSION_COOKIE, Sessions } from './sessions.ts';
import { LoginThrottle, type ThrottleLimits } from './throttle.ts';

export { SESSION_COOKIE } from './sessions.ts';

/** Sign-in, sign-out and "who is this request": the same answer on HTTP, WebSocket and socket.io. */
export class Auth {
  readonly sessions: Sessions;
  private readonly throttle: LoginThrottle;

  constructor(
    expiring: ExpiringStore,
    private readonly people: People,
    opts: { sessionTtlMs: number; throttle: ThrottleLimits },
  ) {
    this.sessions = new Sessions(expiring, opts.sessionTtlMs);
    this.throttle = new LoginThrottle(expiring, opts.throttle);
  }

  /**
   * Checks the password and opens a new session (a new id every time: no fixation). Unknown
   * accounts, wrong passwords and archived people get the same answer in the same time.
   */
  async login(email: string, password: string, address: string): Promise<{ person: PersonRecord; sessionId: string }> {
    // Counted before the verification runs, so that concurrent guesses cannot outrun the limits.
    const attempt = await this.throttle.begin(email, address);
    if ('waitMs' in attempt) throw tooManyAttempts(attempt.waitMs);
    const person = await this.people.byEmail(email);
    const ok = await verifyPassword(person?.passwordHash, password);
    if (!ok || !person || person.archived) {
      throw new AppError(ErrorCode.invalidCredentials, 401, 'Wrong email or password.');
    }
    await this.throttle.succeeded(attempt);
    return { person, sessionId: await this.sessions.create(person.id) };
  }

  /** Opens a session without a password (right after accepting an invitation). */
  async startSession(person: PersonRecord): Promise<string> {
    return this.sessions.create(person.id);
  }

  /**
   * Changes a signed-in person's password once the current one is proven, ends every session they
   * had (other devices, a session left open somewhere) and opens a new one for this browser. A
   * wrong current password counts as a failed sign-in, so a borrowed session cannot be used to
   * guess it.
   */
  async changePassword(person: PersonRecord, current: string, next: string, address: string): Promise<string> {
    const attempt = await this.throttle.begin(person.email, address);
    if ('waitMs' in attempt) throw tooManyAttempts(attempt.waitMs);
    if (!(await verifyPassword(person.passwordHash, current))) {
      throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { currentPassword: 'incorrect' });
    }
    await this.throttle.succeeded(attempt);
    const passwordHash = await hashPassword(next);
    await this.people.update(person.id, { passwordHash, sessionsValidAfter: Date.now() });
    return this.sessions.create(person.id);
  }

  logout(sessionId: string | undefined): Promise<void> {
    return this.sessions.destroy(sessionId);
  }

  /**
   * The signed-in person of a session id, or null (no session, ended, archived, or reset since).
   * `expected`: whom the session belonged to when it was last checked (a live socket's person), so
   * the session and the person are read at once rather than one after the other; a session that
   * now names someone else is refused.
   */
  async personOf(sessionId: string | undefined, expected?: string): Promise<PersonRecord | null> {
    const [session, guessed] = await Promise.all([this.sessions.get(sessionId), expected ? this.people.get(expected) : undefined]);
    if (!session) return null;
    if (expected && session.personId !== expected) return null;
    const person = guessed ?? (await this.people.get(session.personId));
    if (!person || person.archived) return null;
    if (person.sessionsValidAfter && session.createdAt < person.sessionsValidAfter) return null;
    return person;
  }

  /** The same, from a raw `Cookie` header (WebSocket and socket.io handshakes and events). */
  personOfCookieHeader(header: string | undefined, expected?: string): Promise<PersonRecord | null> {
    return this.personOf(sessionIdOf(header), expected);
  }
}

/** The session id carried by a `Cookie` header. */
export function sessionIdOf(header: string | undefined): string | undefined {
  return header ? parseCookies(header, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
}

function tooManyAttempts(waitMs: number): AppError {
  const error = new AppError(ErrorCode.tooManyRequests, 429, 'Too many failed sign-ins: wait before trying again.');
  error.retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return error;
}
