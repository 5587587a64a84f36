/**
 * The typed client of the HTTP API: `hc<AppType>` (hono/client) reads the server's routes, so a
 * path, its input and its answer are checked against the server's own code. Requests go through
 * {@link apiFetch}, which keeps what `api.ts` does: JSON accepted, and every failure thrown as an
 * {@link ApiRequestError} carrying the server's `{ code, message, fields }`.
 */
import { hc } from 'hono/client';
import type { AppType } from '../../../server/src/http/app-type.ts';
import { ApiRequestError, NETWORK_ERROR, toError } from './api.ts';

/**
 * `fetch` for the typed client. The session travels in its HttpOnly cookie (same origin) and
 * writes pass the server's CSRF check by the Origin the browser sends: no header to add but
 * `accept`. A refusal throws, so TanStack Query sees it as the query's error.
 */
export async function apiFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.set('accept', 'application/json');
  let res: Response;
  try {
    res = await fetch(input, { ...init, headers, credentials: 'same-origin' });
  } catch (err) {
    if (init?.signal?.aborted) throw err; // the caller gave up: not an error to show
    throw new ApiRequestError(0, { code: NETWORK_ERROR, message: err instanceof Error ? err.message : 'network error' });
  }
  if (!res.ok) throw await toError(res);
  return res;
}

const origin = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;

/** The API, typed: `rpc.documents.$get()`, `rpc.polls[':id'].$get({ param: { id } })`... */
export const rpc = hc<AppType>(`${origin}/api`, { fetch: apiFetch });

/** The JSON of a typed call (`undefined` for a 204), so a query function is one line. */
export async function data<T>(pending: Promise<{ status: number; json(): Promise<T> }>): Promise<T> {
  const res = await pending;
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Options of one call: the signal TanStack Query gives each query, to cancel it. */
export const withSignal = (signal: AbortSignal | undefined) => ({ init: { signal: signal ?? null } });
