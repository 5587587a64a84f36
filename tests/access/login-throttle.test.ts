import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createMember } from '../helpers/session.ts';

/*
 * Sign-in throttling under bursts (issue 15): every password verification is counted in the store
 * before it runs, so concurrent requests cannot get more guesses than the limits, on one instance
 * or several; and an attack on an account does not lock its owner out.
 */

const PER_ACCOUNT = 5;
// 0.2 minutes: a 12 s window, so the per-account slowdown (window / per-account, at most a minute)
// is 2.4 s and the test never waits long.
const WINDOW_MINUTES = 0.2;
const SLOWDOWN_MS = Math.min(60_000, (WINDOW_MINUTES * 60_000) / PER_ACCOUNT);
const ENV = {
  TRUST_PROXY: 'true',
  LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_ACCOUNT),
  LOGIN_MAX_FAILURES_PER_ADDRESS: '100',
  LOGIN_WINDOW_MINUTES: String(WINDOW_MINUTES),
};
const PASSWORD = 'owner-password-123';

const prefixes: string[] = [];
const dataDirs: string[] = [];

afterAll(async () => {
  await stopAllServers();
  for (const p of prefixes) await deletePrefix(p);
  for (const d of dataDirs) removeDataDir(d);
});

async function servers(kind: 'embedded' | 'redis', count: number): Promise<TestServer[]> {
  const prefix = uniquePrefix('login-throttle');
  prefixes.push(prefix);
  const started: TestServer[] = [];
  // Sequential: the first creates the bootstrap coordinator the others then find in Redis.
  for (let i = 0; i < count; i++) {
    const s = await startServer({ store: kind, prefix, env: ENV });
    dataDirs.push(s.dataDir);
    started.push(s);
  }
  return started;
}

async function attempt(server: TestServer, email: string, password: string, address: string) {
  const res = await api(server.url, '/api/auth/login', { method: 'POST', json: { email, password }, headers: { 'x-forwarded-for': address } });
  return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0), password };
}

const statuses = (answers: { status: number }[]) => {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
};

describe('sign-in throttling under bursts', () => {
  for (const [label, kind, count] of [
    ['one instance, embedded store', 'embedded', 1],
    ['two instances on one Redis', 'redis', 2],
  ] as const) {
    it(`verifies at most ${PER_ACCOUNT} passwords of a burst of 60 from one address (${label})`, async () => {
      const instances = await servers(kind, count);
      const first = instances[0]!;
      await createMember(first.url, await first.adminCookie(), { role: 'expert', name: 'Owner', email: 'owner@throttle.test', password: PASSWORD });
      // 59 wrong passwords and the right one last, all sent at once, spread over the instances.
      const guesses = Array.from({ length: 60 }, (_, i) => (i === 59 ? PASSWORD : `wrong-guess-${i}`));
      const answers = await Promise.all(guesses.map((g, i) => attempt(instances[i % instances.length]!, 'owner@throttle.test', g, '203.0.113.7')));
      const counts = statuses(answers);
      expect(counts[401] ?? 0, JSON.stringify(counts)).toBeLessThanOrEqual(PER_ACCOUNT);
      expect(counts[200] ?? 0, JSON.stringify(counts)).toBe(0);
      expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(60);
      expect(answers[59]!.status).toBe(429);
      for (const a of answers.filter((x) => x.status === 429)) expect(a.retryAfter).toBeGreaterThan(0);

      // The same burst against an account that does not exist gets the same answers.
      const unknown = await Promise.all(guesses.map((g, i) => attempt(instances[i % instances.length]!, 'nobody@throttle.test', g, '203.0.113.8')));
      const unknownCounts = statuses(unknown);
      expect(unknownCounts[401] ?? 0).toBeLessThanOrEqual(PER_ACCOUNT);
      expect((unknownCounts[401] ?? 0) + (unknownCounts[429] ?? 0)).toBe(60);
    });
  }

  it('gives an attacker over many addresses only the small per-account budget, and lets the owner in from a clean address soon after', async () => {
    const instances = await servers('redis', 2);
    const first = instances[0]!;
    await createMember(first.url, await first.adminCookie(), { role: 'expert', name: 'Owner', email: 'victim@throttle.test', password: PASSWORD });
    // The owner signs in from home once: home becomes a known address of the account.
    expect((await attempt(first, 'victim@throttle.test', PASSWORD, '192.0.2.10')).status).toBe(200);

    // 40 addresses, two guesses each, all at once, over both instances.
    const burst = Array.from({ length: 80 }, (_, i) =>
      attempt(instances[i % 2]!, 'victim@throttle.test', `attack-${i}`, `198.51.100.${Math.floor(i / 2) + 1}`),
    );
    const counts = statuses(await Promise.all(burst));
    expect(counts[401] ?? 0, JSON.stringify(counts)).toBeLessThanOrEqual(PER_ACCOUNT);
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(80);

    // The attack goes on from fresh addresses, one after another: one more guess per slowdown.
    const started = Date.now();
    let guessed = counts[401] ?? 0;
    for (let i = 0; Date.now() - started < 2 * SLOWDOWN_MS; i++) {
      const a = await attempt(instances[i % 2]!, 'victim@throttle.test', `later-${i}`, `100.64.0.${i + 1}`);
      expect([401, 429]).toContain(a.status);
      if (a.status === 401) guessed++;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(guessed).toBeLessThanOrEqual(PER_ACCOUNT + Math.ceil((Date.now() - started) / SLOWDOWN_MS) + 1);

    // The owner at home (a known address that has not failed) is not slowed down at all.
    expect((await attempt(instances[1]!, 'victim@throttle.test', PASSWORD, '192.0.2.10')).status).toBe(200);

    // The owner on a clean address never seen before waits at most the slowdown, then gets in.
    const owner = Date.now();
    let answer = await attempt(instances[0]!, 'victim@throttle.test', PASSWORD, '192.0.2.99');
    if (answer.status === 429) {
      expect(answer.retryAfter * 1000).toBeLessThanOrEqual(SLOWDOWN_MS + 1000);
      await new Promise((r) => setTimeout(r, answer.retryAfter * 1000));
      answer = await attempt(instances[0]!, 'victim@throttle.test', PASSWORD, '192.0.2.99');
    }
    expect(answer.status).toBe(200);
    expect(Date.now() - owner).toBeLessThan(SLOWDOWN_MS + 3000);
  });
});
