import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MAIL_KINDS, PERSON_MAIL_KINDS, type MailKind, type MailPreferences } from '@dialogo/shared';
import type { RecordStore } from '../store/index.ts';

const PREFERENCES = 'mail-preferences';
const SECRETS = 'secrets';
const UNSUBSCRIBE_SECRET = 'mail-unsubscribe';

interface StoredPreferences {
  email: string;
  /** The kinds this address does not receive. */
  off: MailKind[];
}

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * Which kinds of mail an address receives, and the signed one-click unsubscribe tokens (RFC 8058)
 * that change it without a session. Choices are kept by address, so an invitation (sent before
 * its recipient is a person) can be refused too. A token is `<address>.<kind>.<HMAC>` under a
 * secret created once in the store (the same on every instance): it names one address and one
 * kind, and no other can be made from it.
 */
export class MailPreferencesStore {
  private secret: Promise<Buffer> | null = null;

  constructor(private readonly records: RecordStore) {}

  private key(): Promise<Buffer> {
    this.secret ??= (async () => {
      await this.records.putIfAbsent(SECRETS, UNSUBSCRIBE_SECRET, randomBytes(32).toString('hex'));
      const hex = await this.records.get<string>(SECRETS, UNSUBSCRIBE_SECRET);
      if (!hex) throw new Error('no unsubscribe secret in the store');
      return Buffer.from(hex, 'hex');
    })().catch((err: unknown) => {
      this.secret = null;
      throw err;
    });
    return this.secret;
  }

  private async signature(email: string, kind: MailKind): Promise<Buffer> {
    return createHmac('sha256', await this.key())
      .update(`unsubscribe\n${email.toLowerCase()}\n${kind}`)
      .digest();
  }

  async token(email: string, kind: MailKind): Promise<string> {
    return `${b64(email.toLowerCase())}.${kind}.${b64(await this.signature(email, kind))}`;
  }

  /** The address and kind a token names, when its signature holds; else null. */
  async verify(token: string | undefined): Promise<{ email: string; kind: MailKind } | null> {
    const m = /^([A-Za-z0-9_-]{1,400})\.([a-z-]{1,40})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
    if (!m || !(MAIL_KINDS as readonly string[]).includes(m[2]!)) return null;
    const email = Buffer.from(m[1]!, 'base64url').toString('utf8');
    const kind = m[2] as MailKind;
    const given = Buffer.from(m[3]!, 'base64url');
    const expected = await this.signature(email, kind);
    return given.length === expected.length && timingSafeEqual(given, expected) ? { email, kind } : null;
  }

  async receives(email: string, kind: MailKind): Promise<boolean> {
    const stored = await this.records.get<StoredPreferences>(PREFERENCES, email.toLowerCase());
    return !stored?.off.includes(kind);
  }

  async of(email: string): Promise<MailPreferences> {
    const stored = await this.records.get<StoredPreferences>(PREFERENCES, email.toLowerCase());
    return Object.fromEntries(PERSON_MAIL_KINDS.map((k) => [k, !stored?.off.includes(k)])) as MailPreferences;
  }

  async set(email: string, change: Partial<Record<MailKind, boolean>>): Promise<void> {
    const id = email.toLowerCase();
    await this.records.update<StoredPreferences>(PREFERENCES, id, (current) => {
      const off = new Set(current?.off ?? []);
      for (const [kind, on] of Object.entries(change) as [MailKind, boolean | undefined][]) {
        if (on === true) off.delete(kind);
        else if (on === false) off.add(kind);
      }
      return { email: id, off: MAIL_KINDS.filter((k) => off.has(k)) };
    });
  }
}
