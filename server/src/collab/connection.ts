import type { WebSocket } from 'ws';
import { CloseCode, CloseReason } from '@dialogo/shared';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';

/** Per-connection limits, from the config. */
export interface ConnectionLimits {
  /** Outgoing bytes that may wait in the socket before the client counts as not reading. */
  maxBufferedBytes: number;
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
  /** Who the person is, from their session: the name, city and colour of their caret. */
  person: ConnectionPerson | null = null;
  private alive = true;
  private readonly pinger: NodeJS.Timeout;

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
   * Sends bytes unless the socket is going away. A client that stopped reading (its socket holds
   * more than `maxBufferedBytes` not yet sent) is cut off: the server never grows its memory for
   * it, and the client resyncs what it missed when it reconnects.
   */
  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount + message.byteLength > this.limits.maxBufferedBytes) {
      this.metrics?.refuse('slow-consumer');
      this.log.info({ buffered: this.ws.bufferedAmount }, 'slow consumer: disconnecting');
      this.close(CloseCode.slowConsumer, CloseReason.slowConsumer);
      // The close frame would wait behind what the client does not read: free it now.
      this.ws.terminate();
      return;
    }
    this.ws.send(message, this.onSent);
  }

  /** One callback for every send (no closure per message). */
  private readonly onSent = (err?: Error) => {
    if (err) this.close(CloseCode.internal, CloseReason.internal);
  };

  /** Closes with a code and reason from `shared/collab.ts` that the client can show. */
  close(code: CloseCode, reason: CloseReason): void {
    if (this.closed) return;
    this.log.info({ code, reason }, 'closing connection');
    this.closed = true;
    clearInterval(this.pinger);
    this.ws.close(code, reason);
    // A peer that never completes the closing handshake must not hold the socket open.
    setTimeout(() => this.ws.terminate(), 5000).unref();
  }

  private onSocketClosed(): void {
    this.closed = true;
    clearInterval(this.pinger);
  }
}
