import { pino, type Logger } from 'pino';

export type { Logger };

/** The root logger: JSON lines; modules take a child with their own `module` field. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: [
      'password',
      '*.password',
      'currentPassword',
      '*.currentPassword',
      'newPassword',
      '*.newPassword',
      'passwordHash',
      '*.passwordHash',
      'cookie',
      '*.cookie',
      'authorization',
      '*.authorization',
      'sessionId',
      'token',
      '*.token',
    ],
  });
}
