import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { createClient } from 'redis';
import { CloseCode, CloseReason } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { closeAllLiveClients, joinRoom, liveClient } from '../helpers/live-client.ts';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, cookieOf, createCity, createMember, signIn, tokenOf } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * What an attacker would try against sign-in, sessions, links and document names, each on real
 * server processes. The main server runs on Redis with every log line on (LOG_LEVEL=trace), so
 * that the store and the logs can be searched for secrets at the end.
 */

const FOREIGN = 'https://evil.example';
const SESSION = 'dialogo_session';

/** Secrets that went through the server: none may be found in the store or in the logs. */
const secrets = new Set<string>();

/** A member with their own password, remembered as a secret. */
async function member(server: TestServer, admin: string, email: string, role: 'delegate' | 'expert' | 'guest' = 'expert', cityId?: string) {
  const password = `Pw-${randomBytes(9).toString('base64url')}-clear`;
  secrets.add(password);
  const m = await createMember(server.url, admin, { role, cityId, name: email.split('@')[0]!, email, password });
  secrets.add(m.cookie.split('=')[1]!);
  return { ...m, email };
}

const me = (server: TestServer, cookie: string) => api(server.url, '/api/auth/me', { cookie }).then((r) => r.status);

/**
 * Sends an upgrade request byte for byte (no client-side URL normalization) and reports the HTTP
 * status and, after a 101, the first WebSocket frame the server sent: a close with its code, or
 * a data frame (the document opened).
 */
function rawUpgrade(server: TestServer, path: string, cookie: string): Promise<{ status: number; close?: number; data?: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(server.port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let status = 0;
    const done = (result: { status: number; close?: number; data?: boolean }) => {
      socket.destroy();
      resolve(result);
    };
    socket.on('error', reject);
    socket.on('close', () => resolve({ status }));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      status = Number(/^HTTP\/1\.1 (\d{3})/.exec(buffer.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (status !== 101) return done({ status });
      const frame = buffer.subarray(end + 4);
      if (frame.length < 2) return;
      const opcode = frame[0]! & 0x0f;
      if (opcode !== 0x8) return done({ status, data: true });
      if (frame.length < 4) return;
      done({ status, close: frame.readUInt16BE(2) });
    });
    socket.write(
      Buffer.concat([
        Buffer.from('GET ', 'latin1'),
        Buffer.from(path, 'utf8'),
        Buffer.from(
          ` HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n` +
            `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nCookie: ${cookie}\r\n\r\n`,
          'latin1',
        ),
      ]),
    );
  });
}

describe('security', () => {
  const prefix = uniquePrefix('security');
  /** The output of every server process whose logs must hold no secret. */
  const outputs: (() => string)[] = [() => server.output()];
  const dataDirs: string[] = [];
  let server: TestServer;
  let admin: string;
  let cityA: string;

  beforeAll(async () => {
    server = await startServer({ store: 'redis', prefix, env: { LOG_LEVEL: 'trace', ACCESS_RECHECK_MS: '200' } });
    dataDirs.push(server.dataDir);
    admin = await server.adminCookie();
    secrets.add(server.admin.password);
    secrets.add(admin.split('=')[1]!);
    cityA = await createCity(server.url, admin, 'Arezzo');
  });

  afterAll(async () => {
    destroyAllDocClients();
    closeAllLiveClients();
    await stopAllServers();
    dataDirs.forEach(removeDataDir);
    await deletePrefix(prefix);
  });

  describe('sessions', () => {
    it('issues a new session at sign-in and ends the one the browser had (no fixation)', async () => {
      const m = await member(server, admin, 'fixation@security.test');
      // A value planted in the browser before sign-in, shaped like a real one.
      const planted = `${SESSION}=${randomBytes(32).toString('base64url')}`;
      const login = await api(server.url, '/api/auth/login', { method: 'POST', cookie: planted, json: { email: m.email, password: m.password } });
      expect(login.status).toBe(200);
      const first = cookieOf(login);
      expect(first).not.toBe(planted);
      expect(login.headers.getSetCookie()[0]).toMatch(/HttpOnly/i);
      expect(login.headers.getSetCookie()[0]).toMatch(/SameSite=Lax/i);
      expect(await me(server, planted)).toBe(401);
      expect(await me(server, first)).toBe(200);

      // Signing in again from a signed-in browser: a new id, and the old one is over everywhere.
      const again = await api(server.url, '/api/auth/login', { method: 'POST', cookie: first, json: { email: m.email, password: m.password } });
      const second = cookieOf(again);
      secrets.add(first.split('=')[1]!).add(second.split('=')[1]!);
      expect(second).not.toBe(first);
      expect(await me(server, first)).toBe(401);
      expect(await me(server, second)).toBe(200);
      expect(await openRawDoc(server.wsUrl, 'minutes:fixation', { cookie: first }).first).toMatchObject({
        opened: false,
        code: CloseCode.unauthorized,
        receivedBefore: 0,
      });
      await expect(liveClient(server.url, { cookie: first })).rejects.toThrow('unauthorized');
    });

    it('ends the session at sign-out: HTTP, a document WebSocket and socket.io opened with it after are refused', async () => {
      const m = await member(server, admin, 'signout@security.test');
      const name = (
        (await (await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Sign-out' } })).json()) as {
          document: { name: string };
        }
      ).document.name;
      // Works before.
      expect(await me(server, m.cookie)).toBe(200);
      const before = openRawDoc(server.wsUrl, name, { cookie: m.cookie });
      await before.sync();
      before.close();

      const out = await api(server.url, '/api/auth/logout', { method: 'POST', cookie: m.cookie });
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie().join()).toMatch(new RegExp(`${SESSION}=;.*Max-Age=0`, 'i'));

      expect(await me(server, m.cookie)).toBe(401);
      expect(await openRawDoc(server.wsUrl, name, { cookie: m.cookie }).first).toEqual({
        opened: false,
        code: CloseCode.unauthorized,
        reason: CloseReason.unauthorized,
        receivedBefore: 0,
      });
      await expect(liveClient(server.url, { cookie: m.cookie })).rejects.toThrow('unauthorized');
    });

    it('knows a session made on one instance on every other instance of the same Redis', async () => {
      const other = await startServer({ store: 'redis', prefix, env: { LOG_LEVEL: 'trace' } });
      dataDirs.push(other.dataDir);
      const m = await member(server, admin, 'instances@security.test');
      const onA = await signIn(server.url, m.email, m.password);
      secrets.add(onA.split('=')[1]!);
      expect(await me(other, onA)).toBe(200);
      const created = await api(other.url, '/api/documents', { method: 'POST', cookie: onA, json: { title: 'Made on B' } });
      expect(created.status).toBe(201);
      const { document } = (await created.json()) as { document: { name: string } };
      const socket = openRawDoc(other.wsUrl, document.name, { cookie: onA });
      await socket.sync();
      const live = await liveClient(other.url, { cookie: onA });
      expect(await joinRoom(live, `doc:${document.name}`)).toMatchObject({ ok: true });
      // Signing out on B ends it on A too.
      expect((await api(other.url, '/api/auth/logout', { method: 'POST', cookie: onA })).status).toBe(204);
      expect(await me(server, onA)).toBe(401);
      // Output of the second instance is searched for secrets as well.
      outputs.push(() => other.output());
    });
  });

  describe('cross-site requests', () => {
    it('refuses JSON, form and text bodies from a foreign origin, whatever the cookie', async () => {
      const m = await member(server, admin, 'csrf@security.test');
      const listed = async () => ((await (await api(server.url, '/api/documents', { cookie: admin })).json()) as { documents: unknown[] }).documents.length;
      const count = await listed();
      const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
      const attempts: { what: string; method: string; path: string; type: string; body: string; headers: Record<string, string> }[] = [];
      for (const origin of [FOREIGN, 'null', `http://127.0.0.1:${server.port}.evil.example`, `http://127.0.0.1:${server.port + 1}`]) {
        attempts.push(
          {
            what: `JSON from ${origin}`,
            method: 'POST',
            path: '/api/documents',
            type: 'application/json',
            body: JSON.stringify({ title: 'csrf' }),
            headers: { origin },
          },
          {
            what: `form from ${origin}`,
            method: 'POST',
            path: '/api/documents',
            type: 'application/x-www-form-urlencoded',
            body: form({ title: 'csrf' }),
            headers: { origin },
          },
          {
            what: `text/plain JSON from ${origin}`,
            method: 'POST',
            path: '/api/documents',
            type: 'text/plain',
            body: JSON.stringify({ title: 'csrf' }),
            headers: { origin },
          },
          {
            what: `archive from ${origin}`,
            method: 'PATCH',
            path: `/api/people/${m.person.id}`,
            type: 'application/json',
            body: JSON.stringify({ archived: true }),
            headers: { origin },
          },
          {
            what: `sign-in form from ${origin}`,
            method: 'POST',
            path: '/api/auth/login',
            type: 'application/x-www-form-urlencoded',
            body: form({ email: m.email, password: m.password }),
            headers: { origin },
          },
        );
      }
      // A browser that sends no Origin still says where the request came from.
      attempts.push({
        what: 'form without Origin, cross-site',
        method: 'POST',
        path: '/api/documents',
        type: 'application/x-www-form-urlencoded',
        body: form({ title: 'csrf' }),
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      for (const a of attempts) {
        const res = await fetch(`${server.url}${a.path}`, { method: a.method, headers: { 'content-type': a.type, cookie: admin, ...a.headers }, body: a.body });
        expect(res.status, a.what).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code, a.what).toBe('cross_origin');
        expect(res.headers.getSetCookie(), a.what).toEqual([]);
      }
      expect(await listed()).toBe(count);
      expect(await me(server, m.cookie)).toBe(200); // not archived

      // The same requests from Dialogo's own origin go through: the refusal is the origin's.
      const own = { origin: server.url, cookie: admin };
      expect(
        (
          await fetch(`${server.url}/api/documents`, {
            method: 'POST',
            headers: { ...own, 'content-type': 'application/x-www-form-urlencoded' },
            body: form({ title: 'own form' }),
          })
        ).status,
      ).toBe(201);
      const signedIn = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ email: m.email, password: m.password }),
      });
      expect(signedIn.status).toBe(200);
      secrets.add(cookieOf(signedIn).split('=')[1]!);
    });

    it('refuses a document WebSocket and a socket.io handshake from a foreign origin, before sending anything', async () => {
      const name = 'minutes:cross-site';
      const writer = await connectDoc(server, name);
      writer.text.insert(0, 'secret minutes');
      for (const origin of [FOREIGN, 'null']) {
        expect(await openRawDoc(server.wsUrl, name, { cookie: admin, headers: { origin } }).first, origin).toEqual({
          opened: false,
          code: CloseCode.forbidden,
          reason: CloseReason.forbidden,
          receivedBefore: 0,
        });
        await expect(liveClient(server.url, { cookie: admin, origin }), origin).rejects.toThrow('cross_origin');
      }
      // From its own origin, the same cookie opens both.
      const own = openRawDoc(server.wsUrl, name, { cookie: admin, headers: { origin: server.url } });
      await own.sync();
      expect(own.doc.getText('text').toString()).toBe('secret minutes');
      const live = await liveClient(server.url, { cookie: admin, origin: server.url });
      expect(live.connected).toBe(true);
    });
  });

  describe('links', () => {
    it('accepts an invitation once; a used or revoked link is gone', async () => {
      const invite = async () => {
        const res = await api(server.url, '/api/invites', { method: 'POST', cookie: admin, json: { role: 'delegate', cityId: cityA } });
        const { invite: i } = (await res.json()) as { invite: { id: string; url: string } };
        secrets.add(tokenOf(i.url));
        return { id: i.id, token: tokenOf(i.url) };
      };
      const accept = (token: string, email: string) =>
        api(server.url, `/api/invites/${token}/accept`, { method: 'POST', json: { name: 'Invited', email, password: 'invited-password-1', language: 'it' } });
      secrets.add('invited-password-1');

      const used = await invite();
      expect((await api(server.url, `/api/invites/${used.token}/preview`)).status).toBe(200);
      const first = await accept(used.token, 'invited-1@security.test');
      expect(first.status).toBe(201);
      secrets.add(cookieOf(first).split('=')[1]!);
      // Twice at once, or later: never a second person.
      const [again, twice] = await Promise.all([accept(used.token, 'invited-2@security.test'), accept(used.token, 'invited-3@security.test')]);
      expect([again.status, twice.status]).toEqual([410, 410]);
      expect((await api(server.url, `/api/invites/${used.token}/preview`)).status).toBe(410);

      const racing = await invite();
      const raced = await Promise.all([accept(racing.token, 'race-1@security.test'), accept(racing.token, 'race-2@security.test')]);
      expect(raced.map((r) => r.status).sort()).toEqual([201, 410]);

      const revoked = await invite();
      expect((await api(server.url, `/api/invites/${revoked.id}`, { method: 'DELETE', cookie: admin })).status).toBe(204);
      expect((await api(server.url, `/api/invites/${revoked.token}/preview`)).status).toBe(410);
      expect((await accept(revoked.token, 'revoked@security.test')).status).toBe(410);

      const { invites } = (await (await api(server.url, '/api/invites', { cookie: admin })).json()) as { invites: { id: string; status: string }[] };
      expect(invites.find((i) => i.id === used.id)?.status).toBe('accepted');
      expect(invites.find((i) => i.id === revoked.id)?.status).toBe('revoked');
      const people = ((await (await api(server.url, '/api/people', { cookie: admin })).json()) as { people: { email: string }[] }).people.map((p) => p.email);
      expect(people.filter((e) => /^(invited|race)-/.test(e))).toHaveLength(2);
    });

    it('lets an invitation expire', async () => {
      // 3.6 s: long enough to see it work first on a busy machine, short enough to wait for.
      const short = await startServer({ env: { INVITE_TTL_HOURS: '0.001' } });
      dataDirs.push(short.dataDir);
      const shortAdmin = await short.adminCookie();
      const res = await api(short.url, '/api/invites', { method: 'POST', cookie: shortAdmin, json: { role: 'guest' } });
      const { invite } = (await res.json()) as { invite: { id: string; url: string; expiresAt: string } };
      expect(Date.parse(invite.expiresAt) - Date.now()).toBeLessThan(4000);
      const token = tokenOf(invite.url);
      expect((await api(short.url, `/api/invites/${token}/preview`)).status).toBe(200);
      await eventually(async () => expect((await api(short.url, `/api/invites/${token}/preview`)).status).toBe(410), { timeout: 20_000, interval: 250 });
      const accepted = await api(short.url, `/api/invites/${token}/accept`, {
        method: 'POST',
        json: { name: 'Late', email: 'late@security.test', password: 'late-password-1', language: 'en' },
      });
      expect(accepted.status).toBe(410);
      const { invites } = (await (await api(short.url, '/api/invites', { cookie: shortAdmin })).json()) as { invites: { id: string; status: string }[] };
      expect(invites.find((i) => i.id === invite.id)?.status).toBe('expired');
      await short.stop();
    });

    it('resets a password with a link that works once and ends every session the person had', async () => {
      const m = await member(server, admin, 'reset@security.test', 'delegate', cityA);
      const other = await signIn(server.url, m.email, m.password);
      secrets.add(other.split('=')[1]!);
      // An open document connection of the person, signed in before the reset.
      const created = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Reset' } });
      const open = openRawDoc(server.wsUrl, ((await created.json()) as { document: { name: string } }).document.name, { cookie: other });
      await open.sync();

      const issued = await api(server.url, `/api/people/${m.person.id}/password-reset`, { method: 'POST', cookie: admin });
      expect(issued.status).toBe(201);
      const token = tokenOf(((await issued.json()) as { reset: { url: string } }).reset.url);
      secrets.add(token);
      expect(await (await api(server.url, `/api/password-resets/${token}`)).json()).toEqual({ reset: { email: m.email } });
      const newPassword = `New-${randomBytes(9).toString('base64url')}-clear`;
      secrets.add(newPassword);
      expect((await api(server.url, `/api/password-resets/${token}`, { method: 'POST', json: { password: newPassword } })).status).toBe(204);
      expect((await api(server.url, `/api/password-resets/${token}`, { method: 'POST', json: { password: 'yet-another-password' } })).status).toBe(410);
      expect((await api(server.url, `/api/password-resets/${token}`)).status).toBe(410);

      expect(await me(server, m.cookie)).toBe(401);
      expect(await me(server, other)).toBe(401);
      expect(await open.closed).toEqual({ code: CloseCode.unauthorized, reason: CloseReason.unauthorized });
      expect((await api(server.url, '/api/auth/login', { method: 'POST', json: { email: m.email, password: m.password } })).status).toBe(401);
      const fresh = await signIn(server.url, m.email, newPassword);
      secrets.add(fresh.split('=')[1]!);
      expect(await me(server, fresh)).toBe(200);
    });
  });

  describe('document names', () => {
    let real: string;
    let id: string;
    let outsider: string;

    beforeAll(async () => {
      const city = await createCity(server.url, admin, 'Bologna');
      const res = await api(server.url, '/api/documents', {
        method: 'POST',
        cookie: admin,
        json: { title: 'Kick-off Istanbul', scope: { cities: [city], visibility: 'participants' } },
      });
      real = ((await res.json()) as { document: { name: string } }).document.name;
      id = real.slice('minutes:'.length);
      const writer = await connectDoc(server, real);
      writer.text.insert(0, 'REAL');
      outsider = (await member(server, admin, 'outsider@security.test', 'delegate', cityA)).cookie;
    });

    it('refuses encoded, case-folded, dot-segment and Unicode variants of a name before sending anything', async () => {
      const variants = [
        `MINUTES:${id}`,
        `minutes:${id.toUpperCase()}`,
        `Minutes:${id}`,
        `minutes%253A${id}`,
        `minutes%3A${id}%2F..%2F..%2Fsecret`,
        `..%2Fminutes:${id}`,
        `x/../minutes:${id}`,
        `./minutes:${id}`,
        `minutes:${id}/`,
        `minutes:${id}/.`,
        `minutes:${id}%00`,
        `minutes:${id}%20`,
        `minutes:${id}.`,
        `minutes:${id}%5C..`,
        `minutes:%C0%AF${id}`,
        `minutes:${id}%E0%A4%A`,
        `minutes${encodeURIComponent('\uFF1A')}${id}`,
        `minutes:${encodeURIComponent(id.replace('k', '\u212A'))}`,
        `minutes:${encodeURIComponent(id.replace('i', '\u0131'))}`,
        `minutes:${encodeURIComponent(id.replace('a', '\u0430'))}`,
        `minutes:${encodeURIComponent(id.replace('o', 'o\u0301'))}`,
        `minutes:${id.replace('k', '\u212A')}`,
        `minutes:${id.replace('o', 'ö'.normalize('NFD'))}`,
      ];
      expect(variants.filter((v) => v === real)).toEqual([]);
      const results: Record<string, unknown> = {};
      for (const variant of variants) {
        const r = await rawUpgrade(server, `/collab/${variant}`, admin);
        // Either the HTTP parser refuses the request line, or the name is refused after the
        // upgrade, with a close before any data.
        const refused = r.status === 400 || (r.status === 101 && r.close === CloseCode.notFound && !r.data);
        results[variant] = refused ? 'refused' : r;
      }
      expect(results).toEqual(Object.fromEntries(variants.map((v) => [v, 'refused'])));
      // The canonical name itself opens (the refusals above are about the name, not the socket).
      expect(await rawUpgrade(server, `/collab/${real}`, admin)).toEqual({ status: 101, data: true });
    });

    it('sends writes through a neighbouring canonical name to a distinct document, never to the real one', async () => {
      const neighbours = [`note:${id}`, `agenda:${id}`, `proposal:${id}`, `minutes:${id}-`, `minutes:${id}0`, `minutes:${id.slice(0, -1)}`];
      for (const name of neighbours) {
        const client = await connectDoc(server, name);
        client.text.insert(0, `written through ${name}`);
        // A delegate who is not a participant gets nothing of these unlisted documents either.
        expect(await openRawDoc(server.wsUrl, name, { cookie: outsider }).first).toMatchObject({ opened: false, code: CloseCode.notFound, receivedBefore: 0 });
      }
      for (const name of neighbours) {
        await eventually(async () => {
          const check = openRawDoc(server.wsUrl, name, { cookie: admin });
          await check.sync();
          check.close();
          expect(check.doc.getText('text').toString()).toBe(`written through ${name}`);
        });
      }
      const check = openRawDoc(server.wsUrl, real, { cookie: admin });
      await check.sync();
      expect(check.doc.getText('text').toString()).toBe('REAL');
    });

    it('treats a percent-encoded name as that very name, under the same policy', async () => {
      const encoded = `minutes%3A${id}`;
      const viaEncoding = openRawDoc(server.wsUrl, encoded, { cookie: admin });
      await viaEncoding.sync();
      expect(viaEncoding.doc.getText('text').toString()).toBe('REAL');
      // Not a way around the policy: the outsider is refused through either spelling (as for a
      // document that does not exist).
      for (const name of [real, encoded, `%6Dinutes:${id}`]) {
        expect(await openRawDoc(server.wsUrl, name, { cookie: outsider }).first, name).toMatchObject({
          opened: false,
          code: CloseCode.notFound,
          receivedBefore: 0,
        });
      }
      expect((await api(server.url, `/api/documents/${encoded}`, { cookie: outsider })).status).toBe(404);
      for (const variant of [`MINUTES:${id}`, `minutes%253A${id}`, `minutes:${id}%2F..`, `minutes:${encodeURIComponent(id.replace('k', '\u212A'))}`]) {
        expect((await api(server.url, `/api/documents/${variant}`, { cookie: admin })).status, variant).toBe(404);
      }
      const live = await liveClient(server.url, { cookie: admin });
      for (const room of [`doc:MINUTES:${id}`, `doc:minutes%3A${id}`, `doc:minutes:${id}/..`]) {
        expect(await joinRoom(live, room), room).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      }
    });
  });

  describe('sign-in throttling', () => {
    it('answers repeated wrong passwords with 429 and Retry-After, the same for an unknown account, and then per address', async () => {
      const throttled = await startServer({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_ADDRESS: '12' } });
      dataDirs.push(throttled.dataDir);
      const m = await createMember(throttled.url, await throttled.adminCookie(), {
        role: 'expert',
        name: 'Target',
        email: 'target@security.test',
        password: 'target-password-1',
      });
      const attempt = async (email: string, password: string) => {
        const res = await api(throttled.url, '/api/auth/login', { method: 'POST', json: { email, password } });
        return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
      };
      const round = async (email: string) => {
        const answers = [];
        for (let i = 0; i < 6; i++) answers.push(await attempt(email, `guess-${i}`));
        return answers;
      };
      const known = await round('target@security.test');
      const unknown = await round('nobody-here@security.test');
      // Five refusals, then a wait: identical, whether the account exists or not.
      expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429]);
      expect(unknown.map((a) => ({ ...a, retryAfter: a.retryAfter && 'set' }))).toEqual(known.map((a) => ({ ...a, retryAfter: a.retryAfter && 'set' })));
      for (const blocked of [known[5]!, unknown[5]!]) {
        expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
        expect(blocked.body).toMatchObject({ error: { code: 'too_many_requests' } });
      }
      // Blocked means blocked: even the right password waits.
      expect(await attempt('target@security.test', 'target-password-1')).toMatchObject({ status: 429 });

      // Ten failures so far from this address; two more with fresh names reach the address's limit.
      expect((await attempt('other-1@security.test', 'x')).status).toBe(401);
      expect((await attempt('other-2@security.test', 'x')).status).toBe(401);
      const fromAddress = await attempt(throttled.admin.email, throttled.admin.password);
      expect(fromAddress.status).toBe(429);
      expect(Number(fromAddress.retryAfter)).toBeGreaterThan(0);
      expect(m.person.email).toBe('target@security.test');
      await throttled.stop();
    });
  });

  describe('secrets at rest', () => {
    it('keeps no password, session id or link token in clear in the store or in the logs', async () => {
      // A failed sign-in and a malformed body carrying a password, for the logs to (not) show.
      const wrong = `Wrong-${randomBytes(6).toString('hex')}-clear`;
      secrets.add(wrong);
      await api(server.url, '/api/auth/login', { method: 'POST', json: { email: server.admin.email, password: wrong } });
      await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"email":"${server.admin.email}","password":"${wrong}"`,
      });

      // Everything under the test's prefix, as text (binary documents included: their strings are UTF-8).
      const redis = createClient({ url: REDIS_URL });
      await redis.connect();
      let stored = '';
      try {
        for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) {
          for (const key of keys) {
            const type = await redis.type(key);
            const values: string[] =
              type === 'string'
                ? [(await redis.get(key)) ?? '']
                : type === 'hash'
                  ? Object.entries(await redis.hGetAll(key)).flat()
                  : type === 'list'
                    ? await redis.lRange(key, 0, -1)
                    : type === 'set'
                      ? await redis.sMembers(key)
                      : [`unexpected ${type}`];
            stored += `${key}\n${values.join('\n')}\n`;
          }
        }
      } finally {
        await redis.close();
      }
      // The scan did read the people and their password hashes.
      expect(stored).toContain('reset@security.test');
      expect(stored).toContain('$argon2id$');
      const logs = outputs.map((o) => o()).join('\n');
      expect(logs.length).toBeGreaterThan(1000); // trace logs were written
      expect(secrets.size).toBeGreaterThan(2);
      for (const secret of secrets) {
        expect(stored.includes(secret), `store holds ${secret.slice(0, 6)}…`).toBe(false);
        expect(logs.includes(secret), `logs hold ${secret.slice(0, 6)}…`).toBe(false);
      }
    });
  });
});
