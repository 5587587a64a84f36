import { z } from 'zod';

/** Every default in one place (HP `defaultConfiguration`). */
export const defaults = {
  PORT: 3000,
  HOST: '0.0.0.0',
  REDIS_PREFIX: 'dialogo',
  DATA_DIR: './data',
  LOG_LEVEL: 'info',
  /** How long a document stays in memory after its last client left. */
  DOC_UNLOAD_DELAY_MS: 2000,
  /** Stored updates after which a document's log is merged into its snapshot. */
  COMPACT_AFTER_UPDATES: 500,
  /** Largest WebSocket message accepted; larger ones close the connection with 1009. */
  MAX_MESSAGE_BYTES: 10 * 1024 * 1024,
  /** Seed the demo network and documents at start. */
  DEMO: true,
  /** Largest HTTP request body; larger ones get 413. */
  MAX_BODY_BYTES: 1024 * 1024,
  /** Lifetime of a session (sign in again after it). */
  SESSION_TTL_HOURS: 14 * 24,
  /** Lifetime of an invitation link. */
  INVITE_TTL_HOURS: 7 * 24,
  /** Lifetime of a password-reset link. */
  RESET_TTL_HOURS: 24,
  /** Failed sign-ins per account, and per address, within the window before attempts must wait. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: 5,
  LOGIN_MAX_FAILURES_PER_ADDRESS: 20,
  LOGIN_WINDOW_MINUTES: 15,
  /** Secure cookies: `auto` when the request came over HTTPS. */
  COOKIE_SECURE: 'auto',
  /** Take the client address and protocol from X-Forwarded-* (only behind a proxy you run). */
  TRUST_PROXY: false,
  VERSION_IDLE_MS: 60_000,
  VERSION_MAX_INTERVAL_MS: 5 * 60_000,
  /**
   * How often open document and live connections are authorized again, so that a role change,
   * an archive or a sign-out takes effect on connections that are already open.
   */
  ACCESS_RECHECK_MS: 5000,

  // Limits of the document WebSocket (README, "Configuration"): each closes or refuses with a code
  // and reason from shared/src/collab.ts that the client can show.
  /** Largest document (its encoded state); an update that would grow it beyond closes with 4413. */
  MAX_DOCUMENT_BYTES: 64 * 1024 * 1024,
  MAX_DELETE_RANGES: 100_000,
  /**
   * Hard ceiling of the outgoing bytes one connection may have waiting; beyond it the client is
   * closed with 4430 at once. At least MAX_DOCUMENT_BYTES + MAX_MESSAGE_BYTES (checked at start), so a
   * sync of the largest document plus an update never reaches it: a large message is not a slow client.
   */
  MAX_BUFFERED_BYTES: 128 * 1024 * 1024,
  /** A connection with bytes waiting that drains none of them for this long has stopped reading: 4430. */
  SLOW_CONSUMER_MS: 10_000,
  /** Awareness (caret, name) messages a connection may send per second; more are dropped. */
  AWARENESS_MAX_PER_SECOND: 30,
  /** Largest awareness message; larger ones close the connection with 1009. */
  AWARENESS_MAX_BYTES: 32 * 1024,
  /** Open document connections of one person on one instance; more are refused with 4429. */
  MAX_CONNECTIONS_PER_PERSON: 200,
  /** Open document connections from one address on one instance; more are refused with 4429. */
  MAX_CONNECTIONS_PER_ADDRESS: 500,
  /** Time from the upgrade until the connection is authorized and its document open, else 4408. */
  AUTH_TIMEOUT_MS: 10_000,
  /** Longest a SIGTERM drain may take (refuse, tell clients to reconnect, flush) before exiting. */
  SHUTDOWN_TIMEOUT_MS: 10_000,
  /** Serve Prometheus metrics at /metrics. */
  METRICS_ENABLED: false,
  /** The sender of every mail: an address, or `Name <address>`. */
  MAIL_FROM: 'Dialogo <dialogo@localhost>',
  /** First wait after a failed send; it doubles at each failure, up to an hour. */
  MAIL_RETRY_MS: 30_000,
  /** Mails one person's actions may cause per hour (invitations, resets, meeting changes); more are refused. */
  MAIL_MAX_PER_SENDER_PER_HOUR: 200,
  /** At most one mention digest per person this often. */
  MAIL_DIGEST_MINUTES: 10,
  /** How often each instance looks for timed jobs (poll closing, reminders) that other instances scheduled. */
  SCHEDULER_POLL_MS: 5000,
} as const;

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }).transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z
  .object({
    PORT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(65535).default(defaults.PORT),
    HOST: z.string().min(1).default(defaults.HOST),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only')
      .default(defaults.REDIS_PREFIX),
    DATA_DIR: z.string().min(1).default(defaults.DATA_DIR),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default(defaults.LOG_LEVEL),
    CLIENT_DIST: z.string().optional(),
    DOC_UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(defaults.DOC_UNLOAD_DELAY_MS),
    COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(defaults.COMPACT_AFTER_UPDATES),
    MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(defaults.MAX_MESSAGE_BYTES),
    DEMO: bool.default(defaults.DEMO),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(defaults.MAX_BODY_BYTES),
    SESSION_TTL_HOURS: z.coerce.number().positive().default(defaults.SESSION_TTL_HOURS),
    INVITE_TTL_HOURS: z.coerce.number().positive().default(defaults.INVITE_TTL_HOURS),
    RESET_TTL_HOURS: z.coerce.number().positive().default(defaults.RESET_TTL_HOURS),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(defaults.LOGIN_MAX_FAILURES_PER_ACCOUNT),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(defaults.LOGIN_MAX_FAILURES_PER_ADDRESS),
    LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(defaults.LOGIN_WINDOW_MINUTES),
    COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default(defaults.COOKIE_SECURE),
    TRUST_PROXY: bool.default(defaults.TRUST_PROXY),
    VERSION_IDLE_MS: z.coerce.number().int().min(100).default(defaults.VERSION_IDLE_MS),
    VERSION_MAX_INTERVAL_MS: z.coerce.number().int().min(100).default(defaults.VERSION_MAX_INTERVAL_MS),
    ACCESS_RECHECK_MS: z.coerce.number().int().min(100).default(defaults.ACCESS_RECHECK_MS),
    MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1024).default(defaults.MAX_DOCUMENT_BYTES),
    MAX_DELETE_RANGES: z.coerce.number().int().min(1).default(defaults.MAX_DELETE_RANGES),
    MAX_BUFFERED_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .default(defaults.MAX_BUFFERED_BYTES),
    SLOW_CONSUMER_MS: z.coerce.number().int().min(100).default(defaults.SLOW_CONSUMER_MS),
    AWARENESS_MAX_PER_SECOND: z.coerce.number().int().min(1).default(defaults.AWARENESS_MAX_PER_SECOND),
    AWARENESS_MAX_BYTES: z.coerce.number().int().min(256).default(defaults.AWARENESS_MAX_BYTES),
    MAX_CONNECTIONS_PER_PERSON: z.coerce.number().int().min(1).default(defaults.MAX_CONNECTIONS_PER_PERSON),
    MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(defaults.MAX_CONNECTIONS_PER_ADDRESS),
    AUTH_TIMEOUT_MS: z.coerce.number().int().min(100).default(defaults.AUTH_TIMEOUT_MS),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(defaults.SHUTDOWN_TIMEOUT_MS),
    METRICS_ENABLED: bool.default(defaults.METRICS_ENABLED),
    /** When set, /metrics answers only requests with `Authorization: Bearer <token>`. */
    METRICS_TOKEN: z
      .string()
      .min(16, 'at least 16 characters')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    /** The public URL (e.g. https://dialogo.example.org) that invitation links are built on. */
    PUBLIC_URL: z
      .url({ message: 'must be a URL' })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    /** `smtp://user:pass@host:587` or `smtps://…:465`; unset: mail is kept in the outbox only. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    /** `dialogo@city.example` or `Città del Dialogo <dialogo@city.example>`; no line breaks. */
    MAIL_FROM: z
      .string()
      .trim()
      .regex(/^(?:[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'must be an address or Name <address>')
      .default(defaults.MAIL_FROM),
    MAIL_RETRY_MS: z.coerce.number().int().min(100).default(defaults.MAIL_RETRY_MS),
    MAIL_MAX_PER_SENDER_PER_HOUR: z.coerce.number().int().min(1).default(defaults.MAIL_MAX_PER_SENDER_PER_HOUR),
    MAIL_DIGEST_MINUTES: z.coerce.number().positive().default(defaults.MAIL_DIGEST_MINUTES),
    SCHEDULER_POLL_MS: z.coerce.number().int().min(50).default(defaults.SCHEDULER_POLL_MS),
    /** Other origins allowed to make state-changing requests and open sockets, comma-separated. */
    TRUSTED_ORIGINS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    /** A coordinator created at start when no one has this email (the first sign-in of a new install). */
    ADMIN_EMAIL: z
      .string()
      .trim()
      .toLowerCase()
      .email('must be an email')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    ADMIN_PASSWORD: z
      .string()
      .min(10, 'at least 10 characters')
      .optional()
      .or(z.literal('').transform(() => undefined)),
  })
  // Mail that leaves links only to the configured address, never to a request's Host header.
  .refine((v) => !v.SMTP_URL || !!v.PUBLIC_URL, { path: ['SMTP_URL'], message: 'needs PUBLIC_URL (the links in mails)' })
  .refine((v) => !v.ADMIN_EMAIL === !v.ADMIN_PASSWORD, { path: ['ADMIN_PASSWORD'], message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together' })
  // Limits that agree: any document within MAX_DOCUMENT_BYTES can be sent whole to a reader, with
  // an update on top, without the reader counting as a slow consumer.
  .refine((v) => v.MAX_BUFFERED_BYTES >= v.MAX_DOCUMENT_BYTES + v.MAX_MESSAGE_BYTES, {
    path: ['MAX_BUFFERED_BYTES'],
    message: 'must be at least MAX_DOCUMENT_BYTES + MAX_MESSAGE_BYTES',
  });

/** The validated, frozen configuration; read from the environment once, in main.ts. */
export type Config = Readonly<z.infer<typeof schema> & { store: 'embedded' | 'redis' }>;

/** Thrown with one line per bad variable, e.g. `PORT: must be a number`. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n${issues.map((i) => `  ${i}`).join('\n')}`);
  }
}

/** Parses the environment (or a test's overrides); the only place that reads configuration. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const parsed = result.data;
  return Object.freeze({ ...parsed, store: parsed.REDIS_URL ? 'redis' : 'embedded' });
}
