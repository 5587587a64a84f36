import type { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import { CloseCode, CloseReason, MessageType } from '@dialogo/shared';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';

/** Per-connection limits, from the config. */
export interface ConnectionLimits {
  /**
   * Hard ceiling of the outgoing bytes one connection may have waiting (in its socket and queued
   * here); beyond it the client is closed as a slow consumer at once. Above the largest message
   * (a sync of the largest document), so a large message alone never reaches it.
   */
  maxBufferedBytes: number;
  /**
   * A connection that has had bytes waiting and drained none of them for this long has stopped
   * reading: it is closed as a slow consumer (10 s when absent).
   */
  slowConsumerMs?: number;
  /**
   * Awareness messages accepted per second per person and document, all their sockets together
   * (a bucket that refills continuously; see presence.ts).
   */
  awarenessPerSecond: number;
  /** Largest awareness message. */
  awarenessMaxBytes: number;
}

/** The person behind a connection, as the session knows them. */
export interface ConnectionPerson {
  id: string;
  name: string;
  cityId?: string;
}

const PING_INTERVAL_MS = 30_000;
/** Bytes handed to the socket (kernel and `ws` buffers) before further messages wait here. */
const SOCKET_HIGH_WATER = 1024 * 1024;
/** A longer message is sent as WebSocket fragments of this size, one after the other is written. */
const FRAGMENT_BYTES = 256 * 1024;
/** How long a closed connection may take to complete the closing handshake before it is cut. */
const CLOSE_GRACE_MS = 5000;
/** At shutdown, the same for clients that read: they are told (4504), the process does not wait. */
const SHUTDOWN_GRACE_MS = 1000;
const DEFAULT_SLOW_CONSUMER_MS = 10_000;

/** A message not yet handed to the socket: its parts and how far it was sent. */
interface Outgoing {
  parts: readonly Uint8Array[];
  part: number;
  offset: number;
}

/**
 * One client socket on one document. It only knows how to send, ping and close; what its
 * messages mean is decided by the SharedDoc it is attached to.
 */
export class Connection {
  /** Awareness client ids this socket has set, removed from the document when it leaves. */
  readonly awarenessIds = new Set<number>();
  closed = false;
  /**
   * Set at the upgrade from the access policy: a read-only connection receives every update but
   * the updates it sends are dropped before they reach the store.
   */
  readOnly = false;
  /** Updates refused because the connection is read-only (for logs and tests). */
  refusedUpdates = 0;
  /** The person the policy admitted, for the per-person connection count. */
  personId: string | null = null;
  /** The page's origin the connection was opened from (already checked against TRUSTED_ORIGINS). */
  origin: string | null = null;
  /** Who the person is, from their session: the name, city and colour of their caret. */
  person: ConnectionPerson | null = null;
  private alive = true;
  private readonly pinger: NodeJS.Timeout;
  /** Messages waiting for the socket to drain, oldest first, and their bytes. */
  private outbox: Outgoing[] = [];
  private outboxBytes = 0;
  /** Last time the socket took bytes off our hands (a write completed), or the backlog began. */
  private lastDrainAt = 0;
  private stallTimer: NodeJS.Timeout | null = null;
  private closeTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly ws: WebSocket,
    readonly id: string,
    readonly log: Logger,
    readonly limits: ConnectionLimits,
    readonly metrics: Metrics | null = null,
  ) {
    ws.on('pong', () => {
      this.alive = true;
    });
    this.pinger = setInterval(() => {
      if (!this.alive) return this.ws.terminate();
      this.alive = false;
      this.ws.ping();
    }, PING_INTERVAL_MS);
    this.pinger.unref();
    ws.on('close', () => this.onSocketClosed());
  }

  /**
   * Sends one message unless the socket is going away. Bytes wait in the socket up to
   * SOCKET_HIGH_WATER, then here; a long message (a sync of a large document) goes out in
   * fragments as the client reads. A client is a slow consumer, closed with 4430, when it has
   * drained nothing for `slowConsumerMs` while bytes wait, or when what waits passes the hard
   * ceiling `maxBufferedBytes`: a large message the client is reading is neither.
   */
  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.outbox.length === 0 && message.byteLength <= FRAGMENT_BYTES && this.ws.bufferedAmount < SOCKET_HIGH_WATER) {
      this.ws.send(message, this.onSent);
      return;
    }
    this.enqueue([message], message.byteLength);
  }

  /** Sends a sync message (`[sync, type, payload]`) without copying the payload (it may be a whole document). */
  sendSync(type: number, payload: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    encoding.writeVarUint(encoder, type);
    encoding.writeVarUint(encoder, payload.byteLength);
    const header = encoding.toUint8Array(encoder);
    if (this.outbox.length === 0 && payload.byteLength <= FRAGMENT_BYTES && this.ws.bufferedAmount < SOCKET_HIGH_WATER) {
      this.ws.send(Buffer.concat([header, payload]), this.onSent);
      return;
    }
    this.enqueue([header, payload], header.byteLength + payload.byteLength);
  }

  /** Outgoing bytes not yet taken by the client's side: in the socket and queued here. */
  get backlog(): number {
    return this.ws.bufferedAmount + this.outboxBytes;
  }

  private enqueue(parts: readonly Uint8Array[], bytes: number): void {
    if (this.ws.bufferedAmount + this.outboxBytes + bytes > this.limits.maxBufferedBytes) {
      return this.cutSlowConsumer('over the ceiling');
    }
    if (this.outbox.length === 0) this.lastDrainAt = Date.now(); // the wait starts now
    this.outbox.push({ parts, part: 0, offset: 0 });
    this.outboxBytes += bytes;
    this.pump();
  }

  /** Hands queued bytes to the socket while it holds less than SOCKET_HIGH_WATER. */
  private pump(): void {
    while (!this.closed && this.outbox.length > 0 && this.ws.bufferedAmount < SOCKET_HIGH_WATER) {
      const message = this.outbox[0]!;
      const part = message.parts[message.part]!;
      const end = Math.min(part.byteLength, message.offset + FRAGMENT_BYTES);
      const chunk = message.offset === 0 && end === part.byteLength ? part : part.subarray(message.offset, end);
      this.outboxBytes -= end - message.offset;
      message.offset = end;
      if (end === part.byteLength) {
        message.part++;
        message.offset = 0;
      }
      const fin = message.part === message.parts.length;
      if (fin) this.outbox.shift();
      // Fragments of one message follow each other: nothing else is sent before its last one.
      this.ws.send(chunk, { binary: true, fin }, this.onSent);
    }
    if (this.closed) return;
    if (this.outbox.length > 0) this.watchStall();
    else if (this.stallTimer) {
      clearTimeout(this.stallTimer);
      this.stallTimer = null;
    }
  }

  /** While bytes wait: closes the connection once it has drained nothing for `slowConsumerMs`. */
  private watchStall(): void {
    if (this.stallTimer) return;
    const slowMs = this.limits.slowConsumerMs ?? DEFAULT_SLOW_CONSUMER_MS;
    this.stallTimer = setTimeout(
      () => {
        this.stallTimer = null;
        if (this.closed || this.outbox.length === 0) return;
        if (Date.now() - this.lastDrainAt >= slowMs) return this.cutSlowConsumer('not reading');
        this.watchStall();
      },
      Math.max(10, this.lastDrainAt + slowMs - Date.now()),
    );
    this.stallTimer.unref();
  }

  /**
   * Closes a client that does not read with 4430. Nothing more is queued for it: the close frame
   * waits only behind what the socket already holds (at most about SOCKET_HIGH_WATER plus one
   * fragment), so a client that reads again sees the code; one that never does is cut after the
   * grace. Either way the server's memory for it stays bounded, and the client resyncs on reconnect.
   */
  private cutSlowConsumer(why: string): void {
    this.metrics?.refuse('slow-consumer');
    this.log.info({ why, buffered: this.ws.bufferedAmount, queued: this.outboxBytes }, 'slow consumer: disconnecting');
    this.close(CloseCode.slowConsumer, CloseReason.slowConsumer);
  }

  /** One callback for every send (no closure per message): the socket took those bytes. */
  private readonly onSent = (err?: Error | null) => {
    if (err) return this.close(CloseCode.internal, CloseReason.internal);
    this.lastDrainAt = Date.now();
    if (this.outbox.length > 0) this.pump();
  };

  /**
   * Closes with a code and reason from `shared/collab.ts` that the client can show. What was
   * queued and not yet handed to the socket is dropped (the client resyncs it on reconnect).
   */
  close(code: CloseCode, reason: CloseReason, graceMs = CLOSE_GRACE_MS): void {
    if (this.closed) return;
    this.log.info({ code, reason }, 'closing connection');
    this.closed = true;
    this.stopTimers();
    this.outbox = [];
    this.outboxBytes = 0;
    this.ws.close(code, reason);
    // A peer that never completes the closing handshake must not hold the socket open.
    if (graceMs <= 0) this.ws.terminate();
    else {
      this.closeTimer = setTimeout(() => this.ws.terminate(), graceMs);
      this.closeTimer.unref();
    }
  }

  /**
   * Shutdown: tells the client to reconnect (`code`). One that is not reading (bytes wait for it)
   * is cut at once, since the close frame would wait behind them; others get a short grace.
   */
  shutdown(code: CloseCode, reason: CloseReason): void {
    const reading = this.backlog === 0;
    if (this.closed) {
      if (!reading) this.ws.terminate();
      return;
    }
    this.close(code, reason, reading ? SHUTDOWN_GRACE_MS : 0);
  }

  private stopTimers(): void {
    clearInterval(this.pinger);
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  private onSocketClosed(): void {
    this.closed = true;
    this.stopTimers();
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.outbox = [];
    this.outboxBytes = 0;
  }
}
