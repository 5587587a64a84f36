import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode, type Ack } from '@dialogo/shared';
import { closeAllLiveClients, liveClient, type LiveClient } from '../helpers/live-client.ts';
import { api, createMember } from '../helpers/session.ts';
import { openPoll } from '../polls/poll-helpers.ts';
import { removeDataDir, startServer, stopAllServers } from '../helpers/server.ts';
import { uniquePrefix } from '../helpers/redis.ts';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { eventually } from '../helpers/wait.ts';
import { startOwnRedis, type OwnRedis } from './redis-process.ts';

/**
 * socket.io events during a Redis outage (the test's own Redis): every event is acknowledged,
 * with `store_unavailable` while the store is gone and normally as soon as it is back. Shutdown
 * after the outage logs nothing as an unhandled rejection or error.
 */

/** Emits with an acknowledgement; resolves with the ack, or `'no ack'` after `ms`. */
function emitWithAck(socket: LiveClient, event: string, payload: unknown, ms = 5000): Promise<Ack<unknown> | 'no ack'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no ack'), ms);
    (socket as unknown as { emit(e: string, p: unknown, cb: (a: Ack<unknown>) => void): void }).emit(event, payload, (ack) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

describe('socket.io during a Redis outage', () => {
  let redis: OwnRedis | null = null;
  const dataDirs: string[] = [];
  afterAll(async () => {
    closeAllLiveClients();
    await stopAllServers();
    dataDirs.forEach(removeDataDir);
    await redis?.dispose();
  });

  it('acknowledges every event: store_unavailable during the outage, served once Redis is back', async () => {
    redis = await startOwnRedis();
    const server = await startServer({
      store: 'redis',
      prefix: uniquePrefix('outage-acks'),
      env: { REDIS_URL: redis.url, LOG_LEVEL: 'warn', VERSION_IDLE_MS: '200' },
    });
    dataDirs.push(server.dataDir);
    const admin = await server.adminCookie();
    const pollId = await openPoll(server.url, admin, {
      question: 'Keep the plan?',
      kind: 'proposal',
      settings: { ballot: 'person', anonymous: false, results: 'live', reasons: 'optional' },
    });
    const expert = await createMember(server.url, admin, { role: 'expert', name: 'Esperta', email: 'esperta@outage-acks.test' });
    const socket = await liveClient(server.url, { cookie: admin });
    const voter = await liveClient(server.url, { cookie: expert.cookie });
    const events = [
      [socket, 'poll:watch', { pollId }],
      [socket, 'polls:watch', {}],
      [socket, 'room:join', { room: 'doc:minutes:outage-acks' }],
      [voter, 'poll:vote', { pollId, choice: { kind: 'proposal', answer: 'agree' } }],
    ] as const;
    expect(await emitWithAck(socket, 'room:join', { room: 'doc:minutes:outage-acks' })).toMatchObject({ ok: true });

    await redis.stop();
    await eventually(async () => expect((await api(server.url, '/api/health')).status).toBe(503));
    for (const [client, event, payload] of events) {
      const ack = await emitWithAck(client, event, payload);
      expect([event, ack]).toMatchObject([event, { ok: false, error: { code: ErrorCode.storeUnavailable } }]);
    }
    // An HTTP vote is refused too (503), and is not an unhandled error in the log.
    const refused = await api(server.url, `/api/polls/${pollId}/vote`, {
      method: 'POST',
      cookie: expert.cookie,
      json: { choice: { kind: 'proposal', answer: 'agree' } },
    });
    expect(refused.status).toBe(503);

    await redis.start();
    await eventually(async () => expect((await api(server.url, '/api/health')).status).toBe(200), { timeout: 20_000 });
    // As soon as the store is back, every event is served again.
    const back = Date.now();
    for (const [client, event, payload] of events) {
      const ack = await eventually(
        async () => {
          const a = await emitWithAck(client, event, payload, 2000);
          expect([event, a]).toEqual([event, expect.objectContaining({ ok: true })]);
          return a;
        },
        { timeout: 10_000 },
      );
      expect(ack).toMatchObject({ ok: true });
    }
    console.log(`every event served again ${Date.now() - back} ms after health was back`);

    // An edit right before SIGTERM: its automatic version is due while the server shuts down.
    const editor = openRawDoc(server.wsUrl, 'minutes:outage-acks', { cookie: admin });
    await editor.sync();
    editor.insert('edited after the outage');
    await editor.sync();
    await new Promise((r) => setTimeout(r, 150));
    await server.stop();
    expect(server.process.exitCode).toBe(0);
    // Expected conditions (the outage, the shutdown) are warnings with context, never errors nor
    // unhandled rejections.
    const errors = server
      .output()
      .split('\n')
      .filter((line) => /"level":(50|60)/.test(line) || /unhandled|client is closed|closed database/.test(line));
    expect(errors).toEqual([]);
  }, 60_000);
});
