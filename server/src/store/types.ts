/**
 * Persistence behind one interface, so that the document server, the HTTP API and socket.io never
 * know whether Redis or the embedded engine is underneath. Both implementations pass the same
 * contract suite (tests/store/store.contract.test.ts).
 */

/** The update log of Yjs documents: a snapshot plus the updates appended since it. */
export interface DocStore {
  /** Every stored update of a document, the snapshot first; `[]` for a document never written. */
  load(name: string): Promise<Uint8Array[]>;
  /**
   * Appends updates and resolves only once they are durable in this store (see the README's
   * durability table). Resolves with the number of updates in the log since the last snapshot.
   */
  append(name: string, updates: Uint8Array[]): Promise<number>;
  /** Merges the log into one snapshot so that loading does not grow with the number of edits. */
  compact(name: string): Promise<void>;
}

/** Small JSON records kept by collection (documents list; later sessions, meetings, polls). */
export interface RecordStore {
  get<T>(collection: string, id: string): Promise<T | undefined>;
  put<T>(collection: string, id: string, value: T): Promise<void>;
  /** Writes only if nothing is stored under `id`; true when written. The unique-key primitive. */
  putIfAbsent<T>(collection: string, id: string, value: T): Promise<boolean>;
  list<T>(collection: string): Promise<T[]>;
  delete(collection: string, id: string): Promise<void>;
  /**
   * Read-modify-write of one record, atomic across instances: `change` gets the stored value and
   * returns the next one, or `undefined` to write nothing. It may run more than once when another
   * writer got there first, so it must not have side effects. Resolves with what was written.
   */
  update<T>(collection: string, id: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined>;
}

/**
 * Short-lived keys with a time to live: sessions, single-use links, rate-limit counters. Every
 * operation is atomic in the store, so two instances never both consume the same link.
 */
export interface ExpiringStore {
  get<T>(namespace: string, id: string): Promise<T | undefined>;
  set<T>(namespace: string, id: string, value: T, ttlMs: number): Promise<void>;
  /** Reads and deletes in one step: the single use of an invite or reset link. */
  take<T>(namespace: string, id: string): Promise<T | undefined>;
  delete(namespace: string, id: string): Promise<void>;
  /** Adds one to a counter that expires `ttlMs` after its first increment; returns the count and time left. */
  increment(namespace: string, id: string, ttlMs: number): Promise<{ count: number; ttlMs: number }>;
  /**
   * Adds one to every counter, but only if each is below its limit: all of them or none, in one
   * atomic step (the counters may be read by other instances at the same time). A counter expires
   * `ttlMs` after its first increment. When some are full, nothing changes and the answer names
   * them (indexes into `counters`) with the longest time left on them.
   */
  acquire(counters: CounterLimit[]): Promise<{ ok: true } | { ok: false; blocked: number[]; waitMs: number }>;
  /** Takes one back from each counter that is above zero (its expiry unchanged): an attempt refunded. */
  release(counters: { namespace: string; id: string }[]): Promise<void>;
}

/** One counter of `ExpiringStore.acquire`: at most `limit` per window of `ttlMs`. */
export interface CounterLimit {
  namespace: string;
  id: string;
  limit: number;
  ttlMs: number;
}

/** Cross-instance fan-out of a document's messages; only the Redis store has one. */
export interface Relay {
  /** Listens to a document's channel; resolves once the subscription is active. */
  subscribe(name: string, onMessage: (payload: Uint8Array) => void): Promise<() => Promise<void>>;
  publish(name: string, payload: Uint8Array): Promise<void>;
}

/** The store chosen by configuration, with what the rest of the server needs from it. */
export interface Store {
  readonly kind: 'embedded' | 'redis';
  readonly docs: DocStore;
  readonly records: RecordStore;
  readonly expiring: ExpiringStore;
  /** Present when several instances may serve the same document. */
  readonly relay: Relay | null;
  /** True when the store answers right now. */
  ping(): Promise<boolean>;
  /**
   * Calls `listener` each time the store is reachable again after it was lost (Redis); stores
   * that cannot be lost (embedded) never call it.
   */
  onReconnect?(listener: () => void): void;
  close(): Promise<void>;
}
