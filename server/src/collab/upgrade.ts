import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { CloseCode, CloseReason, COLLAB_PATH, parseDocName } from '@dialogo/shared';
import type { Logger } from '../logger.ts';
import { Connection } from './connection.ts';
import type { DocRegistry } from './registry.ts';
import { MalformedMessage, type SharedDoc } from './shared-doc.ts';

/** Options of the document WebSocket endpoint. */
export interface CollabEndpointOptions {
  registry: DocRegistry;
  logger: Logger;
  /** Largest message; ws closes a socket that sends more with 1009. */
  maxMessageBytes: number;
}

/** The document WebSocket at `/collab/<documentName>`, speaking the y-websocket protocol. */
export interface CollabEndpoint {
  /** Takes an HTTP upgrade; returns false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes every connection with `code`/`reason` (shutdown tells clients to reconnect). */
  closeAll(code: CloseCode, reason: CloseReason): void;
  /** Open sockets. */
  readonly connectionCount: number;
}

/** Reads the document name from `/collab/<name>`; null when the path is not the collab path. */
function docNameFromUrl(url: string | undefined): string | null | undefined {
  const pathname = (url ?? '').split('?')[0] ?? '';
  if (!pathname.startsWith(`${COLLAB_PATH}/`)) return undefined;
  try {
    return decodeURIComponent(pathname.slice(COLLAB_PATH.length + 1));
  } catch {
    return null;
  }
}

/** Creates the endpoint; the HTTP server's `upgrade` event is routed to it in app.ts. */
export function createCollabEndpoint({ registry, logger, maxMessageBytes }: CollabEndpointOptions): CollabEndpoint {
  const log = logger.child({ module: 'collab' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();

  function onConnection(ws: WebSocket, name: string): void {
    const conn = new Connection(ws, randomUUID(), log.child({ docName: name }));
    sockets.add(ws);
    // Messages that arrive while the document loads wait here, in order.
    let shared: SharedDoc | null = null;
    const early: Uint8Array[] = [];
    const handle = (data: Uint8Array) => {
      try {
        shared!.handleMessage(conn, data);
      } catch (err) {
        if (err instanceof MalformedMessage) {
          conn.log.info({ reason: err.message }, 'malformed message');
          conn.close(CloseCode.malformed, CloseReason.malformed);
        } else {
          conn.log.error({ err: (err as Error).message }, 'message handling failed');
          conn.close(CloseCode.internal, CloseReason.internal);
        }
      }
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (conn.closed) return;
      if (!isBinary) return conn.close(CloseCode.malformed, CloseReason.malformed);
      const bytes = toUint8Array(data);
      if (shared) handle(bytes);
      else early.push(bytes);
    });
    ws.on('error', (err) => conn.log.debug({ err: err.message }, 'socket error'));
    ws.on('close', (code: number) => {
      sockets.delete(ws);
      // ws closes with 1009 by itself when maxPayload is exceeded.
      if (code === CloseCode.tooBig) conn.log.info('message too big');
      shared?.removeConnection(conn);
    });
    registry.get(name).then(
      (doc) => {
        if (conn.closed) return doc.releaseIfUnused();
        shared = doc;
        doc.addConnection(conn);
        for (const bytes of early.splice(0)) {
          if (conn.closed) break;
          handle(bytes);
        }
      },
      () => conn.close(CloseCode.storeUnavailable, CloseReason.storeUnavailable),
    );
  }

  return {
    handleUpgrade(req, socket, head) {
      const name = docNameFromUrl(req.url);
      if (name === undefined) return false;
      wss.handleUpgrade(req, socket, head, (ws) => {
        // Unknown names are refused after the upgrade, so the client gets a code and reason.
        if (!name || !parseDocName(name)) {
          ws.close(CloseCode.notFound, CloseReason.notFound);
          return;
        }
        onConnection(ws, name);
      });
      return true;
    },
    closeAll(code, reason) {
      for (const ws of sockets) ws.close(code, reason);
    },
    get connectionCount() {
      return sockets.size;
    },
  };
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
