/** Stable error codes of the HTTP API and socket.io acks; clients translate by code. */
export const ErrorCode = {
  badRequest: 'bad_request',
  validation: 'validation_failed',
  unauthorized: 'unauthorized',
  invalidCredentials: 'invalid_credentials',
  tooManyRequests: 'too_many_requests',
  crossOrigin: 'cross_origin',
  gone: 'gone',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  pollClosed: 'poll_closed',
  /** The document is locked (approved minutes): nobody writes into it, the server included. */
  documentLocked: 'document_locked',
  payloadTooLarge: 'payload_too_large',
  storeUnavailable: 'store_unavailable',
  internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The body of every error answer: `{ error: ApiError }`. `fields` maps a form field to its message. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  fields?: Record<string, string>;
}
