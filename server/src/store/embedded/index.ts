import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { open, type RootDatabase, type Database } from 'lmdb';
import { mergeIntoSnapshot } from '../merge.ts';
import type { DocStore, ExpiringStore, RecordStore, Store } from '../types.ts';

/*
 * The embedded store is LMDB (lmdb-js): a maintained, crash-safe B-tree whose npm package ships
 * prebuilt binaries. Every write transaction is committed with fsync before its promise resolves,
 * so an update is durable on local disk when `append` resolves.
 *
 * Keys are ordered arrays: [name, 's'] the snapshot, [name, 'n'] the log length,
 * [name, 'u', seq] the log entries in order.
 */

type Key = [string, string] | [string, string, number];

function createDocStore(db: Database<Uint8Array, Key>, counters: Database<number, Key>): DocStore {
  const logRange = (name: string) => ({ start: [name, 'u', 0] as Key, end: [name, 'u', Number.MAX_SAFE_INTEGER] as Key });
  return {
    async load(name) {
      const out: Uint8Array[] = [];
      const snapshot = db.get([name, 's']);
      if (snapshot) out.push(snapshot);
      for (const { value } of db.getRange(logRange(name))) out.push(value);
      return out;
    },
    append(name, updates) {
      return db.transaction(() => {
        const seq = counters.get([name, 'seq']) ?? 0;
        const length = counters.get([name, 'n']) ?? 0;
        updates.forEach((u, i) => db.putSync([name, 'u', seq + i], u));
        counters.putSync([name, 'seq'], seq + updates.length);
        counters.putSync([name, 'n'], length + updates.length);
        return length + updates.length;
      });
    },
    async compact(name) {
      await db.transaction(() => {
        if ((counters.get([name, 'n']) ?? 0) === 0) return;
        const parts: Uint8Array[] = [];
        const snapshot = db.get([name, 's']);
        if (snapshot) parts.push(snapshot);
        const keys: Key[] = [];
        for (const { key, value } of db.getRange(logRange(name))) {
          parts.push(value);
          keys.push(key);
        }
        db.putSync([name, 's'], mergeIntoSnapshot(parts));
        for (const key of keys) db.removeSync(key);
        counters.putSync([name, 'n'], 0);
      });
    },
  };
}

function createRecordStore(db: Database<unknown, [string, string]>): RecordStore {
  return {
    async get<T>(collection: string, id: string) {
      return db.get([collection, id]) as T | undefined;
    },
    async put(collection, id, value) {
      await db.put([collection, id], value);
    },
    putIfAbsent(collection, id, value) {
      return db.ifNoExists([collection, id], () => {
        db.put([collection, id], value);
      });
    },
    async list<T>(collection: string) {
      const out: T[] = [];
      for (const { value } of db.getRange({ start: [collection, ''], end: [collection, '\uffff'] })) out.push(value as T);
      return out;
    },
    async delete(collection, id) {
      await db.remove([collection, id]);
    },
    update<T>(collection: string, id: string, change: (current: T | undefined) => T | undefined) {
      // One LMDB write transaction: nothing else writes between the read and the write.
      return db.transaction(() => {
        const next = change(db.get([collection, id]) as T | undefined);
        if (next !== undefined) db.put([collection, id], next);
        return next;
      });
    },
  };
}

interface Expiring {
  value: unknown;
  expiresAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/** Expiring keys in LMDB: the expiry is stored with the value, checked on read, swept every minute. */
function createExpiringStore(db: Database<Expiring, [string, string]>): ExpiringStore & { sweep(): void } {
  const live = (key: [string, string]) => {
    const entry = db.get(key);
    return entry && entry.expiresAt > Date.now() ? entry : undefined;
  };
  return {
    async get<T>(namespace: string, id: string) {
      return live([namespace, id])?.value as T | undefined;
    },
    async set(namespace, id, value, ttlMs) {
      await db.put([namespace, id], { value, expiresAt: Date.now() + ttlMs });
    },
    take<T>(namespace: string, id: string) {
      return db.transaction(() => {
        const entry = live([namespace, id]);
        db.removeSync([namespace, id]);
        return entry?.value as T | undefined;
      });
    },
    async delete(namespace, id) {
      await db.remove([namespace, id]);
    },
    increment(namespace, id, ttlMs) {
      return db.transaction(() => {
        const now = Date.now();
        const entry = live([namespace, id]);
        const next: Expiring = entry ? { value: (entry.value as number) + 1, expiresAt: entry.expiresAt } : { value: 1, expiresAt: now + ttlMs };
        db.putSync([namespace, id], next);
        return { count: next.value as number, ttlMs: next.expiresAt - now };
      });
    },
    acquire(counters) {
      return db.transaction(() => {
        const now = Date.now();
        const entries = counters.map((c) => live([c.namespace, c.id]));
        const blocked = counters.flatMap((c, i) => (((entries[i]?.value as number | undefined) ?? 0) >= c.limit ? [i] : []));
        if (blocked.length > 0) {
          const waitMs = Math.max(...blocked.map((i) => entries[i]!.expiresAt - now));
          return { ok: false as const, blocked, waitMs };
        }
        counters.forEach((c, i) => {
          const entry = entries[i];
          db.putSync([c.namespace, c.id], entry ? { value: (entry.value as number) + 1, expiresAt: entry.expiresAt } : { value: 1, expiresAt: now + c.ttlMs });
        });
        return { ok: true as const };
      });
    },
    async release(counters) {
      await db.transaction(() => {
        for (const c of counters) {
          const entry = live([c.namespace, c.id]);
          if (entry && (entry.value as number) > 0) db.putSync([c.namespace, c.id], { value: (entry.value as number) - 1, expiresAt: entry.expiresAt });
        }
      });
    },
    sweep() {
      const now = Date.now();
      void db.transaction(() => {
        for (const { key, value } of db.getRange()) if (value.expiresAt <= now) db.removeSync(key);
      });
    },
  };
}

/** Opens (or creates) the embedded store in `dataDir`. */
export function createEmbeddedStore(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true });
  const root: RootDatabase = open({ path: path.join(dataDir, 'dialogo.lmdb'), maxDbs: 8 });
  const docs = root.openDB<Uint8Array, Key>({ name: 'docs', encoding: 'binary' });
  const counters = root.openDB<number, Key>({ name: 'counters', encoding: 'msgpack' });
  const records = root.openDB<unknown, [string, string]>({ name: 'records', encoding: 'msgpack' });
  const expiring = createExpiringStore(root.openDB<Expiring, [string, string]>({ name: 'expiring', encoding: 'msgpack' }));
  const sweeper = setInterval(() => expiring.sweep(), SWEEP_INTERVAL_MS);
  sweeper.unref();
  return {
    kind: 'embedded',
    docs: createDocStore(docs, counters),
    records: createRecordStore(records),
    expiring,
    relay: null,
    async ping() {
      return true;
    },
    async close() {
      clearInterval(sweeper);
      await root.close();
    },
  };
}
