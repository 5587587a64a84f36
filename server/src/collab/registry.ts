import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { Store } from '../store/index.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { encodeRelayMessage, RelayKind } from './protocol.ts';
import { SharedDoc } from './shared-doc.ts';
import { enforceFieldLimits } from './field-limits.ts';
import type { ClientOwners } from './client-owners.ts';
import type { CheckLimits } from '../lib/update-check.ts';
import type { AddedMention } from './mentions.ts';

/** Options of the document registry; all come from the config. */
export interface RegistryOptions {
  store: Store;
  logger: Logger;
  /** Identifies this process on relay channels so it can drop its own messages. */
  instanceId: string;
  /** Delay before an unused document is unloaded. */
  unloadDelayMs: number;
  /** Log length after which compaction is scheduled. */
  compactAfter: number;
  /** After each stored batch of a document (history takes its automatic versions from here). */
  onStored?(name: string, writers: ReadonlySet<string>): void;
  /** A person's stored update added mention nodes (they are told, if they may read the document). */
  onMentions?(name: string, by: string, mentions: AddedMention[], origin: string | null): void;
  /** Largest encoded size of one document. */
  maxDocumentBytes?: number;
  /** Bounds of one update's cost. */
  updateLimits?: CheckLimits;
  /** Who writes with which Yjs client id (absent: nobody is checked, as in the benchmarks' bare server). */
  owners?: ClientOwners;
  metrics?: Metrics | null;
}

interface Entry {
  doc: Promise<SharedDoc>;
  /** Bumped by every get(), so an unload racing with a new client gives up. */
  claims: number;
  unsubscribe?: () => Promise<void>;
  unloadTimer?: NodeJS.Timeout;
  compactTimer?: NodeJS.Timeout;
  compactDeadline?: number;
}

/** Compaction waits for a pause in editing (2 s) but never longer than 10 s (HP/YWS defaults). */
const COMPACT_DEBOUNCE_MS = 2000;
const COMPACT_MAX_WAIT_MS = 10_000;

/**
 * Loads each document once, however many clients ask at the same moment, and unloads it after
 * its last client left (HP `Hocuspocus.ts`). Also owns cross-instance relay and compaction.
 */
export class DocRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly log: Logger;

  constructor(private readonly opts: RegistryOptions) {
    this.log = opts.logger.child({ module: 'collab' });
  }

  /** Number of documents in memory. */
  get size(): number {
    return this.entries.size;
  }

  /** Whether this instance holds the document (loaded, or loading), without loading it. */
  holds(name: string): boolean {
    return this.entries.has(name);
  }

  /** The loaded document; the promise resolves only once its stored content is in memory. */
  get(name: string): Promise<SharedDoc> {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = { doc: Promise.resolve(null as unknown as SharedDoc), claims: 0 };
      this.entries.set(name, entry);
      entry.doc = this.load(name, entry);
      // A failed load must not stay cached: the next client tries again.
      entry.doc.catch(() => {
        if (this.entries.get(name) === entry) this.entries.delete(name);
      });
    }
    entry.claims++;
    if (entry.unloadTimer) {
      clearTimeout(entry.unloadTimer);
      entry.unloadTimer = undefined;
    }
    return entry.doc;
  }

  /**
   * Reads every loaded document from the store again and merges what it lacks (Yjs ignores what
   * it has). Called when the store comes back after an outage: relay messages published while
   * this instance was cut off are lost, but what they carried is in the store.
   */
  async resyncAll(): Promise<void> {
    await Promise.allSettled(
      [...this.entries.entries()].map(async ([name, entry]) => {
        const shared = await entry.doc;
        const updates = await this.opts.store.docs.load(name);
        try {
          shared.applyRelayed('update', Y.mergeUpdates(updates));
        } catch (err) {
          this.log.error({ err: (err as Error).message, docName: name }, 'resync from the store failed');
        }
      }),
    );
  }

  /** Stores pending writes, compacts and unloads every document (shutdown). */
  async closeAll(): Promise<void> {
    // Every queued update is stored first, even of documents whose sockets are still closing.
    await Promise.allSettled([...this.entries.values()].map(async (entry) => (await entry.doc).drain()));
    await Promise.allSettled([...this.entries.keys()].map((name) => this.unload(name)));
  }

  private async load(name: string, entry: Entry): Promise<SharedDoc> {
    const { store, instanceId } = this.opts;
    const shared: SharedDoc = new SharedDoc(name, {
      store: store.docs,
      log: this.log,
      publish: (kind, payload) => {
        if (!store.relay) return;
        const kindCode = kind === 'update' ? RelayKind.update : RelayKind.awareness;
        store.relay
          .publish(name, encodeRelayMessage(instanceId, kindCode, payload))
          .catch((err: Error) => this.log.warn({ err: err.message, docName: name }, 'relay publish failed'));
      },
      onStored: (length, writers) => {
        this.scheduleCompaction(name, entry, length);
        this.opts.onStored?.(name, writers);
      },
      onMentions: (by, mentions, origin) => this.opts.onMentions?.(name, by, mentions, origin),
      onEmpty: () => this.scheduleUnload(name, entry),
      onRepaired: () => {
        entry.compactDeadline = Date.now();
        this.scheduleCompaction(name, entry, Number.POSITIVE_INFINITY);
      },
      maxDocumentBytes: this.opts.maxDocumentBytes,
      ...(this.opts.updateLimits ? { updateLimits: this.opts.updateLimits } : {}),
      ...(this.opts.owners ? { owners: this.opts.owners } : {}),
      metrics: this.opts.metrics,
    });
    // Subscribe before reading the store, so nothing published in between is missed;
    // messages that arrive during the load are applied after it (Yjs merges duplicates).
    let buffered: Uint8Array[] | null = [];
    const onRelay = (message: Uint8Array) => {
      if (buffered) buffered.push(message);
      else this.applyRelayMessage(shared, message);
    };
    try {
      if (store.relay) entry.unsubscribe = await store.relay.subscribe(name, onRelay);
      const updates = await store.docs.load(name);
      for (const update of updates) shared.applyLoaded(update);
      for (const message of buffered) this.applyRelayMessage(shared, message);
      buffered = null;
      // Awareness is not stored: the other instances tell who is there, and which ids they hold.
      if (store.relay) shared.presence.requestRemote();
      if (updates.length > this.opts.compactAfter) this.scheduleCompaction(name, entry, updates.length);
      // Co-edited text fields longer than their limit are cut back (see field-limits.ts).
      enforceFieldLimits(shared);
      this.log.debug({ docName: name, updates: updates.length }, 'document loaded');
      return shared;
    } catch (err) {
      await entry.unsubscribe?.().catch(() => {});
      shared.destroy();
      this.log.error({ err: (err as Error).message, docName: name }, 'document load failed');
      throw err;
    }
  }

  private applyRelayMessage(shared: SharedDoc, message: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(message);
      const from = decoding.readVarString(decoder);
      if (from === this.opts.instanceId) return;
      const kind = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      shared.applyRelayed(kind === RelayKind.update ? 'update' : 'awareness', payload, from);
    } catch (err) {
      this.log.warn({ err: (err as Error).message, docName: shared.name }, 'dropping bad relay message');
    }
  }

  private scheduleUnload(name: string, entry: Entry): void {
    clearTimeout(entry.unloadTimer);
    entry.unloadTimer = setTimeout(() => void this.unload(name), this.opts.unloadDelayMs);
    entry.unloadTimer.unref();
  }

  private scheduleCompaction(name: string, entry: Entry, logLength: number): void {
    if (logLength < this.opts.compactAfter) return;
    const now = Date.now();
    entry.compactDeadline ??= now + COMPACT_MAX_WAIT_MS;
    clearTimeout(entry.compactTimer);
    const delay = Math.max(0, Math.min(COMPACT_DEBOUNCE_MS, entry.compactDeadline - now));
    entry.compactTimer = setTimeout(() => {
      entry.compactDeadline = undefined;
      this.compact(name);
    }, delay);
    entry.compactTimer.unref();
  }

  private compact(name: string): Promise<void> {
    return this.opts.store.docs.compact(name).catch((err: Error) => this.log.error({ err: err.message, docName: name }, 'compaction failed'));
  }

  private async unload(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    const claims = entry.claims;
    let shared: SharedDoc;
    try {
      shared = await entry.doc;
    } catch {
      return;
    }
    if (shared.connections.size > 0) return;
    await shared.drain();
    if (shared.connections.size > 0 || entry.claims !== claims || this.entries.get(name) !== entry) return;
    this.entries.delete(name);
    clearTimeout(entry.unloadTimer);
    clearTimeout(entry.compactTimer);
    await entry.unsubscribe?.().catch(() => {});
    shared.destroy();
    await this.compact(name);
    this.log.debug({ docName: name }, 'document unloaded');
  }
}
