import { afterAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { LIVE_PATH, type Ack, type ClientToServerEvents, type RoomInfo, type ServerToClientEvents } from '@dialogo/shared';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { startServer, stopAllServers } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;
const sockets: LiveClient[] = [];

function liveClient(url: string): Promise<LiveClient> {
  const socket: LiveClient = connect(url, { path: LIVE_PATH, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function join(socket: LiveClient, room: string): Promise<Ack<RoomInfo>> {
  return new Promise((resolve) => socket.emit('room:join', { room }, resolve));
}

describe('live events over socket.io', () => {
  const prefix = uniquePrefix('live');
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await stopAllServers();
    await deletePrefix(prefix);
  });

  it('acknowledges room joins, refuses unknown rooms, and counts members across two instances', async () => {
    const [a, b] = await Promise.all([startServer({ store: 'redis', prefix }), startServer({ store: 'redis', prefix })]);
    const onA = await liveClient(a.url);
    const onB = await liveClient(b.url);

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
