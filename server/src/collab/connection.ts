import type { WebSocket } from 'ws';
import type { CloseCode, CloseReason } from '@dialogo/shared';
import type { Logger } from '../logger.ts';

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
  private alive = true;
  private readonly pinger: NodeJS.Timeout;

  constructor(
    readonly ws: WebSocket,
    readonly id: string,
    readonly log: Logger,
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

  /** Sends bytes unless the socket is going away; send errors close the socket. */
  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(message, (err) => {
      if (err) this.close(1011 as CloseCode, 'internal-error');
    });
  }

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
