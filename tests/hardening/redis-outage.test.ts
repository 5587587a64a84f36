import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { api, createMember } from '../helpers/session.ts';
import { openPoll } from '../polls/poll-helpers.ts';
import { removeDataDir, startServer, stopAllServers, TEST_ADMIN } from '../helpers/server.ts';
import { uniquePrefix } from '../helpers/redis.ts';
import { eventually } from '../helpers/wait.ts';
import { startOwnRedis, type OwnRedis } from './redis-process.ts';

/** As long as the issue asks: Redis gone for 30 s while people keep editing. */
const OUTAGE_MS = Number(process.env.TEST_OUTAGE_MS ?? 30_000);

describe('a Redis outage', () => {
  let redis: OwnRedis | null = null;
  const dataDirs: string[] = [];
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    dataDirs.forEach(removeDataDir);
    await redis?.dispose();
  });

  it('keeps the server up, says degraded, refuses instead of pretending, and converges when Redis returns', async () => {
    redis = await startOwnRedis();
    const server = await startServer({ store: 'redis', prefix: uniquePrefix('outage'), env: { REDIS_URL: redis.url } });
    dataDirs.push(server.dataDir);
    server.process.once('exit', (code, signal) => {
      if (process.env.TEST_SERVER_OUTPUT) console.log('server exited', code, signal, server.output().slice(-4000));
    });
    const name = 'minutes:outage';
    const a = await connectDoc(server, name);
    const b = await connectDoc(server, name);
    a.text.insert(0, 'before the outage|');
    await eventually(() => expect(b.text.toString()).toBe('before the outage|'));
    expect((await api(server.url, '/api/health')).status).toBe(200);
    // A poll runs through the outage: an expert votes once per person.
    const admin = await server.adminCookie();
    const expert = await createMember(server.url, admin, { role: 'expert', name: 'Esperta', email: 'esperta@outage.test' });
    const pollId = await openPoll(server.url, admin, {
      question: 'Keep the plan?',
      kind: 'proposal',
      settings: { ballot: 'person', anonymous: false, results: 'live', reasons: 'optional' },
    });
    const vote = () =>
      api(server.url, `/api/polls/${pollId}/vote`, { method: 'POST', cookie: expert.cookie, json: { choice: { kind: 'proposal', answer: 'agree' } } });

    await redis.stop();
    const outageEnds = Date.now() + OUTAGE_MS;
    await eventually(async () => {
      const res = await api(server.url, '/api/health');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'degraded' });
    });

    // Both keep typing through the outage; nothing of it can be stored, so nothing is relayed.
    let n = 0;
    while (Date.now() < outageEnds) {
      a.text.insert(a.text.length, `a${n};`);
      b.text.insert(0, `b${n};`);
      n++;
      if (n === 5) {
        // Sign-in fails closed: no session without the rate-limit counters.
        const login = await api(server.url, '/api/auth/login', { method: 'POST', json: TEST_ADMIN });
        expect(login.status).toBe(503);
        expect(login.headers.getSetCookie()).toEqual([]);
        expect((await login.json()).error.code).toBe(ErrorCode.storeUnavailable);
        // A write is refused with a clear error rather than accepted and lost.
        const create = await api(server.url, '/api/cities', { method: 'POST', cookie: admin, json: { id: 'lost', name: 'Lost' } });
        expect(create.status).toBe(503);
        // A vote too: refused with the reason, not counted in secret.
        const refused = await vote();
        expect(refused.status).toBe(503);
        expect((await refused.json()).error.code).toBe(ErrorCode.storeUnavailable);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(server.process.exitCode).toBe(null);
    // The editors hold their edits as unsynced: the server did not accept them.
    expect(a.text.toString()).not.toBe(b.text.toString());

    await redis.start();
    await eventually(async () => expect((await api(server.url, '/api/health')).status).toBe(200), { timeout: 20_000 });
    await eventually(
      () => {
        expect(a.text.toString()).toBe(b.text.toString());
        for (let i = 0; i < n; i++) {
          expect(a.text.toString()).toContain(`a${i};`);
          expect(a.text.toString()).toContain(`b${i};`);
        }
      },
      { timeout: 30_000 },
    );
    // Back: the vote goes through and counts once.
    expect((await vote()).status).toBe(200);
    const poll = (await (await api(server.url, `/api/polls/${pollId}`, { cookie: admin })).json()) as { turnout: { voted: number } };
    expect(poll.turnout.voted).toBe(1);
    const fresh = await connectDoc(server, name);
    expect(fresh.text.toString()).toBe(a.text.toString());
    await server.stop();
  }, 150_000);
});
