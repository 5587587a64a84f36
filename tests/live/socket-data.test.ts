import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { closeAllLiveClients, joinRoom, liveClient } from '../helpers/live-client.ts';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { startServer, stopAllServers } from '../helpers/server.ts';
import { api, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * What one instance learns of another's sockets: `fetchSockets()` (room head counts, who is in a
 * meeting) has every other instance answer over Redis with each socket's `data`. Only what the
 * live layer needs of a person may travel there, never their password hash or email.
 */
describe('socket data crossing instances', () => {
  const prefix = uniquePrefix('live-data');
  const redis = createClient({ url: REDIS_URL });
  afterAll(async () => {
    closeAllLiveClients();
    await stopAllServers();
    if (redis.isOpen) await redis.close();
    await deletePrefix(prefix);
  });

  it('carries the person’s name and role, but no password hash and no email', async () => {
    const [a, b] = await Promise.all([startServer({ store: 'redis', prefix }), startServer({ store: 'redis', prefix })]);
    const email = 'expert@socket-data.test';
    const admin = await a.adminCookie();
    const member = await createMember(a.url, admin, { role: 'expert', name: 'Ottavia Socketdata', email });
    const created = await api(a.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Open minutes', kind: 'minutes' } });
    expect(created.status).toBe(201);
    const room = `doc:${((await created.json()) as { document: { name: string } }).document.name}`;

    // Everything the two instances' socket.io adapters say to each other.
    let traffic = '';
    await redis.connect();
    await redis.pSubscribe(`${prefix}:live*`, (message: Buffer) => (traffic += `${message.toString('utf8')}\n`), true);

    const onA = await liveClient(a.url, { cookie: member.cookie });
    const onB = await liveClient(b.url, { cookie: member.cookie });
    expect(await joinRoom(onB, room)).toMatchObject({ ok: true });
    // A counts the room's members: B answers with its socket, data included.
    expect(await joinRoom(onA, room)).toMatchObject({ ok: true, data: { members: 2 } });

    // The answer was seen (so the checks below look at real socket data)...
    await eventually(() => expect(traffic).toContain('Ottavia Socketdata'));
    expect(traffic).toContain(member.person.id);
    // ...and it holds nothing secret, nor more than the live layer needs.
    expect(traffic).not.toContain('passwordHash');
    expect(traffic).not.toContain('$argon2');
    expect(traffic).not.toContain(email);
  });
});
