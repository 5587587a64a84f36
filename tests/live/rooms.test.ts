import { afterAll, describe, expect, it } from 'vitest';
import { closeAllLiveClients, joinRoom as join, liveClient } from '../helpers/live-client.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { startServer, stopAllServers } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';

describe('live events over socket.io', () => {
  const prefix = uniquePrefix('live');
  afterAll(async () => {
    closeAllLiveClients();
    await stopAllServers();
    await deletePrefix(prefix);
  });

  it('acknowledges room joins, refuses unknown rooms, and counts members across two instances', async () => {
    const [a, b] = await Promise.all([startServer({ store: 'redis', prefix }), startServer({ store: 'redis', prefix })]);
    const onA = await liveClient(a.url, { cookie: await a.adminCookie() });
    const onB = await liveClient(b.url, { cookie: await b.adminCookie() });

    const refused = await join(onA, 'not-a-room');
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation_failed', fields: { room: 'invalid' } } });

    const seenByA: number[] = [];
    onA.on('room:members', (info) => seenByA.push(info.members));
    expect(await join(onA, 'doc:minutes:2020-06-18-coordination')).toEqual({
      ok: true,
      data: { room: 'doc:minutes:2020-06-18-coordination', members: 1 },
    });
    expect(await join(onB, 'doc:minutes:2020-06-18-coordination')).toMatchObject({ ok: true, data: { members: 2 } });
    // A hears of B's arrival through the Redis adapter.
    await eventually(() => expect(seenByA.at(-1)).toBe(2));
    onB.disconnect();
    await eventually(() => expect(seenByA.at(-1)).toBe(1));
  });
});
