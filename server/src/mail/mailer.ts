import { createHash, randomUUID } from 'node:crypto';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { Language, MailKind, MailStatus, OutboxMail } from '@dialogo/shared';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/index.ts';
import type { MailPreferencesStore } from './preferences.ts';
import { headerSafe, renderMail, type MailContent } from './render.ts';
import { mailText } from './strings.ts';

const MAIL = 'mail';
/** Ids of the mails still to send, so a pass does not read the whole outbox. */
const PENDING = 'mail-pending';
const SENDER_COUNTERS = 'mail-sender';
const HOUR = 3_600_000;
/** A claim lasts this long: an instance that dies while sending leaves the mail to another after it. */
const CLAIM_MS = 2 * 60_000;
const MAX_BACKOFF_MS = HOUR;
const OUTBOX_SHOWN = 200;
/**
 * How long the instance that raised a mail with single-use links keeps trying to send it. Past it
 * (or once that instance is gone) the mail fails visibly in the outbox: the coordinator still has
 * the link to send by hand.
 */
const HELD_MS = 60 * 60_000;

/** What a part of Dialogo asks to send: one mail to one recipient, for one event. */
export interface MailRequest {
  /** Deterministic per event and recipient (`invite:<id>:<address>`): the same event is never recorded twice. */
  id: string;
  kind: MailKind;
  to: { name?: string; address: string };
  language: Language;
  content: Omit<MailContent, 'unsubscribe'>;
  /** An iCalendar invitation (a `text/calendar` part and an .ics attachment). */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** Whose action causes the mail: counted against MAIL_MAX_PER_SENDER_PER_HOUR. */
  sender?: string;
  /** Origin the links of the mail are built on (PUBLIC_URL, else the request's). */
  origin: string;
  /**
   * Single-use links (invitation, password reset) the mail carries. They are never stored: the
   * store keeps the mail with them left out, and only the instance that raised it, holding the
   * whole mail in memory, sends it (see `HELD_MS`).
   */
  secrets?: string[];
}

/** A mail as stored, from before its first attempt to its end. */
export interface MailRecord extends OutboxMail {
  language: Language;
  unsubscribeUrl: string;
  ics?: string;
  nextAttemptAt: number;
  claim?: { by: string; until: number };
  /** A mail with single-use links: only this instance holds it whole, until `heldUntil`. */
  heldBy?: string;
  heldUntil?: number;
}

interface PendingEntry {
  id: string;
  nextAttemptAt: number;
}

export type EnqueueResult = 'queued' | 'exists' | 'unsubscribed' | 'refused';

/** `Name <address>` or `address` into nodemailer's address object. */
export function parseAddress(value: string): { name: string; address: string } {
  const m = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  return m ? { name: headerSafe(m[1]!.replace(/^"|"$/g, '')), address: m[2]! } : { name: '', address: value.trim() };
}

/**
 * The one pipeline of every mail. A mail is recorded in the store (`putIfAbsent` under its
 * deterministic id) before anything is sent, so an event raised twice records it once and a crash
 * loses nothing. A pass over the pending mails claims each one atomically (`update`: only one
 * instance gets it), sends it, and marks it sent; a failed send is tried again after a wait that
 * doubles up to an hour. Only the last step differs: to the SMTP server of `SMTP_URL`, or, without
 * one, the mail is kept in the outbox the coordinators read.
 */
export class Mailer {
  /** The SMTP connection, made at start when SMTP_URL is set; without it mail stays in the outbox. */
  private transport: Transporter | null = null;
  private readonly from: { name: string; address: string };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** This process, for mails whose single-use links only it holds. */
  private readonly instance = randomUUID();
  /** The whole content of the mails with single-use links this instance raised, by id. */
  private readonly held = new Map<string, Pick<MailRecord, 'subject' | 'text' | 'html'>>();
  /** Other work run at each pass (mention digests; reminders are the scheduler's, `server/src/scheduler`). */
  readonly periodic: Array<() => Promise<void>> = [];

  constructor(
    private readonly store: Store,
    private readonly preferences: MailPreferencesStore,
    private readonly config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'MAIL_RETRY_MS' | 'MAIL_MAX_PER_SENDER_PER_HOUR'>,
    private readonly logger: Logger,
  ) {
    this.from = parseAddress(config.MAIL_FROM);
  }

  get delivers(): boolean {
    return !!this.config.SMTP_URL;
  }

  /** Records a mail (once per id) and wakes the sender. */
  async enqueue(request: MailRequest): Promise<EnqueueResult> {
    const address = request.to.address.trim().toLowerCase();
    if (!(await this.preferences.receives(address, request.kind))) return 'unsubscribed';
    if (await this.store.records.get<MailRecord>(MAIL, request.id)) return 'exists';
    let status: MailStatus = 'queued';
    if (request.sender) {
      const { count } = await this.store.expiring.increment(SENDER_COUNTERS, request.sender, HOUR);
      if (count > this.config.MAIL_MAX_PER_SENDER_PER_HOUR) status = 'refused';
    }
    const unsubscribeUrl = `${request.origin}/unsubscribe/${await this.preferences.token(address, request.kind)}`;
    const rendered = renderMail(request.language, { ...request.content, unsubscribe: { kind: request.kind, url: unsubscribeUrl } });
    const now = Date.now();
    const secrets = (request.secrets ?? []).filter((s) => s.length > 0);
    const stored = secrets.length > 0 ? withheld(rendered, secrets, mailText(request.language)('linkWithheld')) : rendered;
    const record: MailRecord = {
      id: request.id,
      kind: request.kind,
      to: { name: headerSafe(request.to.name ?? '', 120), address },
      language: request.language,
      ...stored,
      ...(secrets.length > 0 ? { heldBy: this.instance, heldUntil: now + HELD_MS } : {}),
      ...(request.calendar ? { calendar: request.calendar.method, ics: request.calendar.content } : {}),
      unsubscribeUrl,
      status,
      attempts: 0,
      createdAt: new Date(now).toISOString(),
      nextAttemptAt: now,
      ...(status === 'refused' ? { lastError: 'rate-limit' } : {}),
    };
    if (secrets.length > 0 && status !== 'refused') this.held.set(record.id, { subject: rendered.subject, text: rendered.text, html: rendered.html });
    if (!(await this.store.records.putIfAbsent(MAIL, record.id, record))) {
      this.held.delete(record.id);
      return 'exists';
    }
    if (status === 'refused') {
      this.logger.warn({ sender: request.sender, kind: request.kind }, 'mail refused: sender over the hourly limit');
      return 'refused';
    }
    await this.store.records.put<PendingEntry>(PENDING, record.id, { id: record.id, nextAttemptAt: now });
    this.kick();
    return 'queued';
  }

  /** The outbox: the newest mails first. */
  async outbox(): Promise<OutboxMail[]> {
    const all = await this.store.records.list<MailRecord>(MAIL);
    all.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    return all.slice(0, OUTBOX_SHOWN).map(({ language: _l, unsubscribeUrl: _u, ics: _i, nextAttemptAt: _n, claim: _c, ...mail }) => mail);
  }

  /** Starts the passes; mails recorded but not yet in the pending list (a crash between the two writes) are put back first. */
  async start(): Promise<void> {
    this.stopped = false;
    // nodemailer (some 15 MB) is loaded only when mail is really sent; the outbox needs none of it.
    if (this.config.SMTP_URL && !this.transport) {
      const { default: nodemailer } = await import('nodemailer');
      this.transport = nodemailer.createTransport({
        url: this.config.SMTP_URL,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    }
    const all = await this.store.records.list<MailRecord>(MAIL);
    for (const mail of all) {
      if (mail.status === 'queued' || mail.status === 'sending') {
        await this.store.records.putIfAbsent<PendingEntry>(PENDING, mail.id, { id: mail.id, nextAttemptAt: mail.nextAttemptAt });
      }
    }
    const every = Math.min(this.config.MAIL_RETRY_MS, 5000);
    this.timer = setInterval(() => this.kick(), every);
    this.timer.unref();
    this.kick();
  }

  /** Stops the passes and waits for the one under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.transport?.close();
  }

  /** Runs a pass now (or right after the one under way). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'mail pass failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async pass(): Promise<void> {
    // Before start() has connected to the SMTP server nothing is sent (it would be marked kept).
    if (this.config.SMTP_URL && !this.transport) return;
    for (const job of this.periodic) {
      await job().catch((err: Error) => this.logger.warn({ err: err.message }, 'mail job failed'));
    }
    const now = Date.now();
    const due = (await this.store.records.list<PendingEntry>(PENDING)).filter((p) => p.nextAttemptAt <= now);
    for (const entry of due) {
      if (this.stopped) return;
      await this.attempt(entry.id);
    }
  }

  private async attempt(id: string): Promise<void> {
    const nonce = randomUUID();
    const now = Date.now();
    const claimed = await this.store.records.update<MailRecord>(MAIL, id, (mail) => {
      if (!mail) return undefined;
      const free = (mail.status === 'queued' && mail.nextAttemptAt <= now) || (mail.status === 'sending' && (mail.claim?.until ?? 0) < now);
      if (!free) return undefined;
      if (mail.heldBy && (mail.heldBy !== this.instance || !this.held.has(id))) {
        // Only its instance can send it; past the hold, it fails where the coordinator sees it.
        return (mail.heldUntil ?? 0) < now ? { ...withoutClaim(mail), status: 'failed', lastError: 'link-not-kept' } : undefined;
      }
      return { ...mail, status: 'sending', claim: { by: nonce, until: now + CLAIM_MS } };
    });
    if (!claimed || claimed.claim?.by !== nonce) {
      const current = await this.store.records.get<MailRecord>(MAIL, id);
      // Done elsewhere (or never recorded): nothing left to send under this id.
      if (!current || current.status === 'sent' || current.status === 'kept' || current.status === 'refused' || current.status === 'failed') {
        await this.store.records.delete(PENDING, id);
        this.held.delete(id);
      }
      return;
    }
    try {
      if (this.transport) await this.transport.sendMail(this.message(claimed));
      const done = await this.store.records.update<MailRecord>(MAIL, id, (mail) =>
        mail && mail.claim?.by === nonce
          ? { ...withoutClaim(mail), status: this.transport ? 'sent' : 'kept', attempts: mail.attempts + 1, sentAt: new Date().toISOString() }
          : undefined,
      );
      if (done) {
        await this.store.records.delete(PENDING, id);
        this.held.delete(id);
      }
      this.logger.info({ id, kind: claimed.kind, delivered: !!this.transport }, 'mail sent');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const attempts = claimed.attempts + 1;
      const next = Date.now() + Math.min(this.config.MAIL_RETRY_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS);
      await this.store.records.update<MailRecord>(MAIL, id, (mail) =>
        mail && mail.claim?.by === nonce
          ? { ...withoutClaim(mail), status: 'queued', attempts, nextAttemptAt: next, lastError: message.slice(0, 300) }
          : undefined,
      );
      await this.store.records.put<PendingEntry>(PENDING, id, { id, nextAttemptAt: next });
      this.logger.warn({ id, attempts, err: message }, 'mail not sent; will try again');
    }
  }

  /** The message nodemailer sends: addresses as objects (never a string with a name in it), one Message-ID per mail. */
  private message(stored: MailRecord): SendMailOptions {
    const domain = this.from.address.split('@')[1] ?? 'dialogo';
    const mail = { ...stored, ...this.held.get(stored.id) };
    return {
      from: this.from,
      to: { name: headerSafe(mail.to.name, 120), address: mail.to.address },
      subject: headerSafe(mail.subject),
      text: mail.text,
      html: mail.html,
      messageId: `<${createHash('sha256').update(mail.id).digest('hex').slice(0, 32)}@${domain}>`,
      headers: {
        'List-Unsubscribe': `<${mail.unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'Auto-Submitted': 'auto-generated',
      },
      ...(mail.ics && mail.calendar ? { icalEvent: { method: mail.calendar, filename: 'invite.ics', content: mail.ics } } : {}),
      disableFileAccess: true,
      disableUrlAccess: true,
    };
  }
}

/** The mail with its single-use links left out, as the store keeps it. */
function withheld<T extends { subject: string; text: string; html: string }>(mail: T, secrets: string[], placeholder: string): T {
  const strip = (value: string) => secrets.reduce((out, secret) => out.split(secret).join(placeholder), value);
  return { ...mail, subject: strip(mail.subject), text: strip(mail.text), html: strip(mail.html) };
}

function withoutClaim(mail: MailRecord): MailRecord {
  const { claim: _claim, ...rest } = mail;
  return rest;
}
