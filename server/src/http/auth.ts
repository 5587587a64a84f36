import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ChangePasswordSchema, LoginSchema, ProfileInputSchema, type Me } from '@dialogo/shared';
import { can, documentResource } from '../access/policy.ts';
import { SESSION_COOKIE, type Auth } from '../auth/index.ts';
import type { Config } from '../config.ts';
import type { Cities } from '../network/cities.ts';
import { toActor, toPerson, type People, type PersonRecord } from '../network/people.ts';
import { authorize, clientAddress, requirePerson, type ApiContext, type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';

export interface AuthRouteDeps {
  auth: Auth;
  people: People;
  cities: Cities;
  config: Config;
}

/** What the client needs to know about the signed-in person, with network-level permissions. */
export async function meOf(person: PersonRecord, cities: Cities): Promise<Me> {
  const actor = toActor(person);
  const network = await cities.network();
  return {
    person: toPerson(person),
    network: { id: network.id, name: network.name },
    can: {
      readNetwork: can(actor, 'read', { kind: 'network' }),
      manageCities: can(actor, 'manage', { kind: 'city' }),
      managePeople: can(actor, 'manage', { kind: 'people' }),
      createDocuments: can(actor, 'edit', documentResource('note', undefined)),
    },
  };
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS. */
export function setSessionCookie(c: ApiContext, config: Config, sessionId: string): void {
  const https =
    config.COOKIE_SECURE === 'auto'
      ? new URL(c.req.url).protocol === 'https:' || (config.TRUST_PROXY && c.req.header('x-forwarded-proto') === 'https')
      : config.COOKIE_SECURE === 'true';
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: https,
    path: '/',
    maxAge: Math.floor(config.SESSION_TTL_HOURS * 3600),
  });
}

/** `/api/auth/*` and `/api/me`. */
export function authRoutes({ auth, people, cities, config }: AuthRouteDeps) {
  return new Hono<ApiEnv>()
    .post('/auth/login', validJson(LoginSchema, 'anyone'), async (c) => {
      const { email, password } = c.req.valid('json');
      const { person, sessionId } = await auth.login(email, password, clientAddress(c, config.TRUST_PROXY));
      // Whatever session the browser had before is ended: a new id at every sign-in.
      await auth.logout(c.get('sessionId'));
      setSessionCookie(c, config, sessionId);
      return c.json({ me: await meOf(person, cities) });
    })
    .post('/auth/logout', async (c) => {
      await auth.logout(c.get('sessionId'));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .get('/auth/me', async (c) => c.json(await meOf(requirePerson(c), cities)))
    .patch('/me', validJson(ProfileInputSchema), async (c) => {
      const person = authorize(c, 'edit', { kind: 'person', id: requirePerson(c).id });
      const change = c.req.valid('json');
      const updated = await people.update(person.id, change);
      return c.json({ person: toPerson(updated) });
    })
    .post('/me/password', validJson(ChangePasswordSchema), async (c) => {
      const person = authorize(c, 'edit', { kind: 'person', id: requirePerson(c).id });
      const { currentPassword, newPassword } = c.req.valid('json');
      const sessionId = await auth.changePassword(person, currentPassword, newPassword, clientAddress(c, config.TRUST_PROXY));
      // Every earlier session of the person has ended; this browser continues on the new one.
      await auth.logout(c.get('sessionId'));
      setSessionCookie(c, config, sessionId);
      return c.json({ me: await meOf((await people.get(person.id)) ?? person, cities) });
    });
}
