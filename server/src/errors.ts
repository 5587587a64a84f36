import { ErrorCode, type ApiError } from '@dialogo/shared';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error type of the HTTP API: a stable code, a status and optional per-field messages. */
export class AppError extends Error {
  /** Sent as `Retry-After` with a 429 or 503. */
  retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    readonly status: ContentfulStatusCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }

  toJSON(): { error: ApiError } {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

/** Builds the 400 answer of a failed schema parse, one message per field. */
export function validationError(issues: { path: PropertyKey[]; message: string }[]): AppError {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  return new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', fields);
}
