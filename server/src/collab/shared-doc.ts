import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, CloseReason, DocShape, MessageType } from '@dialogo/shared';
import type { DocStore } from '../store/index.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Connection } from './connection.ts';
import { encodeAwarenessMessage, encodeSyncMessage, encodeUpdateMessage, SyncType } from './protocol.ts';
import { Presence } from './presence.ts';
import { checkUpdate, repairStored, type CheckLimits } from './update-check.ts';
import { authorsUpdate, type ClientOwners } from './client-owners.ts';
import { mentionsAdded, type AddedMention } from './mentions.ts';
import { SuggestionIds } from './suggestion-marks.ts';

/** Why a change was applied to the in-memory document (HP `TransactionOrigin`). */
export type Origin =
  | { source: 'connection'; conn: Connection }
  /** A stored batch applied in one transaction; `sender` when all of it came from one connection. */
  | { source: 'batch'; sender: Connection | null }
  | { source: 'server' }
  | { source: 'relay' }
  | { source: 'load' };

/** What a SharedDoc needs from the server around it. */
export interface SharedDocDeps {
  store: DocStore;
  log: Logger;
  /** Sends an update or awareness change to the other instances (no-op on one instance). */
  publish(kind: 'update' | 'awareness', payload: Uint8Array): void;
  /**
   * Called after each durable append with the log length since the last snapshot and the people
   * whose connections sent the batch (history credits them as contributors).
   */
  onStored(logLength: number, writers: ReadonlySet<string>): void;
  /** Mention nodes a person's update added, once stored and applied (the person is notified). */
  onMentions?(by: string, mentions: AddedMention[], origin: string | null): void;
  /** Called when the last connection left. */
  onEmpty(): void;
  /** Called when stored updates had to be repaired on load: compacting rewrites the log without them. */
  onRepaired?(): void;
  /** Largest encoded size the document may reach; updates beyond it are refused. */
  maxDocumentBytes?: number;
  /** Bounds of one update's cost (see `update-check.ts`). */
  updateLimits?: CheckLimits;
  /** Who writes with which Yjs client id, shared by every instance; absent, nobody is checked. */
  owners?: ClientOwners;
  metrics?: Metrics | null;
}

interface Pending {
  update: Uint8Array;
  origin: Origin;
  /** For a connection's update: the client ids it carries, and where each one's new content ends. */
  clients?: ReadonlySet<number>;
  ends?: ReadonlyMap<number, number>;
}

const DEFAULT_UPDATE_LIMITS: CheckLimits = { maxDeleteRanges: 100_000 };

/** Thrown for input that is not a well-formed y-websocket message. */
export class MalformedMessage extends Error {}

/** Thrown for an update that decodes but cannot join the document; its sender is closed with 4400. */
export class InvalidUpdate extends Error {}

/** Thrown for a well-formed message that a limit refuses; the connection is closed with its code. */
export class RefusedMessage extends Error {
  constructor(
    readonly code: CloseCode,
    readonly reason: CloseReason,
  ) {
    super(reason);
  }
}

/**
 * A Y.Doc in memory with its awareness and connections (YWS `WSSharedDoc`).
 *
 * Durability rule: an update is appended to the store *before* it is applied here. So the
 * in-memory document only ever holds stored content, and everything another participant can
 * receive from it (a broadcast, a sync answer) survives a crash of this process.
 */
export class SharedDoc {
  private readonly ydoc = new Y.Doc({ gc: true });
  /** Who is here: awareness, its owners and budgets (presence.ts). */
  readonly presence: Presence;
  /** Which suggested changes exist, so a new one is only started in its sender's name. */
  private readonly suggestionIds = new SuggestionIds(() => this.doc);
  /**
   * Stored content not applied to the Y.Doc yet. A document is loaded as bytes and applied only
   * when something needs the Y.Doc (an edit, a relayed update, a server feature reading it): until
   * then readers are answered from the stored bytes themselves (its compacted snapshot), which
   * spares a cold load the replay of the whole document into Yjs structures.
   */
  private unapplied: Uint8Array[] = [];
  /** `unapplied` as one update and its state vector, computed once for the readers of a cold document. */
  private cold: { state: Uint8Array; stateVector: Uint8Array } | null = null;
  readonly connections = new Set<Connection>();
  private queue: Pending[] = [];
  private flushing = false;
  /** Who waits for the queue to be empty (`drain()`), resolved when a flush ends with nothing left. */
  private drained: (() => void)[] = [];
  /**
   * Bytes stored since the size was last measured, plus that measure: an upper bound of the
   * document's encoded size, measured again (one encode) only when it passes the limit.
   */
  private approxBytes = 0;
  /** The whole document encoded once per state, for every reader who starts from nothing. */
  private encodedState: Uint8Array | null = null;
  /** Sync requests each connection may still make (a bucket refilled over time). */
  private readonly syncTokens = new WeakMap<Connection, { tokens: number; at: number }>();
  /** Sync requests of a connection waiting for its last answer to leave (the client to read it). */
  private readonly syncWaiting = new WeakMap<Connection, Uint8Array[]>();
  /** End clocks of content queued for the store and not applied yet, by client (see update-check). */
  private queuedEnds = new Map<number, number>();
  /** Owners of client ids already checked here (person id), so only a new id costs a store read. */
  private readonly clientOwners = new Map<number, string>();
  /** Client ids claimed by a person whose `authors` entry the server still has to write. */
  private readonly unnamedClients = new Map<number, string>();

  constructor(
    readonly name: string,
    private readonly deps: SharedDocDeps,
  ) {
    this.presence = new Presence(this.ydoc, {
      connections: this.connections,
      publish: (payload) => this.deps.publish('awareness', payload),
      metrics: deps.metrics,
    });
    this.ydoc.on('update', (update: Uint8Array, origin: Origin) => {
      this.suggestionIds.applied(update);
      this.onDocUpdate(update, origin);
    });
  }

  get awareness(): awarenessProtocol.Awareness {
    return this.presence.awareness;
  }

  /** The live Y.Doc, with every stored update applied. */
  get doc(): Y.Doc {
    if (this.unapplied.length > 0) this.materialize();
    return this.ydoc;
  }

  /** Takes stored content at load time; not stored again, not broadcast, applied when needed. */
  applyLoaded(update: Uint8Array): void {
    this.approxBytes += update.byteLength;
    this.unapplied.push(update);
  }

  /**
   * Applies the stored updates. Entries stored before updates were checked may hold what Yjs
   * cannot integrate: those parts are set aside (reported, and gone from the log at the next
   * compaction, which the registry runs at once), the rest of the document loads.
   */
  private materialize(): void {
    const updates = this.unapplied;
    this.unapplied = [];
    this.cold = null;
    let repaired = false;
    for (let i = 0; i < updates.length; i++) {
      try {
        const { update, problems } = repairStored(updates[i]!, this.ydoc);
        if (problems.length > 0) {
          repaired = true;
          this.deps.log.error({ docName: this.name, entry: i, problems: [...new Set(problems)] }, 'stored update repaired: unreadable parts set aside');
        }
        Y.applyUpdate(this.ydoc, update, { source: 'load' } satisfies Origin);
      } catch (err) {
        repaired = true;
        this.deps.log.error({ err: (err as Error).message, docName: this.name, entry: i }, 'stored update set aside: unreadable');
      }
    }
    if (repaired) {
      this.deps.metrics?.refuse('stored-update-repaired');
      this.deps.onRepaired?.();
    }
  }

  /**
   * The stored state of a document nobody has changed since it loaded, or null (then the Y.Doc
   * answers). Only for a snapshot with a short log: merging a long log costs more than applying it.
   */
  private coldState(): { state: Uint8Array; stateVector: Uint8Array } | null {
    if (this.cold || this.unapplied.length === 0) return this.cold;
    if (this.unapplied.length > COLD_MERGE_MAX) return null;
    try {
      // Readers get stored bytes only when they are sound: anything else goes through the repair.
      const scratch = new Y.Doc();
      const sound = this.unapplied.every((update) => repairStored(update, scratch).problems.length === 0);
      scratch.destroy();
      if (!sound) throw new Error('stored update needs repair');
      const state = this.unapplied.length === 1 ? this.unapplied[0]! : Y.mergeUpdates(this.unapplied);
      this.cold = { state, stateVector: Y.encodeStateVectorFromUpdate(state) };
    } catch {
      this.materialize(); // unreadable: the Y.Doc path repairs, reports and skips what it cannot read
    }
    return this.cold;
  }

  /**
   * Applies an update or awareness change that another instance already stored and published;
   * `from` is that instance (awareness is checked against who holds each entry).
   */
  applyRelayed(kind: 'update' | 'awareness', payload: Uint8Array, from = ''): void {
    if (kind === 'update') Y.applyUpdate(this.doc, payload, { source: 'relay' } satisfies Origin);
    else this.presence.applyRelayed(from, payload);
  }

  /** Attaches a connection and starts the sync: our state vector, then everyone's awareness. */
  addConnection(conn: Connection): void {
    this.connections.add(conn);
    conn.send(encodeSyncMessage(SyncType.step1, this.coldState()?.stateVector ?? Y.encodeStateVector(this.doc)));
    this.presence.attach(conn);
  }

  /** Detaches a connection, removing the awareness entries it set. */
  removeConnection(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    this.presence.detach(conn);
    if (this.connections.size === 0) this.deps.onEmpty();
  }

  /** For a client that left while the document was loading: unload it if nobody else came. */
  releaseIfUnused(): void {
    if (this.connections.size === 0) this.deps.onEmpty();
  }

  /**
   * Handles one binary message of a connection. Throws MalformedMessage for bytes that do not
   * decode; the caller closes that connection and nothing of the message reaches the document.
   */
  handleMessage(conn: Connection, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    let type: number;
    try {
      type = decoding.readVarUint(decoder);
    } catch {
      throw new MalformedMessage('empty message');
    }
    switch (type) {
      case MessageType.sync:
        return this.handleSync(conn, decoder);
      case MessageType.awareness: {
        const update = readPayload(decoder);
        if (update.byteLength > conn.limits.awarenessMaxBytes) {
          this.deps.metrics?.refuse('awareness-size');
          throw new RefusedMessage(CloseCode.tooBig, CloseReason.tooBig);
        }
        // Its own entry only, stamped with its person, within the person's budget (presence.ts).
        if (!this.presence.receive(conn, update)) throw new MalformedMessage('bad awareness update');
        return;
      }
      case MessageType.queryAwareness: {
        const ids = [...this.awareness.getStates().keys()];
        conn.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
        return;
      }
      case MessageType.auth:
        return; // authentication happens at the upgrade, not in-band
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
  }

  /** Queues an update made by the server itself (seeding, restore): stored, then applied. */
  applyServerUpdate(update: Uint8Array): void {
    this.enqueue({ update, origin: { source: 'server' } });
  }

  /** Resolves once every queued update is stored and applied. */
  drain(): Promise<void> {
    if (!this.flushing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** True while updates wait for the store. */
  get busy(): boolean {
    return this.flushing || this.queue.length > 0;
  }

  destroy(): void {
    this.presence.destroy();
    this.ydoc.destroy();
    this.unapplied = [];
    this.cold = null;
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    let syncType: number;
    try {
      syncType = decoding.readVarUint(decoder);
    } catch {
      throw new MalformedMessage('truncated sync message');
    }
    const payload = readPayload(decoder);
    if (syncType === SyncType.step1) {
      // Each answer is the whole document: a burst per connection, then a few a second, and one
      // at a time: the next waits until the last one has left (the client read it).
      if (!this.takeSyncToken(conn)) {
        this.deps.metrics?.refuse('sync-rate');
        throw new RefusedMessage(CloseCode.tooMany, CloseReason.syncRate);
      }
      try {
        Y.decodeStateVector(payload);
      } catch {
        throw new MalformedMessage('bad state vector');
      }
      const waiting = this.syncWaiting.get(conn);
      if (waiting) {
        if (waiting.length >= SYNC_WAITING_MAX) {
          this.deps.metrics?.refuse('sync-unread');
          throw new RefusedMessage(CloseCode.tooMany, CloseReason.syncRate);
        }
        this.deps.metrics?.refuse('sync-deferred');
        waiting.push(payload);
        return;
      }
      if (conn.backlog > 0) {
        this.deps.metrics?.refuse('sync-deferred');
        this.syncWaiting.set(conn, [payload]);
        this.answerWhenRead(conn);
        return;
      }
      this.answerSync(conn, payload);
      return;
    }
    if (syncType !== SyncType.step2 && syncType !== SyncType.update) {
      throw new MalformedMessage(`unknown sync type ${syncType}`);
    }
    if (conn.readOnly) {
      // Refused, not an error: the client may hold local edits; the document stays unchanged.
      if (conn.refusedUpdates++ === 0) conn.log.info('update refused: read-only connection');
      this.deps.metrics?.refuse('read-only');
      return;
    }
    // Checked before storing: an update that cannot join the document must never reach the log.
    const checked = checkUpdate(payload, { doc: this.doc, queued: this.queuedEnds, limits: this.deps.updateLimits ?? DEFAULT_UPDATE_LIMITS });
    if (!checked.ok) {
      if (checked.malformed) throw new MalformedMessage('bad update');
      this.deps.metrics?.refuse('invalid-update');
      throw new InvalidUpdate(checked.reason);
    }
    // A stock provider answers our sync step 1 with an empty update (`[0, 0]`): nothing to store.
    if (checked.empty) return;
    if (conn.personId && this.suggestionIds.forged(checked.update, conn.personId)) {
      this.deps.metrics?.refuse('invalid-update');
      throw new InvalidUpdate('a suggestion in the name of another person');
    }
    this.checkSize(checked.update.byteLength);
    for (const [client, end] of checked.ends) if (end > (this.queuedEnds.get(client) ?? 0)) this.queuedEnds.set(client, end);
    this.enqueue({ update: checked.update, origin: { source: 'connection', conn }, clients: checked.clients, ends: checked.ends });
  }

  /** Answers a sync step 1 with what the reader lacks: the cached whole document when it has nothing. */
  private answerSync(conn: Connection, stateVector: Uint8Array): void {
    const cold = this.coldState();
    let update: Uint8Array;
    if (cold) update = isEmptyStateVector(stateVector) ? cold.state : Y.diffUpdate(cold.state, stateVector);
    else if (isEmptyStateVector(stateVector)) update = this.encodedState ??= Y.encodeStateAsUpdate(this.doc);
    else update = Y.encodeStateAsUpdate(this.doc, stateVector);
    // Not copied into a message: a large document goes out in fragments as the client reads.
    conn.sendSync(SyncType.step2, update);
  }

  /** Answers a connection's waiting sync requests one by one, each once the one before has left. */
  private answerWhenRead(conn: Connection): void {
    const timer = setInterval(() => {
      const waiting = this.syncWaiting.get(conn);
      if (conn.closed || !waiting || !this.connections.has(conn)) {
        clearInterval(timer);
        this.syncWaiting.delete(conn);
        return;
      }
      if (conn.backlog > 0) return;
      const next = waiting.shift();
      if (next) this.answerSync(conn, next);
      if (waiting.length === 0) {
        clearInterval(timer);
        this.syncWaiting.delete(conn);
      }
    }, SYNC_WAIT_POLL_MS);
    timer.unref();
  }

  /**
   * Takes a sync request from the connection's budget: a burst of SYNC_BURST, then SYNC_PER_SECOND.
   * With answers sent one at a time, each once the last has left, this bounds how often one socket
   * can make the server encode a document.
   */
  private takeSyncToken(conn: Connection): boolean {
    const now = Date.now();
    const bucket = this.syncTokens.get(conn) ?? { tokens: SYNC_BURST, at: now };
    bucket.tokens = Math.min(SYNC_BURST, bucket.tokens + ((now - bucket.at) * SYNC_PER_SECOND) / 1000);
    bucket.at = now;
    this.syncTokens.set(conn, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Refuses an update that would take the document beyond `maxDocumentBytes`. */
  private checkSize(adding: number): void {
    const max = this.deps.maxDocumentBytes;
    if (!max || this.approxBytes + adding <= max) return;
    // The bound was passed: measure (deleted content is gone from the encoded state).
    this.approxBytes = Y.encodeStateAsUpdate(this.doc).byteLength + this.queuedBytes();
    if (this.approxBytes + adding <= max) return;
    this.deps.metrics?.refuse('document-too-large');
    throw new RefusedMessage(CloseCode.documentTooLarge, CloseReason.documentTooLarge);
  }

  private queuedBytes(): number {
    let bytes = 0;
    for (const p of this.queue) bytes += p.update.byteLength;
    return bytes;
  }

  private enqueue(pending: Pending): void {
    this.approxBytes += pending.update.byteLength;
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
          logLength = await this.deps.store.append(this.name, updates);
        } catch (err) {
          this.refuseUnstored(batch, err);
          continue;
        } finally {
          stopTimer?.();
        }
        this.deps.metrics?.updates.inc(batch.length);
        try {
          this.applyBatch(batch, updates);
        } catch (err) {
          // Checked updates always apply; should one not, it is reported, and the next load repairs it.
          this.deps.log.error({ err: (err as Error).message, docName: this.name }, 'applying a stored batch failed');
        }
        this.forgetApplied();
        this.deps.onStored(logLength, writersOf(batch));
        this.noteMentions(batch);
        this.nameNewWriters();
      }
    } finally {
      this.flushing = false;
      const waiting = this.drained;
      this.drained = [];
      for (const resolve of waiting) resolve();
    }
  }

  /**
   * The queued updates whose client ids belong to their sender's person: a client id is claimed in
   * the store by the first person who writes with it in this document (atomically, so two instances
   * agree), and an update carrying structs under another person's id closes its sender before
   * anything of it is stored. Only an id not seen here yet costs a store round trip.
   */
  private async withOwnedClients(queue: Pending[]): Promise<Pending[]> {
    const owners = this.deps.owners;
    if (!owners) return queue;
    const refused = new Set<Connection>();
    for (const pending of queue) {
      const { origin, clients } = pending;
      if (origin.source !== 'connection' || !clients || refused.has(origin.conn)) continue;
      const person = origin.conn.personId ?? '';
      for (const client of clients) {
        let owner: string | null | undefined = this.clientOwners.get(client);
        if (owner === undefined) {
          try {
            owner = await this.claimClient(owners, client, person);
          } catch (err) {
            this.deps.log.error({ err: (err as Error).message, docName: this.name }, 'client id check failed');
            owner = null;
          }
          if (owner === null) {
            // The store did not answer: like a failed append, the sender reconnects and resends.
            refused.add(origin.conn);
            origin.conn.close(CloseCode.storeUnavailable, CloseReason.storeUnavailable);
            break;
          }
          this.clientOwners.set(client, owner);
        }
        if (owner !== person) {
          refused.add(origin.conn);
          this.deps.metrics?.refuse('foreign-client-id');
          origin.conn.log.info({ client, docName: this.name }, 'update refused: client id of another person');
          origin.conn.close(CloseCode.malformed, CloseReason.foreignClient);
          break;
        }
      }
    }
    if (refused.size === 0) return queue;
    // Drop every update of a refused sender, those that arrived meanwhile too.
    const keep = (p: Pending) => p.origin.source !== 'connection' || !refused.has(p.origin.conn);
    const kept = queue.filter(keep);
    for (const p of [...queue, ...this.queue]) if (!keep(p)) this.approxBytes -= p.update.byteLength;
    this.queue = this.queue.filter(keep);
    this.recomputeQueuedEnds([...kept, ...this.queue]);
    return kept;
  }

  /** The owner of a client id, claiming it for `person` when they may: a new id, or their own from before. */
  private async claimClient(owners: ClientOwners, client: number, person: string): Promise<string> {
    const stored = await owners.get(this.name, client);
    if (stored) return stored;
    if (Y.getState(this.doc.store, client) > 0) {
      // Content under this id predates ownership records: its `authors` entry (written by clients
      // before the server wrote it) is the only word on whose it is; without one it is nobody's.
      const author = this.doc.getMap<{ person?: string }>(DocShape.authors).get(String(client));
      if (!author?.person) return SERVER_OWNED;
      if (author.person !== person) return author.person;
    }
    const owner = await owners.claim(this.name, client, person);
    if (owner === person && !this.doc.getMap(DocShape.authors).has(String(client))) this.unnamedClients.set(client, person);
    return owner;
  }

  /** Writes the `authors` entries of newly claimed client ids, as a server update (stored first). */
  private nameNewWriters(): void {
    const owners = this.deps.owners;
    if (!owners || this.unnamedClients.size === 0) return;
    const claimed = new Map(this.unnamedClients);
    this.unnamedClients.clear();
    void owners
      .describe(claimed)
      .then((entries) => {
        const update = authorsUpdate(this.doc, entries);
        if (update) this.applyServerUpdate(update);
      })
      .catch((err: Error) => this.deps.log.warn({ err: err.message, docName: this.name }, 'naming new writers failed'));
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

  /** Applies a stored batch; its senders get it back only when it mixes several of them. */
  /** Who each person of the batch mentioned; only the server's own reading of the update counts. */
  private noteMentions(batch: Pending[]): void {
    const onMentions = this.deps.onMentions;
    if (!onMentions) return;
    for (const { update, origin } of batch) {
      if (origin.source !== 'connection' || !origin.conn.personId) continue;
      const mentions = mentionsAdded(this.doc, update);
      if (mentions.length > 0) onMentions(origin.conn.personId, mentions, origin.conn.origin);
    }
  }

  private applyBatch(batch: Pending[], updates: Uint8Array[]): void {
    if (batch.length === 1) {
      Y.applyUpdate(this.doc, updates[0]!, batch[0]!.origin);
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
      this.deps.log.warn({ err: (err as Error).message, docName: this.name }, 'merging a batch failed');
      for (const { update, origin } of batch) Y.applyUpdate(this.doc, update, origin);
      return;
    }
    Y.applyUpdate(this.doc, merged, { source: 'batch', sender } satisfies Origin);
  }

  /**
   * The store refused a batch: nothing of it was applied or relayed. The senders are told to
   * reconnect; their clients still hold the edits and send them again on the next sync.
   */
  private refuseUnstored(batch: Pending[], err: unknown): void {
    this.deps.log.error({ err: (err as Error).message, docName: this.name }, 'store append failed');
    const senders = new Set<Connection>();
    for (const { update, origin } of batch) {
      this.approxBytes -= update.byteLength;
      this.deps.metrics?.refuse('store-unavailable');
      if (origin.source === 'connection') {
        senders.add(origin.conn);
        origin.conn.close(CloseCode.storeUnavailable, CloseReason.storeUnavailable);
      }
    }
    // Their later updates build on the refused ones: they are resent after the reconnect too.
    const kept = this.queue.filter((p) => p.origin.source !== 'connection' || !senders.has(p.origin.conn));
    for (const p of this.queue) if (!kept.includes(p)) this.approxBytes -= p.update.byteLength;
    this.queue = kept;
    this.recomputeQueuedEnds(kept);
  }

  private onDocUpdate(update: Uint8Array, origin: Origin): void {
    this.encodedState = null;
    if (origin?.source === 'load') return;
    const message = encodeUpdateMessage(update);
    const sender = origin?.source === 'connection' ? origin.conn : origin?.source === 'batch' ? origin.sender : null;
    for (const conn of this.connections) if (conn !== sender) conn.send(message);
    if (origin?.source !== 'relay') this.deps.publish('update', update);
  }
}

const NO_WRITERS: ReadonlySet<string> = new Set();

/** The owner of client ids nobody claimed that hold content already (the server's own writes). */
const SERVER_OWNED = '\u0000server';

/**
 * Sync requests per connection: a stock provider sends one per connection (and per resync
 * interval); tests and tools use it as an ordering barrier, many in a row. Beyond, it is a flood.
 */
const SYNC_BURST = 200;
const SYNC_PER_SECOND = 20;
/** Sync requests one connection may have waiting for its last answer to be read; more closes it. */
const SYNC_WAITING_MAX = 64;
/** How often a connection with waiting sync requests is looked at. */
const SYNC_WAIT_POLL_MS = 20;

/** Above this many stored updates (a snapshot and its log), a cold document is applied rather than merged. */
const COLD_MERGE_MAX = 32;

/** A state vector with no client: the reader has nothing yet (`[0]`). */
function isEmptyStateVector(sv: Uint8Array): boolean {
  return sv.byteLength === 1 && sv[0] === 0;
}

/** The people behind a batch's connections (one set per batch, none for server-made updates). */
function writersOf(batch: Pending[]): ReadonlySet<string> {
  let writers: Set<string> | null = null;
  for (const { origin } of batch) {
    if (origin.source === 'connection' && origin.conn.personId) (writers ??= new Set()).add(origin.conn.personId);
  }
  return writers ?? NO_WRITERS;
}

function readPayload(decoder: decoding.Decoder): Uint8Array {
  try {
    const payload = decoding.readVarUint8Array(decoder);
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
    return payload;
  } catch {
    throw new MalformedMessage('truncated or oversized payload');
  }
}
