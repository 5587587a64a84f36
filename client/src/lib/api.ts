/**
 * The HTTP API's errors on the client. Calls go through the typed client (rpc.ts), whose fetch turns
 * every failure into an {@link ApiRequestError} carrying the server's `{ code, message, fields }`, so
 * components pick a translated message by `code` and show each field's message next to its field.
 */
import { ErrorCode, type ApiError } from '@dialogo/shared';

/** The code used when no answer came back at all (offline, server down, CORS...). */
export const NETWORK_ERROR = 'network';
/** What a failed call can be translated by: the server's codes plus {@link NETWORK_ERROR}. */
export type ClientErrorCode = ErrorCode | typeof NETWORK_ERROR;

/** A failed API call: the server's error, or a network failure with status 0. */
export class ApiRequestError extends Error {
  readonly code: ClientErrorCode;
  /** Per-field message keys, e.g. `{ title: 'required' }`. */
  readonly fields: Readonly<Record<string, string>>;
  /** Seconds to wait before trying again (a 429's `Retry-After`), when the server said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly status: number,
    error: { code: ClientErrorCode; message: string; fields?: Record<string, string> },
    retryAfterSeconds?: number,
  ) {
    super(error.message);
    this.name = 'ApiRequestError';
    this.code = error.code;
    this.fields = error.fields ?? {};
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && KNOWN_CODES.has(code) && typeof message === 'string';
}

/** Reads `{ error }` from a failed response; anything unexpected counts as an internal error. */
export async function toError(res: Response): Promise<ApiRequestError> {
  const body: unknown = await res.json().catch(() => null);
  const error = (body as { error?: unknown } | null)?.error;
  const retryAfter = Number(res.headers.get('retry-after'));
  if (isApiError(error)) return new ApiRequestError(res.status, error, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  return new ApiRequestError(res.status, { code: ErrorCode.internal, message: `HTTP ${res.status}` });
}

/** The code to translate for any thrown value (`errors.<code>` in the locales). */
export function errorCode(err: unknown): ClientErrorCode {
  return err instanceof ApiRequestError ? err.code : ErrorCode.internal;
}
