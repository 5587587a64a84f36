import type { Person, Role } from '@dialogo/shared';

/** Signs in over HTTP like the sign-in form does and returns the `Cookie` header to send after. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  return cookieOf(res);
}

/** The session cookie a response sets, as a `Cookie` header value. */
export function cookieOf(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('dialogo_session='));
  if (!cookie) throw new Error('no session cookie in the answer');
  return cookie.split(';')[0]!;
}

/** A JSON request to the API, optionally with a session cookie and extra headers. */
export function api(
  baseUrl: string,
  path: string,
  { method = 'GET', cookie, json, headers = {} }: { method?: string; cookie?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(cookie ? { cookie } : {}),
      ...headers,
    },
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
}

/** The invite token at the end of an invite URL. */
export function tokenOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

/**
 * Invites a person as the coordinator and accepts the invitation like they would: a real
 * member with a real session, made only through the public API.
 */
export async function createMember(
  baseUrl: string,
  coordinatorCookie: string,
  {
    role,
    cityId,
    name,
    email,
    password = 'member-password-123',
    language = 'it',
  }: { role: Role; cityId?: string; name: string; email: string; password?: string; language?: 'it' | 'en' },
): Promise<{ person: Person; cookie: string; password: string }> {
  const invited = await api(baseUrl, '/api/invites', { method: 'POST', cookie: coordinatorCookie, json: { role, cityId } });
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${await invited.text()}`);
  const { invite } = (await invited.json()) as { invite: { url: string } };
  const accepted = await api(baseUrl, `/api/invites/${tokenOf(invite.url)}/accept`, { method: 'POST', json: { name, email, password, language } });
  if (accepted.status !== 201) throw new Error(`accept failed: ${accepted.status} ${await accepted.text()}`);
  const { me } = (await accepted.json()) as { me: { person: Person } };
  return { person: me.person, cookie: cookieOf(accepted), password };
}

/** Adds a city as the coordinator and returns its id. */
export async function createCity(baseUrl: string, coordinatorCookie: string, name: string): Promise<string> {
  const res = await api(baseUrl, '/api/cities', { method: 'POST', cookie: coordinatorCookie, json: { name, region: 'Toscana' } });
  if (res.status !== 201) throw new Error(`city failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { city: { id: string } }).city.id;
}
