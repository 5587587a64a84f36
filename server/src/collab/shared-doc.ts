import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type * as awarenessProtocol from 'y-protocols/awareness';
import { MessageType } from '@dialogo/shared';
import type { DocStore } from '../store/index.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Connection } from './connection.ts';
import { encodeSyncMessage, encodeUpdateMessage, SyncType } from './protocol.ts';
import { Presence } from './presence.ts';
import { checkUpdate, type CheckLimits } from '../lib/update-check.ts';
import type { ClientOwners } from './client-owners.ts';
import { ClientClaims } from './client-claims.ts';
import { ColdState } from './cold-state.ts';
import { DocSize } from './doc-size.ts';
import { mentionsAdded, type AddedMention } from './mentions.ts';
import { InvalidUpdate, MalformedMessage } from './refusals.ts';
import { SuggestionIds } from './suggestion-marks.ts';
import { SyncAnswers } from './sync-answers.ts';
import { WriteQueue, writersOf, type Origin, type Pending } from './write-queue.ts';

export { InvalidUpdate, MalformedMessage, RefusedMessage } from './refusals.ts';
export type { Origin } from './write-queue.ts';

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

const DEFAULT_UPDATE_LIMITS: CheckLimits = { maxDeleteRanges: 100_000 };

/**
 * A Y.Doc in memory with its awareness and connections (YWS `WSSharedDoc`): it decodes each
 * message and hands it to the part whose rules apply. Awareness and its guard live in
 * `presence.ts`; writes and their durability (stored before applied and relayed) in
 * `write-queue.ts`, after the client ids are checked (`client-claims.ts`); the stored bytes of a
 * document nobody changed yet in `cold-state.ts`; the size bound in `doc-size.ts`; the pace of
 * sync answers in `sync-answers.ts`.
 */
export class SharedDoc {
  private readonly ydoc = new Y.Doc({ gc: true });
  /** Who is here: awareness, its owners and budgets (presence.ts). */
  readonly presence: Presence;
  /** Which suggested changes exist, so a new one is only started in its sender's name. */
  private readonly suggestionIds = new SuggestionIds(() => this.doc);
  /** Stored content not applied to the Y.Doc yet, and the answer readers get from it meanwhile. */
  private readonly cold: ColdState;
  readonly connections = new Set<Connection>();
  private readonly size: DocSize;
  private readonly claims: ClientClaims | null;
  private readonly writes: WriteQueue;
  private readonly syncAnswers: SyncAnswers;
  /** The whole document encoded once per state, for every reader who starts from nothing. */
  private encodedState: Uint8Array | null = null;

  constructor(
    readonly name: string,
    private readonly deps: SharedDocDeps,
  ) {
    this.presence = new Presence(this.ydoc, {
      connections: this.connections,
      publish: (payload) => this.deps.publish('awareness', payload),
      metrics: deps.metrics,
    });
    this.cold = new ColdState({ name, log: deps.log, metrics: deps.metrics, onRepaired: deps.onRepaired });
    this.size = new DocSize(deps.maxDocumentBytes, () => Y.encodeStateAsUpdate(this.doc).byteLength + this.writes.queuedBytes(), deps.metrics);
    this.claims = deps.owners
      ? new ClientClaims({
          name,
          owners: deps.owners,
          doc: () => this.doc,
          applyServerUpdate: (update) => this.applyServerUpdate(update),
          log: deps.log,
          metrics: deps.metrics,
        })
      : null;
    this.writes = new WriteQueue({
      name,
      store: deps.store,
      log: deps.log,
      metrics: deps.metrics,
      size: this.size,
      claims: this.claims,
      doc: () => this.doc,
      afterStored: (logLength, batch) => this.afterStored(logLength, batch),
    });
    this.syncAnswers = new SyncAnswers({
      connections: this.connections,
      answer: (conn, stateVector) => this.answerSync(conn, stateVector),
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
    if (this.cold.pending) this.cold.applyTo(this.ydoc);
    return this.ydoc;
  }

  /** Takes stored content at load time; not stored again, not broadcast, applied when needed. */
  applyLoaded(update: Uint8Array): void {
    this.size.add(update.byteLength);
    this.cold.add(update);
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
    conn.send(encodeSyncMessage(SyncType.step1, this.cold.answer(this.ydoc)?.stateVector ?? Y.encodeStateVector(this.doc)));
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
      case MessageType.awareness:
        // Its own entry only, stamped with its person, within the person's budget (presence.ts).
        return this.presence.receiveMessage(conn, readPayload(decoder));
      case MessageType.queryAwareness:
        return this.presence.answer(conn);
      case MessageType.auth:
        return; // authentication happens at the upgrade, not in-band
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
  }

  /** Queues an update made by the server itself (seeding, restore): stored, then applied. */
  applyServerUpdate(update: Uint8Array): void {
    this.writes.enqueue({ update, origin: { source: 'server' } });
  }

  /** Resolves once every queued update is stored and applied. */
  drain(): Promise<void> {
    return this.writes.drain();
  }

  /** True while updates wait for the store. */
  get busy(): boolean {
    return this.writes.busy;
  }

  destroy(): void {
    this.presence.destroy();
    this.ydoc.destroy();
    this.cold.clear();
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    let syncType: number;
    try {
      syncType = decoding.readVarUint(decoder);
    } catch {
      throw new MalformedMessage('truncated sync message');
    }
    const payload = readPayload(decoder);
    if (syncType === SyncType.step1) return this.syncAnswers.request(conn, payload);
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
    const checked = checkUpdate(payload, { doc: this.doc, queued: this.writes.ends, limits: this.deps.updateLimits ?? DEFAULT_UPDATE_LIMITS });
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
    this.size.check(checked.update.byteLength);
    this.writes.enqueue({ update: checked.update, origin: { source: 'connection', conn }, clients: checked.clients, ends: checked.ends });
  }

  /** Answers a sync step 1 with what the reader lacks: the cached whole document when it has nothing. */
  private answerSync(conn: Connection, stateVector: Uint8Array): void {
    const cold = this.cold.answer(this.ydoc);
    let update: Uint8Array;
    if (cold) update = isEmptyStateVector(stateVector) ? cold.state : Y.diffUpdate(cold.state, stateVector);
    else if (isEmptyStateVector(stateVector)) update = this.encodedState ??= Y.encodeStateAsUpdate(this.doc);
    else update = Y.encodeStateAsUpdate(this.doc, stateVector);
    // Not copied into a message: a large document goes out in fragments as the client reads.
    conn.sendSync(SyncType.step2, update);
  }

  /** After a batch is stored and applied: history, mentions, and the names of new writers. */
  private afterStored(logLength: number, batch: Pending[]): void {
    this.deps.onStored(logLength, writersOf(batch));
    this.noteMentions(batch);
    this.claims?.nameNewWriters();
  }

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

  private onDocUpdate(update: Uint8Array, origin: Origin): void {
    this.encodedState = null;
    if (origin?.source === 'load') return;
    const message = encodeUpdateMessage(update);
    const sender = origin?.source === 'connection' ? origin.conn : origin?.source === 'batch' ? origin.sender : null;
    for (const conn of this.connections) if (conn !== sender) conn.send(message);
    if (origin?.source !== 'relay') this.deps.publish('update', update);
  }
}

/** A state vector with no client: the reader has nothing yet (`[0]`). */
function isEmptyStateVector(sv: Uint8Array): boolean {
  return sv.byteLength === 1 && sv[0] === 0;
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
