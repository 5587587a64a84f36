import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { closeAllLiveClients, joinRoom, liveClient } from '../helpers/live-client.ts';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { startServer, stopAllServers } from '../helpers/server.ts';
import { api, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * socket.io's Redis adapter answers another instance's `fetchSockets()` with each socket's
 * handshake, headers included. The session cookie (and any Authorization header) is a bearer
 * secret: it must never be among what crosses Redis. The instance that holds the socket still
 * checks the session at every event.
 */
describe('handshake headers crossing instances', () => {
  const prefix = uniquePrefix('live-cookie');
  const redis = createClient({ url: REDIS_URL });
  afterAll(async () => {
    closeAllLiveClients();
    await stopAllServers();
    if (redis.isOpen) await redis.close();
    await deletePrefix(prefix);
  });

  it('sends no session cookie and no Authorization header to the other instance', async () => {
    const [a, b] = await Promise.all([startServer({ store: 'redis', prefix }), startServer({ store: 'redis', prefix })]);
    const admin = await a.adminCookie();
    const member = await createMember(a.url, admin, { role: 'expert', name: 'Ottavia Handshake', email: 'expert@handshake.test' });
    const created = await api(a.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Open minutes', kind: 'minutes' } });
    expect(created.status).toBe(201);
    const room = `doc:${((await created.json()) as { document: { name: string } }).document.name}`;
    const session = member.cookie.slice(member.cookie.indexOf('=') + 1);
    const bearer = 'Bearer handshake-secret-token-0123456789';

    // Everything the two instances' socket.io adapters say to each other.
    const traffic: Buffer[] = [];
    await redis.connect();
    await redis.pSubscribe(`${prefix}:live*`, (message: Buffer) => void traffic.push(Buffer.from(message)), true);
    const seen = () => Buffer.concat(traffic).toString('latin1');

    const onB = await liveClient(b.url, { cookie: member.cookie, authorization: bearer, 'x-handshake-marker': 'marker-7f3a' });
    const onA = await liveClient(a.url, { cookie: member.cookie });
    expect(await joinRoom(onB, room)).toMatchObject({ ok: true });
    // A counts the room's members: B answers with its socket, handshake included.
    expect(await joinRoom(onA, room)).toMatchObject({ ok: true, data: { members: 2 } });

    // The answer was seen, with the socket's other headers (so the checks below look at a real handshake)...
    await eventually(() => expect(seen()).toContain('marker-7f3a'));
    expect(seen()).toContain('Ottavia Handshake');
    // ...and it carries neither the session nor the bearer token.
    expect(seen()).not.toContain(session);
    expect(seen()).not.toContain('dialogo_session');
    expect(seen()).not.toContain('handshake-secret-token');

    // B still knows the session of its own socket: signing out ends it at the next event.
    expect((await api(b.url, '/api/auth/logout', { method: 'POST', cookie: member.cookie, headers: { origin: b.url } })).status).toBeLessThan(300);
    const refused = await Promise.race([
      joinRoom(onB, room).then(() => 'answered'),
      new Promise<string>((resolve) => onB.once('disconnect', () => resolve('disconnected'))),
    ]);
    expect(refused).toBe('disconnected');
  });
});
