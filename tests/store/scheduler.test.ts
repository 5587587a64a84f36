import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddedStore, createLogger, createRedisStore, Scheduler, type Store } from '@dialogo/server';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The scheduler on the stores themselves: what its handlers see, without the mail pipeline's own
 * deduplication (a job run twice would show here as two runs).
 */
const logger = createLogger('silent');
const stores: Store[] = [];
const prefixes: string[] = [];
const dirs: string[] = [];
const schedulers: Scheduler[] = [];

afterAll(async () => {
  for (const s of schedulers) await s.stop();
  for (const s of stores) await s.close();
  for (const p of prefixes) await deletePrefix(p);
  for (const d of dirs) removeDataDir(d);
});

async function redis(prefix: string): Promise<Store> {
  const store = await createRedisStore({ url: REDIS_URL, prefix, logger });
  stores.push(store);
  return store;
}

/** A scheduler recording every run of kind `count` into `runs` (by key), with `hold` ms of work per run. */
function scheduler(store: Store, runs: string[], hold = 0): Scheduler {
  const s = new Scheduler(store.records, logger, { pollMs: 20 });
  s.handle<{ key: string }>('count', async ({ key }) => {
    runs.push(key);
    if (hold) await new Promise((r) => setTimeout(r, hold));
  });
  schedulers.push(s);
  return s;
}

describe('scheduler', () => {
  it('runs each job exactly once with four instances on one Redis racing for it', async () => {
    const prefix = uniquePrefix('sched');
    prefixes.push(prefix);
    const runs: string[] = [];
    const instances = await Promise.all([1, 2, 3, 4].map(async () => scheduler(await redis(prefix), runs, 5)));
    await Promise.all(instances.map((s) => s.start()));
    const at = Date.now() + 300;
    const keys = Array.from({ length: 30 }, (_, i) => `job:${i}`);
    await Promise.all(keys.map((key, i) => instances[i % 4]!.schedule(key, 'count', at, { key })));
    await eventually(async () => {
      for (const key of keys) expect((await instances[0]!.get(key))?.done?.ok).toBe(true);
    });
    // Many more passes of all four afterwards change nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect([...runs].sort()).toEqual([...keys].sort());
  });

  it('scheduling a key again replaces its job; a cancelled one does not run', async () => {
    const prefix = uniquePrefix('sched');
    prefixes.push(prefix);
    const runs: string[] = [];
    const s = scheduler(await redis(prefix), runs);
    await s.start();
    const far = Date.now() + 3_600_000;
    await s.schedule('moved', 'count', far, { key: 'moved-old' });
    await s.schedule('moved', 'count', Date.now() + 100, { key: 'moved-new' });
    await s.schedule('dropped', 'count', Date.now() + 100, { key: 'dropped' });
    await s.cancel('dropped');
    await s.schedule('marker', 'count', Date.now() + 200, { key: 'marker' });
    await eventually(() => expect(runs).toContain('marker'));
    expect(runs.sort()).toEqual(['marker', 'moved-new']);
    expect((await s.get('dropped'))?.done?.error).toBe('cancelled');
  });

  it('on the embedded store, a job due while stopped runs at the next start, once; a later restart does not run it again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dialogo-sched-'));
    dirs.push(dir);
    const runs: string[] = [];
    let store = await createEmbeddedStore(dir);
    let s = scheduler(store, runs);
    // Scheduled while running, due while nothing runs.
    await s.schedule('while-down', 'count', Date.now() + 50, { key: 'while-down' });
    await new Promise((r) => setTimeout(r, 100));
    await s.stop();
    await store.close();
    expect(runs).toEqual([]);

    store = await createEmbeddedStore(dir);
    s = scheduler(store, runs);
    await s.start();
    await eventually(() => expect(runs).toEqual(['while-down']));
    await s.stop();
    await store.close();

    store = await createEmbeddedStore(dir);
    stores.push(store);
    s = scheduler(store, runs);
    await s.schedule('marker', 'count', Date.now(), { key: 'marker' });
    await s.start();
    await eventually(() => expect(runs).toContain('marker'));
    expect(runs).toEqual(['while-down', 'marker']);
  });

  it('a failed run is tried again after its backoff', async () => {
    const prefix = uniquePrefix('sched');
    prefixes.push(prefix);
    const store = await redis(prefix);
    let failures = 1;
    const runs: string[] = [];
    const s = new Scheduler(store.records, logger, { pollMs: 20 });
    schedulers.push(s);
    s.handle<{ key: string }>('flaky', async ({ key }) => {
      if (failures-- > 0) throw new Error('SMTP down');
      runs.push(key);
    });
    await s.start();
    await s.schedule('flaky', 'flaky', Date.now(), { key: 'flaky' });
    await eventually(async () => expect((await s.get('flaky'))?.attempts).toBe(1));
    expect(runs).toEqual([]);
    // Retried after its backoff (5 s).
    await eventually(() => expect(runs).toEqual(['flaky']), { timeout: 15_000 });
    expect((await s.get('flaky'))?.done?.ok).toBe(true);
  }, 30_000);
});
