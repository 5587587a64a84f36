import { z } from 'zod';

/**
 * Mail (issue 21): the kinds of mail Dialogo sends, what the Outbox page shows of each, and a
 * person's choice of which kinds they receive.
 */
export const MAIL_KINDS = ['invitation', 'password-reset', 'meeting', 'mention', 'reminder', 'poll', 'proposal', 'minutes'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * The kinds a person can choose on their profile (an invitation goes to someone not yet a person):
 * `reminder` is a meeting's reminder 24 hours before; `poll` a poll opened and its reminder 24 hours
 * before it closes; `proposal` a proposal's status change and its deadline in 7 days; `minutes`
 * minutes approved or published.
 */
export const PERSON_MAIL_KINDS = ['meeting', 'reminder', 'poll', 'proposal', 'minutes', 'mention', 'password-reset'] as const satisfies readonly MailKind[];
export type PersonMailKind = (typeof PERSON_MAIL_KINDS)[number];

/**
 * Where a mail is: `queued` (waiting for its first or next attempt), `sending` (claimed by one
 * instance), `sent` (accepted by the SMTP server), `kept` (no SMTP configured: kept in the outbox
 * only), `refused` (over the sender's rate limit: not sent).
 */
/** `failed`: a mail with a single-use link whose instance could not send it in time (the link is not kept). */
export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'kept', 'refused', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** One mail as the Outbox page shows it. */
export interface OutboxMail {
  id: string;
  kind: MailKind;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** The iCalendar part's method, when the mail carries one. */
  calendar?: 'REQUEST' | 'CANCEL';
  status: MailStatus;
  attempts: number;
  createdAt: string;
  sentAt?: string;
  lastError?: string;
}

/** `GET/PATCH /api/me/mail-preferences`: which kinds a person receives (true: receives). */
export const MailPreferencesSchema = z
  .object(Object.fromEntries(PERSON_MAIL_KINDS.map((k) => [k, z.boolean()])) as Record<PersonMailKind, z.ZodBoolean>)
  .partial()
  .strict();
export type MailPreferences = Record<PersonMailKind, boolean>;
