import { randomUUID } from 'node:crypto';
import { createClient, RESP_TYPES } from 'redis';
import { mergeIntoSnapshot } from '../merge.ts';
import type { DocStore, ExpiringStore, RecordStore, Relay, Store } from '../types.ts';
import { createKeys, type Keys } from './keys.ts';
import type { Logger } from '../../logger.ts';

/** A node-redis client; `binary` views the same connection with bulk strings as Buffers. */
export type RedisClient = ReturnType<typeof createClient>;

const COMPACT_LOCK_MS = 30_000;
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

function createDocStore(client: RedisClient, keys: Keys): DocStore {
  const binary = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  // Log first, then snapshot: a compaction landing between the two reads can only make us read
  // some updates twice (harmless for Yjs), never miss one.
  const readAll = async (name: string) => {
    const [log, snapshot] = await Promise.all([binary.lRange(keys.log(name), 0, -1), binary.get(keys.snapshot(name))]);
    return { snapshot: snapshot as Buffer | null, log: log as Buffer[] };
  };
  return {
    async load(name) {
      const { snapshot, log } = await readAll(name);
      return snapshot ? [snapshot, ...log] : log;
    },
    async append(name, updates) {
      // RPUSH is acknowledged once Redis has it in memory (and in its AOF per its fsync policy).
      return client.rPush(
        keys.log(name),
        updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)),
      );
    },
    async compact(name) {
      const token = randomUUID();
      const locked = await client.set(keys.compactLock(name), token, { NX: true, PX: COMPACT_LOCK_MS });
      if (locked !== 'OK') return; // another instance is compacting this document
      try {
        const { snapshot, log } = await readAll(name);
        if (log.length === 0) return;
        const merged = mergeIntoSnapshot(snapshot ? [snapshot, ...log] : log);
        // Appends that raced with us sit after index log.length and are kept by LTRIM.
        await client.multi().set(keys.snapshot(name), Buffer.from(merged)).lTrim(keys.log(name), log.length, -1).exec();
      } finally {
        await client.eval(RELEASE_LOCK, { keys: [keys.compactLock(name)], arguments: [token] });
      }
    },
  };
}

function createRecordStore(client: RedisClient, keys: Keys): RecordStore {
  /** What this instance last wrote of recently updated records (raw JSON), newest last; see `update`. */
  const lastSeen = new Map<string, string>();
  const remember = (seenKey: string, raw: string) => {
    lastSeen.delete(seenKey);
    lastSeen.set(seenKey, raw);
    if (lastSeen.size > LAST_SEEN_MAX) lastSeen.delete(lastSeen.keys().next().value!);
  };
  return {
    async get<T>(collection: string, id: string) {
      const raw = await client.hGet(keys.records(collection), id);
      return raw == null ? undefined : (JSON.parse(raw) as T);
    },
    async put(collection, id, value) {
      lastSeen.delete(`${keys.records(collection)}\n${id}`);
      await client.hSet(keys.records(collection), id, JSON.stringify(value));
    },
    async putIfAbsent(collection, id, value) {
      return (await client.hSetNX(keys.records(collection), id, JSON.stringify(value))) === 1;
    },
    async list<T>(collection: string) {
      const all = await client.hGetAll(keys.records(collection));
      return Object.values(all).map((raw) => JSON.parse(raw) as T);
    },
    async delete(collection, id) {
      lastSeen.delete(`${keys.records(collection)}\n${id}`);
      await client.hDel(keys.records(collection), id);
    },
    async update<T>(collection: string, id: string, change: (current: T | undefined) => T | undefined) {
      // Optimistic: compute from what was read, write only if the field is still what was read.
      // The first guess of what is stored is what this instance last read or wrote of the record
      // (a ballot cast again, a status changed twice), so the common update is one round trip; a
      // wrong guess fails the compare-and-set, which answers what is stored, and costs the round
      // trip a read would have. A decision not to write is only ever taken on a fresh read.
      const key = keys.records(collection);
      const seenKey = `${key}\n${id}`;
      let raw: string | null | undefined = lastSeen.get(seenKey);
      let fresh = raw === undefined;
      for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
        if (raw === undefined) {
          raw = await client.hGet(key, id);
          fresh = true;
        }
        const next = change(raw == null ? undefined : (JSON.parse(raw) as T));
        if (next === undefined) {
          if (fresh) return undefined;
          raw = undefined; // decided on a guess: read, then decide again
          continue;
        }
        const json = JSON.stringify(next);
        const answer = await client.eval(COMPARE_AND_SET, { keys: [key], arguments: [id, raw ?? '', raw == null ? '0' : '1', json] });
        if (answer === 1) {
          remember(seenKey, json);
          return next;
        }
        // 0: the record is gone; a string: what it holds now.
        raw = typeof answer === 'string' ? answer : null;
        fresh = true;
      }
      lastSeen.delete(seenKey);
      throw new Error(`record ${collection}/${id} kept changing under ${UPDATE_ATTEMPTS} attempts`);
    },
  };
}

const UPDATE_ATTEMPTS = 50;
/** Records whose last written value an instance remembers (a few MB at most). */
const LAST_SEEN_MAX = 2_000;
// ARGV: field, expected value, whether it existed ('1') or not ('0'), new value. Answers 1 when
// written (an integer reply); else 0 if the field is absent, or the value it holds (a string reply).
const COMPARE_AND_SET = `local cur = redis.call('hget', KEYS[1], ARGV[1])
if (ARGV[3] == '0' and cur == false) or (ARGV[3] == '1' and cur == ARGV[2]) then
  redis.call('hset', KEYS[1], ARGV[1], ARGV[4]) return 1 end
if cur == false then return 0 end
return cur`;

// INCR and set the expiry on the first increment, atomically; answer the count and the time left.
const INCREMENT = `local c = redis.call('incr', KEYS[1]) if c == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return {c, redis.call('pttl', KEYS[1])}`;

// All or none: each counter below its limit (ARGV: limit, ttl per key), then INCR every one (the
// expiry set on a first increment); else answer the full ones (0-based) and the longest time left.
const ACQUIRE = `local blocked, wait = {}, 0
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('get', key) or '0') >= tonumber(ARGV[2 * i - 1]) then
    blocked[#blocked + 1] = i - 1
    local left = redis.call('pttl', key)
    if left > wait then wait = left end
  end
end
if #blocked > 0 then return {0, wait, blocked} end
for i, key in ipairs(KEYS) do
  if redis.call('incr', key) == 1 then redis.call('pexpire', key, ARGV[2 * i]) end
end
return {1, 0, {}}`;

// One back from each counter above zero; DECR keeps the expiry.
const RELEASE = `for _, key in ipairs(KEYS) do
  if tonumber(redis.call('get', key) or '0') > 0 then redis.call('decr', key) end
end
return 0`;

function createExpiringStore(client: RedisClient, keys: Keys): ExpiringStore {
  return {
    async get<T>(namespace: string, id: string) {
      const raw = await client.get(keys.expiring(namespace, id));
      return raw == null ? undefined : (JSON.parse(raw) as T);
    },
    async set(namespace, id, value, ttlMs) {
      await client.set(keys.expiring(namespace, id), JSON.stringify(value), { PX: Math.max(1, Math.round(ttlMs)) });
    },
    async take<T>(namespace: string, id: string) {
      const raw = await client.getDel(keys.expiring(namespace, id));
      return raw == null ? undefined : (JSON.parse(raw) as T);
    },
    async delete(namespace, id) {
      await client.del(keys.expiring(namespace, id));
    },
    async increment(namespace, id, ttlMs) {
      const [count, left] = (await client.eval(INCREMENT, {
        keys: [keys.expiring(namespace, id)],
        arguments: [String(Math.max(1, Math.round(ttlMs)))],
      })) as [number, number];
      return { count, ttlMs: Math.max(0, left) };
    },
    async acquire(counters) {
      if (counters.length === 0) return { ok: true };
      const [ok, waitMs, blocked] = (await client.eval(ACQUIRE, {
        keys: counters.map((c) => keys.expiring(c.namespace, c.id)),
        arguments: counters.flatMap((c) => [String(c.limit), String(Math.max(1, Math.round(c.ttlMs)))]),
      })) as [number, number, number[]];
      return ok === 1 ? { ok: true } : { ok: false, blocked, waitMs: Math.max(0, waitMs) };
    },
    async release(counters) {
      if (counters.length === 0) return;
      await client.eval(RELEASE, { keys: counters.map((c) => keys.expiring(c.namespace, c.id)) });
    },
  };
}

function createRelay(client: RedisClient, subscriber: RedisClient, keys: Keys): Relay {
  return {
    async subscribe(name, onMessage) {
      const channel = keys.relay(name);
      const listener = (message: Buffer) => onMessage(message);
      await subscriber.subscribe(channel, listener, true);
      return () => subscriber.unsubscribe(channel, listener, true);
    },
    async publish(name, payload) {
      await client.publish(keys.relay(name), Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
    },
  };
}

/** Options of the Redis store. */
export interface RedisStoreOptions {
  url: string;
  /** Prefix of every key and channel, so several deployments or test runs share one Redis. */
  prefix: string;
  logger: Logger;
}

/** The Redis-backed store with its relay; also hands out clients for socket.io's adapter. */
export type RedisStore = Store & { readonly client: RedisClient; readonly keys: Keys };

/** Connects to Redis; keeps reconnecting with backoff when it goes away. */
export async function createRedisStore({ url, prefix, logger }: RedisStoreOptions): Promise<RedisStore> {
  const log = logger.child({ module: 'redis' });
  const client: RedisClient = createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) },
    // While Redis is unreachable, commands fail at once instead of waiting in memory: writes are
    // refused (the editor keeps them as unsynced, a vote gets an error) and nothing is pretended.
    disableOfflineQueue: true,
  });
  let lost = false;
  const reconnectListeners: (() => void)[] = [];
  client.on('error', (err: Error) => {
    if (!lost) log.warn({ err: err.message }, 'redis error');
    lost = true;
  });
  client.on('end', () => (lost = true));
  client.on('reconnecting', () => (lost = true));
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    log.warn('redis reachable again');
    for (const listener of reconnectListeners) listener();
  });
  const subscriber = client.duplicate();
  let subscriberLost = false;
  subscriber.on('error', (err: Error) => {
    if (!subscriberLost) log.warn({ err: err.message }, 'redis subscriber error');
    subscriberLost = true;
  });
  // Relay messages published while the subscriber was away are lost: resync once it is back.
  subscriber.on('ready', () => {
    if (!subscriberLost) return;
    subscriberLost = false;
    for (const listener of reconnectListeners) listener();
  });
  await Promise.all([client.connect(), subscriber.connect()]);
  const keys = createKeys(prefix);
  return {
    kind: 'redis',
    client,
    keys,
    docs: createDocStore(client, keys),
    records: createRecordStore(client, keys),
    expiring: createExpiringStore(client, keys),
    relay: createRelay(client, subscriber, keys),
    onReconnect(listener) {
      reconnectListeners.push(listener);
    },
    async ping() {
      if (!client.isReady) return false;
      try {
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.allSettled([client.close(), subscriber.close()]);
    },
  };
}
