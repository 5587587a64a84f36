import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, CloseReason, MessageType } from '@dialogo/shared';
import type { DocStore } from '../store/index.ts';
import type { Logger } from '../logger.ts';
import type { Connection } from './connection.ts';
import { encodeAwarenessMessage, encodeSyncMessage, encodeUpdateMessage, SyncType } from './protocol.ts';

/** Why a change was applied to the in-memory document (HP `TransactionOrigin`). */
export type Origin =
  | { source: 'connection'; conn: Connection }
  | { source: 'server' }
  | { source: 'relay' }
  | { source: 'load' };

/** What a SharedDoc needs from the server around it. */
export interface SharedDocDeps {
  store: DocStore;
  log: Logger;
  /** Sends an update or awareness change to the other instances (no-op on one instance). */
  publish(kind: 'update' | 'awareness', payload: Uint8Array): void;
  /** Called after each durable append with the log length since the last snapshot. */
  onStored(logLength: number): void;
  /** Called when the last connection left. */
  onEmpty(): void;
}

interface Pending {
  update: Uint8Array;
  origin: Origin;
}

/** Thrown for input that is not a well-formed y-websocket message. */
export class MalformedMessage extends Error {}

/**
 * A Y.Doc in memory with its awareness and connections (YWS `WSSharedDoc`).
 *
 * Durability rule: an update is appended to the store *before* it is applied here. So the
 * in-memory document only ever holds stored content, and everything another participant can
 * receive from it (a broadcast, a sync answer) survives a crash of this process.
 */
export class SharedDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  private queue: Pending[] = [];
  private flushing = false;

  constructor(
    readonly name: string,
    private readonly deps: SharedDocDeps,
  ) {
    // The server is not a participant: it keeps no awareness state of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: Origin) => this.onDocUpdate(update, origin));
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.onAwarenessUpdate(change, origin));
  }

  /** Applies stored content at load time; not stored again, not broadcast. */
  applyLoaded(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, { source: 'load' } satisfies Origin);
  }

  /** Applies an update or awareness change that another instance already stored and published. */
  applyRelayed(kind: 'update' | 'awareness', payload: Uint8Array): void {
    if (kind === 'update') Y.applyUpdate(this.doc, payload, { source: 'relay' } satisfies Origin);
    else awarenessProtocol.applyAwarenessUpdate(this.awareness, payload, 'relay');
  }

  /** Attaches a connection and starts the sync: our state vector, then everyone's awareness. */
  addConnection(conn: Connection): void {
    this.connections.add(conn);
    conn.send(encodeSyncMessage(SyncType.step1, Y.encodeStateVector(this.doc)));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      conn.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  /** Detaches a connection, removing the awareness entries it set. */
  removeConnection(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
    }
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
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
        } catch {
          throw new MalformedMessage('bad awareness update');
        }
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
  async drain(): Promise<void> {
    while (this.flushing || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  /** True while updates wait for the store. */
  get busy(): boolean {
    return this.flushing || this.queue.length > 0;
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
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
      let update: Uint8Array;
      try {
        update = Y.encodeStateAsUpdate(this.doc, payload);
      } catch {
        throw new MalformedMessage('bad state vector');
      }
      conn.send(encodeSyncMessage(SyncType.step2, update));
      return;
    }
    if (syncType !== SyncType.step2 && syncType !== SyncType.update) {
      throw new MalformedMessage(`unknown sync type ${syncType}`);
    }
    if (conn.readOnly) {
      // Refused, not an error: the client may hold local edits; the document stays unchanged.
      if (conn.refusedUpdates++ === 0) conn.log.info('update refused: read-only connection');
      return;
    }
    // Decode before storing: a malformed update must never reach the log.
    try {
      Y.decodeUpdate(payload);
    } catch {
      throw new MalformedMessage('bad update');
    }
    this.enqueue({ update: payload, origin: { source: 'connection', conn } });
  }

  private enqueue(pending: Pending): void {
    this.queue.push(pending);
    if (!this.flushing) {
      this.flushing = true;
      // Let the updates that arrive in the same tick join one store write.
      setImmediate(() => void this.flush());
    }
  }

  /** Stores queued updates in batches, one write in flight per document, then applies them. */
  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        let logLength: number;
        try {
          logLength = await this.deps.store.append(this.name, batch.map((p) => p.update));
        } catch (err) {
          this.refuseUnstored(batch, err);
          continue;
        }
        // Applied one by one, each with its own origin, so a sender is not sent its own update.
        for (const { update, origin } of batch) Y.applyUpdate(this.doc, update, origin);
        this.deps.onStored(logLength);
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * The store refused a batch: nothing of it was applied or relayed. The senders are told to
   * reconnect; their clients still hold the edits and send them again on the next sync.
   */
  private refuseUnstored(batch: Pending[], err: unknown): void {
    this.deps.log.error({ err: (err as Error).message, docName: this.name }, 'store append failed');
    for (const { origin } of batch) {
      if (origin.source === 'connection') origin.conn.close(CloseCode.storeUnavailable, CloseReason.storeUnavailable);
    }
  }

  private onDocUpdate(update: Uint8Array, origin: Origin): void {
    if (origin?.source === 'load') return;
    const message = encodeUpdateMessage(update);
    const sender = origin?.source === 'connection' ? origin.conn : null;
    for (const conn of this.connections) if (conn !== sender) conn.send(message);
    if (origin?.source !== 'relay') this.deps.publish('update', update);
  }

  private onAwarenessUpdate({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const changed = [...added, ...updated, ...removed];
    if (origin && typeof origin === 'object' && this.connections.has(origin as Connection)) {
      const conn = origin as Connection;
      for (const id of added) conn.awarenessIds.add(id);
      for (const id of removed) conn.awarenessIds.delete(id);
    }
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const message = encodeAwarenessMessage(update);
    for (const conn of this.connections) conn.send(message);
    if (origin !== 'relay') this.deps.publish('awareness', update);
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
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
