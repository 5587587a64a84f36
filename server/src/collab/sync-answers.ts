import * as Y from 'yjs';
import { CloseCode, CloseReason } from '@dialogo/shared';
import type { Metrics } from '../metrics.ts';
import type { Connection } from './connection.ts';
import { MalformedMessage, RefusedMessage } from './refusals.ts';

/** What {@link SyncAnswers} needs from its document. */
export interface SyncAnswersDeps {
  /** The document's connections: a connection that left is answered no more. */
  connections: ReadonlySet<Connection>;
  /** Sends the connection what it lacks given its state vector. */
  answer(conn: Connection, stateVector: Uint8Array): void;
  metrics?: Metrics | null;
}

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

/**
 * The pace of sync answers. Each answer may be the whole document: a burst per connection, then a
 * few a second, and one at a time: the next waits until the last one has left (the client read it).
 */
export class SyncAnswers {
  /** Sync requests each connection may still make (a bucket refilled over time). */
  private readonly tokens = new WeakMap<Connection, { tokens: number; at: number }>();
  /** Sync requests of a connection waiting for its last answer to leave (the client to read it). */
  private readonly waiting = new WeakMap<Connection, Uint8Array[]>();

  constructor(private readonly deps: SyncAnswersDeps) {}

  /** A connection's sync step 1: answered now, later, or refused (throws). */
  request(conn: Connection, payload: Uint8Array): void {
    if (!this.takeToken(conn)) {
      this.deps.metrics?.refuse('sync-rate');
      throw new RefusedMessage(CloseCode.tooMany, CloseReason.syncRate);
    }
    try {
      Y.decodeStateVector(payload);
    } catch {
      throw new MalformedMessage('bad state vector');
    }
    const waiting = this.waiting.get(conn);
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
      this.waiting.set(conn, [payload]);
      this.answerWhenRead(conn);
      return;
    }
    this.deps.answer(conn, payload);
  }

  /** Answers a connection's waiting sync requests one by one, each once the one before has left. */
  private answerWhenRead(conn: Connection): void {
    const timer = setInterval(() => {
      const waiting = this.waiting.get(conn);
      if (conn.closed || !waiting || !this.deps.connections.has(conn)) {
        clearInterval(timer);
        this.waiting.delete(conn);
        return;
      }
      if (conn.backlog > 0) return;
      const next = waiting.shift();
      if (next) this.deps.answer(conn, next);
      if (waiting.length === 0) {
        clearInterval(timer);
        this.waiting.delete(conn);
      }
    }, SYNC_WAIT_POLL_MS);
    timer.unref();
  }

  /**
   * Takes a sync request from the connection's budget: a burst of SYNC_BURST, then SYNC_PER_SECOND.
   * With answers sent one at a time, each once the last has left, this bounds how often one socket
   * can make the server encode a document.
   */
  private takeToken(conn: Connection): boolean {
    const now = Date.now();
    const bucket = this.tokens.get(conn) ?? { tokens: SYNC_BURST, at: now };
    bucket.tokens = Math.min(SYNC_BURST, bucket.tokens + ((now - bucket.at) * SYNC_PER_SECOND) / 1000);
    bucket.at = now;
    this.tokens.set(conn, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
