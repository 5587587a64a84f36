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
} as const;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  PORT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(65535).default(defaults.PORT),
  HOST: z.string().min(1).default(defaults.HOST),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only').default(defaults.REDIS_PREFIX),
  DATA_DIR: z.string().min(1).default(defaults.DATA_DIR),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default(defaults.LOG_LEVEL),
  CLIENT_DIST: z.string().optional(),
  DOC_UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(defaults.DOC_UNLOAD_DELAY_MS),
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(defaults.COMPACT_AFTER_UPDATES),
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(defaults.MAX_MESSAGE_BYTES),
  DEMO: bool.default(defaults.DEMO),
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
