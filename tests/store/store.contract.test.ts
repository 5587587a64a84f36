import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { createEmbeddedStore, createLogger, createRedisStore, type Store } from '@dialogo/server';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir } from '../helpers/server.ts';

/** One suite, run for every store (SIO redis-adapter `testSuite(createAdapter)`). */
function storeContract(label: string, open: () => Promise<Store>, reopen: () => Promise<Store>, cleanup: () => Promise<void>) {
  describe(`store contract: ${label}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
      await cleanup();
    });

    /** Rebuilds a document from what the store returns. */
    const materialize = async (name: string, s = store) => {
      const doc = new Y.Doc();
      for (const u of await s.docs.load(name)) Y.applyUpdate(doc, u);
      return doc;
    };

    it('returns nothing for a document never written', async () => {
      expect(await store.docs.load('minutes:never')).toEqual([]);
    });

    it('returns appended updates in order and counts the log', async () => {
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      doc.getText('t').insert(0, 'abc');
      doc.getText('t').insert(3, 'def');
      expect(await store.docs.append('minutes:order', [updates[0]!])).toBe(1);
      expect(await store.docs.append('minutes:order', [updates[1]!])).toBe(2);
      const loaded = await store.docs.load('minutes:order');
      expect(loaded.map((u) => Buffer.from(u).toString('hex'))).toEqual(updates.map((u) => Buffer.from(u).toString('hex')));
      expect((await materialize('minutes:order')).getText('t').toString()).toBe('abcdef');
    });

    it('keeps documents apart', async () => {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, 'only in A');
      await store.docs.append('minutes:apart-a', [Y.encodeStateAsUpdate(doc)]);
      expect(await store.docs.load('minutes:apart-b')).toEqual([]);
    });

    it('compacts a document of 20,000 updates into one snapshot with the same content', async () => {
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      const text = doc.getText('t');
      for (let i = 0; i < 20_000; i++) {
        if (i % 10 === 9) text.delete(0, 1);
        else text.insert(text.length, String.fromCharCode(97 + (i % 26)));
      }
      for (let i = 0; i < updates.length; i += 1000) await store.docs.append('minutes:big', updates.slice(i, i + 1000));
      expect((await store.docs.load('minutes:big')).length).toBe(20_000);
      await store.docs.compact('minutes:big');
      const loaded = await store.docs.load('minutes:big');
      expect(loaded.length).toBe(1);
      expect((await materialize('minutes:big')).getText('t').toString()).toBe(text.toString());
      // The log restarts after a snapshot.
      expect(await store.docs.append('minutes:big', [Y.encodeStateAsUpdate(doc)])).toBe(1);
    });

    it('loses no update appended while a compaction runs', async () => {
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 400; i++) doc.getText('t').insert(0, 'x');
      await store.docs.append('minutes:race', updates.slice(0, 200));
      await Promise.all([store.docs.compact('minutes:race'), ...updates.slice(200).map((u) => store.docs.append('minutes:race', [u]))]);
      expect((await materialize('minutes:race')).getText('t').length).toBe(400);
    });

    it('keeps documents and records after the store is closed and opened again', async () => {
      await store.records.put('documents', 'minutes:kept', { title: 'Kept' });
      const doc = new Y.Doc();
      doc.getText('t').insert(0, 'durable');
      await store.docs.append('minutes:kept', [Y.encodeStateAsUpdate(doc)]);
      await store.close();
      store = await reopen();
      expect((await materialize('minutes:kept')).getText('t').toString()).toBe('durable');
      expect(await store.records.get('documents', 'minutes:kept')).toEqual({ title: 'Kept' });
    });

    it('stores, lists and deletes records by collection', async () => {
      await store.records.put('people', 'a', { name: 'Ada', city: 'Lodi' });
      await store.records.put('people', 'b', { name: 'Bruno', city: 'Olbia' });
      await store.records.put('cities', 'lodi', { name: 'Lodi' });
      expect(await store.records.get('people', 'a')).toEqual({ name: 'Ada', city: 'Lodi' });
      expect((await store.records.list<{ name: string }>('people')).map((p) => p.name).sort()).toEqual(['Ada', 'Bruno']);
      await store.records.delete('people', 'a');
      expect(await store.records.get('people', 'a')).toBeUndefined();
      expect((await store.records.list('people')).length).toBe(1);
    });

    it('gives a unique key to exactly one of many concurrent writers', async () => {
      const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => store.records.putIfAbsent('by-email', 'ada@example.org', `p${i}`)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await store.records.get('by-email', 'ada@example.org')).toBe(`p${wins.indexOf(true)}`);
    });

    it('applies concurrent read-modify-writes of one record one after another, losing none', async () => {
      const bump = (n: number | undefined) => (n ?? 0) + 1;
      await Promise.all(Array.from({ length: 20 }, () => store.records.update<number>('tally', 'poll-1', bump)));
      expect(await store.records.get('tally', 'poll-1')).toBe(20);
      // Returning undefined writes nothing.
      expect(await store.records.update<number>('tally', 'poll-1', () => undefined)).toBeUndefined();
      expect(await store.records.get('tally', 'poll-1')).toBe(20);
    });

    it('expires keys, hands a single-use key to exactly one of many concurrent takers', async () => {
      await store.expiring.set('invite', 't1', { role: 'delegate' }, 60_000);
      expect(await store.expiring.get('invite', 't1')).toEqual({ role: 'delegate' });
      const takers = await Promise.all(Array.from({ length: 10 }, () => store.expiring.take('invite', 't1')));
      expect(takers.filter((v) => v !== undefined)).toEqual([{ role: 'delegate' }]);
      expect(await store.expiring.get('invite', 't1')).toBeUndefined();

      await store.expiring.set('invite', 'short', { role: 'guest' }, 30);
      await new Promise((r) => setTimeout(r, 80));
      expect(await store.expiring.get('invite', 'short')).toBeUndefined();
      expect(await store.expiring.take('invite', 'short')).toBeUndefined();
    });

    it('counts concurrent increments exactly and restarts the count after the window', async () => {
      const counts = await Promise.all(Array.from({ length: 20 }, () => store.expiring.increment('fail', 'ada', 100)));
      expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(Math.max(...counts.map((c) => c.ttlMs))).toBeLessThanOrEqual(100);
      await new Promise((r) => setTimeout(r, 150));
      expect((await store.expiring.increment('fail', 'ada', 100)).count).toBe(1);
    });

    it('acquires counters all or none, exactly up to their limits under concurrency, and releases one back', async () => {
      const pair = { namespace: 'try', id: 'ada|1.2.3.4', limit: 3, ttlMs: 300 };
      const wide = { namespace: 'try', id: 'ada', limit: 100, ttlMs: 300 };
      const got = await Promise.all(Array.from({ length: 20 }, () => store.expiring.acquire([pair, wide])));
      expect(got.filter((g) => g.ok)).toHaveLength(3);
      const refused = got.find((g) => !g.ok);
      expect(refused).toMatchObject({ ok: false, blocked: [0] });
      expect(refused && !refused.ok && refused.waitMs).toBeGreaterThan(0);
      expect(refused && !refused.ok && refused.waitMs).toBeLessThanOrEqual(300);
      // None of the refused acquisitions counted on the other counter.
      expect(await store.expiring.acquire([{ ...wide, limit: 4 }])).toEqual({ ok: true });
      expect(await store.expiring.acquire([{ ...wide, limit: 4 }])).toMatchObject({ ok: false, blocked: [0] });
      await store.expiring.release([pair]);
      expect((await store.expiring.acquire([pair])).ok).toBe(true);
      expect((await store.expiring.acquire([pair])).ok).toBe(false);
      // Releasing a counter that does not exist does nothing.
      await store.expiring.release([{ namespace: 'try', id: 'nobody' }]);
      expect(await store.expiring.acquire([{ namespace: 'try', id: 'nobody', limit: 1, ttlMs: 300 }])).toEqual({ ok: true });
      await new Promise((r) => setTimeout(r, 350));
      expect(await store.expiring.acquire([pair, wide])).toEqual({ ok: true });
    });

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true);
    });
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'dialogo-contract-'));
storeContract(
  'embedded (LMDB)',
  async () => createEmbeddedStore(dataDir),
  async () => createEmbeddedStore(dataDir),
  async () => removeDataDir(dataDir),
);

const prefix = uniquePrefix('contract');
const openRedis = () => createRedisStore({ url: REDIS_URL, prefix, logger: createLogger('silent') });
storeContract('redis', openRedis, openRedis, () => deletePrefix(prefix));

/**
 * Two instances on one Redis: each guesses a record from what it last wrote (one round trip per
 * update, `store/redis/index.ts`); the other instance's writes must still never be lost, and no
 * decision not to write may rest on a stale guess.
 */
describe('redis records across two instances', () => {
  const shared = uniquePrefix('records-two');
  const open = () => createRedisStore({ url: REDIS_URL, prefix: shared, logger: createLogger('silent') });
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    [a, b] = await Promise.all([open(), open()]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    await deletePrefix(shared);
  });

  it('loses no update when both instances update one record in turns and at once', async () => {
    const bump = (n: number | undefined) => (n ?? 0) + 1;
    for (let i = 0; i < 10; i++) {
      await a.records.update<number>('tally', 'turns', bump);
      await b.records.update<number>('tally', 'turns', bump);
    }
    expect(await a.records.get('tally', 'turns')).toBe(20);
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).records.update<number>('tally', 'turns', bump)));
    expect(await b.records.get('tally', 'turns')).toBe(60);
  });

  it('decides not to write only on what is stored, not on what it last wrote', async () => {
    await a.records.update<number>('tally', 'guess', () => 1); // a remembers 1
    await b.records.update<number>('tally', 'guess', () => 2); // the record now holds 2
    // "Only if it is not 1": a's memory says 1, the store says 2.
    expect(await a.records.update<number>('tally', 'guess', (n) => (n === 1 ? undefined : (n ?? 0) + 10))).toBe(12);
    expect(await b.records.get('tally', 'guess')).toBe(12);
    await b.records.delete('tally', 'guess');
    expect(await a.records.update<number>('tally', 'guess', (n) => (n === undefined ? 100 : n + 1))).toBe(100);
  });
});
