import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, cookieOf, createCity, createMember, signIn, tokenOf } from '../helpers/session.ts';

/**
 * What a person does with their own account (profile page) and what the coordinator's screens
 * rely on beyond the access matrix: a password changed with the current one, invitation language
 * hints, and city names kept unique.
 */
describe('own account, invitations and cities', () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
  });

  afterAll(async () => {
    const dir = server?.dataDir;
    await stopAllServers();
    if (dir) removeDataDir(dir);
  });

  const me = (cookie: string) => api(server.url, '/api/auth/me', { cookie }).then((r) => r.status);
  const change = (cookie: string, json: unknown) => api(server.url, '/api/me/password', { method: 'POST', cookie, json });

  it('changes a password only with the current one, and ends every other session', async () => {
    const m = await createMember(server.url, admin, { role: 'guest', name: 'Ospite', email: 'guest@profile.test', password: 'first-password-1' });
    const other = await signIn(server.url, 'guest@profile.test', 'first-password-1');

    expect((await change('', { currentPassword: 'first-password-1', newPassword: 'second-password-2' })).status).toBe(401);
    const wrong = await change(m.cookie, { currentPassword: 'not-my-password', newPassword: 'second-password-2' });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ currentPassword: 'incorrect' });
    const short = await change(m.cookie, { currentPassword: 'first-password-1', newPassword: 'short' });
    expect(((await short.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ newPassword: 'password-too-short' });
    expect(await me(m.cookie)).toBe(200);

    const changed = await change(m.cookie, { currentPassword: 'first-password-1', newPassword: 'second-password-2' });
    expect(changed.status).toBe(200);
    const { me: who } = (await changed.json()) as { me: { person: { email: string } } };
    expect(who.person.email).toBe('guest@profile.test');
    const current = cookieOf(changed);
    expect(await me(current)).toBe(200);
    expect(await me(m.cookie)).toBe(401);
    expect(await me(other)).toBe(401);
    expect((await api(server.url, '/api/auth/login', { method: 'POST', json: { email: 'guest@profile.test', password: 'first-password-1' } })).status).toBe(
      401,
    );
    expect(await me(await signIn(server.url, 'guest@profile.test', 'second-password-2'))).toBe(200);
  });

  it('changes name and language of the signed-in person only', async () => {
    const m = await createMember(server.url, admin, { role: 'expert', name: 'Esperta', email: 'expert@profile.test', language: 'it' });
    const res = await api(server.url, '/api/me', { method: 'PATCH', cookie: m.cookie, json: { name: 'Esperta Rossi', language: 'en' } });
    expect(res.status).toBe(200);
    const { person } = (await (await api(server.url, '/api/auth/me', { cookie: m.cookie })).json()) as {
      person: { name: string; language: string; role: string };
    };
    expect(person).toMatchObject({ name: 'Esperta Rossi', language: 'en', role: 'expert' });
    // A role is not the person's to change.
    const role = await api(server.url, '/api/me', { method: 'PATCH', cookie: m.cookie, json: { role: 'coordinator' } });
    expect(role.status).toBe(200);
    expect(((await role.json()) as { person: { role: string } }).person.role).toBe('expert');
  });

  it('carries the language a coordinator chose into the invitation preview', async () => {
    const cityId = await createCity(server.url, admin, 'Novellara');
    const res = await api(server.url, '/api/invites', {
      method: 'POST',
      cookie: admin,
      json: { role: 'delegate', cityId, name: 'Anna', email: 'anna@profile.test', language: 'en' },
    });
    expect(res.status).toBe(201);
    const { invite } = (await res.json()) as { invite: { url: string; language: string } };
    expect(invite.language).toBe('en');
    const preview = (await (await api(server.url, `/api/invites/${tokenOf(invite.url)}/preview`)).json()) as { invite: Record<string, string> };
    expect(preview.invite).toMatchObject({ role: 'delegate', cityName: 'Novellara', name: 'Anna', email: 'anna@profile.test', language: 'en' });
  });

  it('keeps city names unique when cities are added and renamed', async () => {
    const lodi = await createCity(server.url, admin, 'Lodi');
    const olbia = await createCity(server.url, admin, 'Olbia');
    const taken = (res: Response) => res.json().then((b) => (b as { error: { fields?: Record<string, string> } }).error.fields);
    expect(await taken(await api(server.url, '/api/cities', { method: 'POST', cookie: admin, json: { name: 'LODI' } }))).toEqual({ name: 'taken' });
    expect(await taken(await api(server.url, `/api/cities/${olbia}`, { method: 'PATCH', cookie: admin, json: { name: 'Lodi' } }))).toEqual({ name: 'taken' });
    // Renaming a city to its own name, or freeing a name and taking it again, is fine.
    expect((await api(server.url, `/api/cities/${lodi}`, { method: 'PATCH', cookie: admin, json: { name: 'Lodi', region: 'Lombardia' } })).status).toBe(200);
    expect((await api(server.url, `/api/cities/${lodi}`, { method: 'PATCH', cookie: admin, json: { name: 'Lodi Vecchio' } })).status).toBe(200);
    const again = await api(server.url, '/api/cities', { method: 'POST', cookie: admin, json: { name: 'Lodi' } });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { city: { id: string } }).city.id).toBe(`${lodi}-2`);
  });
});
