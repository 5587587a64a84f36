import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler, ValidationTargets } from 'hono';
import type { z } from 'zod';
import { validationError } from '../errors.ts';
import type { Action, Resource } from '../access/policy.ts';
import { authorize, requirePerson, type ApiContext } from './context.ts';

/**
 * Validates one part of a request with a schema from `shared/` (`@hono/zod-validator`), so the
 * handler reads typed data through `c.req.valid(target)` and the app type tells the typed client
 * what to send. A failure is the API's one 400 shape, `{ error: { code: 'validation_failed',
 * message, fields: { <path>: <message key> } } }`, thrown as an AppError so `app.onError`
 * renders it, exactly as the hand-written body parsing did before.
 */
export function valid<Target extends keyof ValidationTargets, S extends z.ZodType>(target: Target, schema: S, who: Who = 'signed-in') {
  return zValidator(target, schema, (result, c) => {
    // Who may ask is decided before what they sent: a signed-out request is a 401 and a refused
    // one a 403 whatever its body, so a body's errors never tell anyone more than the policy does.
    if (who === 'signed-in') requirePerson(c as ApiContext);
    else if (who !== 'anyone') authorize(c as ApiContext, who.action, who.resource);
    if (!result.success) throw validationError(result.error.issues);
  });
}

/**
 * Who a validated route serves: the signed-in (most routes), anyone (signing in, accepting an
 * invitation, using a reset link), or those the policy allows `action` on `resource`.
 */
export type Who = 'signed-in' | 'anyone' | { action: Action; resource: Resource };

/** The JSON body of a signed-in person's request, validated: the common case. */
export const validJson = <S extends z.ZodType>(schema: S, who: Who = 'signed-in') => valid('json', schema, who);

/**
 * A plain HTML form (`application/x-www-form-urlencoded`) posted to the API is read as the JSON
 * object of its fields, so the routes validate one body shape. Same-origin forms were accepted by
 * the hand-written parsing; cross-origin ones never reach here (the CSRF check runs first).
 * Multipart bodies (file uploads) are left to the routes that read them.
 */
export function formAsJson(): MiddlewareHandler {
  return async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (type.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded') {
      const fields = Object.fromEntries(new URLSearchParams(await c.req.raw.clone().text()));
      const headers = new Headers(c.req.raw.headers);
      headers.set('content-type', 'application/json');
      c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers, body: JSON.stringify(fields) });
    }
    await next();
  };
}
