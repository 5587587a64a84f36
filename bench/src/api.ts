import type { Person } from '@dialogo/shared';
import type { HttpSide } from './servers/index.ts';

/**
 * Dialogo's HTTP API as the polls, browser and version scenarios use it: JSON in and out, the
 * coordinator's session unless another cookie is given, any non-2xx answer thrown.
 */
export async function api<T>(
  http: HttpSide,
  path: string,
  { method = 'GET', json, cookie }: { method?: string; json?: unknown; cookie?: string } = {},
): Promise<T> {
  const res = await fetch(`${http.url}${path}`, {
    method,
    headers: {
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(cookie ? { Cookie: cookie } : http.headers),
    },
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The session cookie (`name=value`) a sign-in or invitation answer set. */
function sessionCookie(res: Response): string {
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  if (cookies.length === 0) throw new Error(`${res.url} answered without a session cookie`);
  return cookies.join('; ');
}

/** Signs in as `email`; resolves with its `Cookie` header value and the person. */
export async function signInAs(http: HttpSide, email: string, password: string): Promise<{ cookie: string; person: Person }> {
  const res = await fetch(`${http.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`);
  const { me } = (await res.json()) as { me: { person: Person } };
  return { cookie: sessionCookie(res), person: me.person };
}

/**
 * Invites a delegate of `cityId` as the coordinator and accepts the invitation, with the demo
 * password so that a later run on the same Redis prefix can sign them in like the seeded people.
 */
export async function inviteDelegate(http: HttpSide, cityId: string, name: string, email: string): Promise<{ cookie: string; person: Person }> {
  const { invite } = await api<{ invite: { url: string } }>(http, '/api/invites', { method: 'POST', json: { role: 'delegate', cityId } });
  const token = invite.url.slice(invite.url.lastIndexOf('/') + 1);
  const res = await fetch(`${http.url}/api/invites/${token}/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, email, password: http.demoPassword, language: 'it' }),
  });
  if (!res.ok) throw new Error(`accepting the invitation of ${email}: ${res.status} ${await res.text()}`);
  const { me } = (await res.json()) as { me: { person: Person } };
  return { cookie: sessionCookie(res), person: me.person };
}
