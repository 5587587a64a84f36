import * as Y from 'yjs';
import type { DocStore } from '../store/index.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { CloseCode, CloseReason } from '@dialogo/shared';
import type { Connection } from './connection.ts';
import type { ClientClaims } from './client-claims.ts';
import type { DocSize } from './doc-size.ts';

/** Why a change was applied to the in-memory document (HP `TransactionOrigin`). */
export type Origin =
  | { source: 'connection'; conn: Connection }
  /** A stored batch applied in one transaction; `sender` when all of it came from one connection. */
  | { source: 'batch'; sender: Connection | null }
  | { source: 'server' }
  | { source: 'relay' }
  | { source: 'load' };

/** An update waiting for the store. */
export interface Pending {
  update: Uint8Array;
  origin: Origin;
  /** For a connection's update: the client ids it carries, and where each one's new content ends. */
  clients?: ReadonlySet<number>;
  ends?: ReadonlyMap<number, number>;
}

/** What a {@link WriteQueue} needs from its document. */
export interface WriteQueueDeps {
  name: string;
  store: DocStore;
  log: Logger;
  metrics?: Metrics | null;
  /** The document's size bound: dropped updates are taken off it. */
  size: DocSize;
  /** Client id ownership, checked before a batch is stored; null when nobody is checked. */
  claims: ClientClaims | null;
  /** The live Y.Doc a stored batch is applied to. */
  doc(): Y.Doc;
  /** Called after each batch is stored and applied, with the log length since the last snapshot. */
  afterStored(logLength: number, batch: Pending[]): void;
}

/**
 * The document's writes, in order. Durability rule: an update is appended to the store *before*
 * it is applied to the Y.Doc. So the in-memory document only ever holds stored content, and
 * everything another participant can receive from it (a broadcast, a sync answer) survives a
 * crash of this process.
 */
export class WriteQueue {
  private queue: Pending[] = [];
  private flushing = false;
  /** Who waits for the queue to be empty (`drain()`), resolved when a flush ends with nothing left. */
  private drained: (() => void)[] = [];
  /** End clocks of content queued for the store and not applied yet, by client (see update-check). */
  private queuedEnds = new Map<number, number>();

  constructor(private readonly deps: WriteQueueDeps) {}

  /** End clocks of content queued and not applied yet, by client: checkUpdate checks against them. */
  get ends(): ReadonlyMap<number, number> {
    return this.queuedEnds;
  }

  /** True while updates wait for the store. */
  get busy(): boolean {
    return this.flushing || this.queue.length > 0;
  }

  /** Resolves once every queued update is stored and applied. */
  drain(): Promise<void> {
    if (!this.flushing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Bytes queued and not stored yet. */
  queuedBytes(): number {
    let bytes = 0;
    for (const p of this.queue) bytes += p.update.byteLength;
    return bytes;
  }

  /** Queues an update for the store (checked already); a flush starts on the next turn. */
  enqueue(pending: Pending): void {
    if (pending.ends) for (const [client, end] of pending.ends) if (end > (this.queuedEnds.get(client) ?? 0)) this.queuedEnds.set(client, end);
    this.deps.size.add(pending.update.byteLength);
    this.queue.push(pending);
    if (!this.flushing) {
      this.flushing = true;
      // Let the updates that arrive in the same tick join one store write.
      setImmediate(() => void this.flush());
    }
  }

  /**
   * Stores queued updates in batches, one write in flight per document, then applies each batch
   * in one transaction: one store append, one encoded broadcast (the same bytes to every socket)
   * and one relay publish per batch, however many updates arrived in the meantime.
   */
  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const queued = this.queue;
        this.queue = [];
        // Updates that arrive while this batch is checked and stored wait for the next one.
        const batch = await this.withOwnedClients(queued);
        if (batch.length === 0) continue;
        const updates = new Array<Uint8Array>(batch.length);
        for (let i = 0; i < batch.length; i++) updates[i] = batch[i]!.update;
        let logLength: number;
        const stopTimer = this.deps.metrics?.storeWrite.startTimer();
        try {
          logLength = await this.deps.store.append(this.deps.name, updates);
        } catch (err) {
          this.refuseUnstored(batch, err);
          continue;
        } finally {
          stopTimer?.();
        }
        this.deps.metrics?.updates.inc(batch.length);
        try {
          applyBatch(this.deps.doc(), batch, updates, this.deps.log, this.deps.name);
        } catch (err) {
          // Checked updates always apply; should one not, it is reported, and the next load repairs it.
          this.deps.log.error({ err: (err as Error).message, docName: this.deps.name }, 'applying a stored batch failed');
        }
        this.forgetApplied();
        this.deps.afterStored(logLength, batch);
      }
    } finally {
      this.flushing = false;
      const waiting = this.drained;
      this.drained = [];
      for (const resolve of waiting) resolve();
    }
  }

  /** The queued updates whose senders write under their own client ids (see client-claims.ts). */
  private async withOwnedClients(queue: Pending[]): Promise<Pending[]> {
    const claims = this.deps.claims;
    if (!claims) return queue;
    const refused = await claims.refusedSenders(queue);
    if (!refused) return queue;
    // Drop every update of a refused sender, those that arrived meanwhile too.
    const keep = (p: Pending) => p.origin.source !== 'connection' || !refused.has(p.origin.conn);
    const kept = queue.filter(keep);
    for (const p of [...queue, ...this.queue]) if (!keep(p)) this.deps.size.remove(p.update.byteLength);
    this.queue = this.queue.filter(keep);
    this.recomputeQueuedEnds([...kept, ...this.queue]);
    return kept;
  }

  /**
   * The store refused a batch: nothing of it was applied or relayed. The senders are told to
   * reconnect; their clients still hold the edits and send them again on the next sync.
   */
  private refuseUnstored(batch: Pending[], err: unknown): void {
    this.deps.log.error({ err: (err as Error).message, docName: this.deps.name }, 'store append failed');
    const senders = new Set<Connection>();
    for (const { update, origin } of batch) {
      this.deps.size.remove(update.byteLength);
      this.deps.metrics?.refuse('store-unavailable');
      if (origin.source === 'connection') {
        senders.add(origin.conn);
        origin.conn.close(CloseCode.storeUnavailable, CloseReason.storeUnavailable);
      }
    }
    // Their later updates build on the refused ones: they are resent after the reconnect too.
    const kept = this.queue.filter((p) => p.origin.source !== 'connection' || !senders.has(p.origin.conn));
    for (const p of this.queue) if (!kept.includes(p)) this.deps.size.remove(p.update.byteLength);
    this.queue = kept;
    this.recomputeQueuedEnds(kept);
  }

  /** After a batch is applied, the queue's bookkeeping forgets what the document now holds. */
  private forgetApplied(): void {
    if (this.queuedEnds.size === 0) return;
    if (this.queue.length === 0) this.queuedEnds.clear();
    else this.recomputeQueuedEnds(this.queue);
  }

  private recomputeQueuedEnds(queue: Pending[]): void {
    this.queuedEnds = new Map();
    for (const { ends } of queue) {
      if (!ends) continue;
      for (const [client, end] of ends) if (end > (this.queuedEnds.get(client) ?? 0)) this.queuedEnds.set(client, end);
    }
  }
}

/** Applies a stored batch in one transaction; its senders get it back only when it mixes several of them. */
function applyBatch(doc: Y.Doc, batch: Pending[], updates: Uint8Array[], log: Logger, docName: string): void {
  if (batch.length === 1) {
    Y.applyUpdate(doc, updates[0]!, batch[0]!.origin);
    return;
  }
  const first = batch[0]!.origin;
  let sender: Connection | null = first.source === 'connection' ? first.conn : null;
  for (let i = 1; i < batch.length && sender; i++) {
    const origin = batch[i]!.origin;
    if (origin.source !== 'connection' || origin.conn !== sender) sender = null;
  }
  let merged: Uint8Array;
  try {
    merged = Y.mergeUpdates(updates);
  } catch (err) {
    // Each update decoded on arrival; should their merge still fail, apply them one by one.
    log.warn({ err: (err as Error).message, docName }, 'merging a batch failed');
    for (const { update, origin } of batch) Y.applyUpdate(doc, update, origin);
    return;
  }
  Y.applyUpdate(doc, merged, { source: 'batch', sender } satisfies Origin);
}

const NO_WRITERS: ReadonlySet<string> = new Set();

/** The people behind a batch's connections (one set per batch, none for server-made updates). */
export function writersOf(batch: Pending[]): ReadonlySet<string> {
  let writers: Set<string> | null = null;
  for (const { origin } of batch) {
    if (origin.source === 'connection' && origin.conn.personId) (writers ??= new Set()).add(origin.conn.personId);
  }
  return writers ?? NO_WRITERS;
}
