import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { z } from 'zod';
import { ErrorCode } from '@dialogo/shared';
import { can, type Action, type Resource } from '../access/policy.ts';
import { AppError, validationError } from '../errors.ts';
import { toActor, type PersonRecord } from '../network/people.ts';

/** What every API handler finds on the context, set by the session middleware. */
export type ApiEnv = { Variables: { person: PersonRecord | null; sessionId: string | undefined } };
export type ApiContext = Context<ApiEnv>;

/** The signed-in person, or a 401. */
export function requirePerson(c: ApiContext): PersonRecord {
  const person = c.get('person');
  if (!person) throw new AppError(ErrorCode.unauthorized, 401, 'Sign in first.');
  return person;
}

/** The signed-in person allowed to do `action` on `resource` (the policy decides), or 401/403. */
export function authorize(c: ApiContext, action: Action, resource: Resource): PersonRecord {
  const person = requirePerson(c);
  if (!can(toActor(person), action, resource)) throw new AppError(ErrorCode.forbidden, 403, 'You may not do this.');
  return person;
}

/** Parses a JSON or form body with a schema from `shared/`; a bad one is a 400 with per-field messages. */
export async function readBody<S extends z.ZodType>(c: ApiContext, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  let body: unknown;
  try {
    body = type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data') ? await c.req.parseBody() : await c.req.json();
  } catch {
    throw new AppError(ErrorCode.badRequest, 400, 'The body must be JSON or a form.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

/** The address a request came from: the socket's, unless a trusted proxy header is configured. */
export function clientAddress(c: ApiContext, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return getConnInfo(c).remote.address ?? 'unknown';
}

/** The origin links are built on: the configured public URL, else the request's own. */
export function publicOrigin(c: ApiContext, configured: string | undefined): string {
  return configured ?? new URL(c.req.url).origin;
}
