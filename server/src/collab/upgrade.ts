import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { CloseCode, CloseReason, COLLAB_PATH, parseDocName } from '@dialogo/shared';
import { createAccessRecheck } from '../access/recheck.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { Connection, type ConnectionLimits, type ConnectionPerson } from './connection.ts';
import type { DocRegistry } from './registry.ts';
import { InvalidUpdate, MalformedMessage, RefusedMessage, type SharedDoc } from './shared-doc.ts';

/** The access decision for one upgrade, from the policy (see app.ts). */
export type CollabAccess =
  | {
      ok: true;
      readOnly: boolean;
      /** Who was admitted, for the per-person connection limit. */
      personId?: string;
      /** Their name and city from the session: what their caret shows (presence.ts). */
      person?: ConnectionPerson;
    }
  | { ok: false; code: CloseCode; reason: CloseReason };

/** Limits of the endpoint, all from the config (README, "Configuration"). */
export interface CollabLimits extends ConnectionLimits {
  maxConnectionsPerPerson: number;
  maxConnectionsPerAddress: number;
  /** Time from the upgrade until the connection is admitted and its document open. */
  authTimeoutMs: number;
  /** Take the address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
}

/** Defaults for callers that build an endpoint without a config (tests of the endpoint alone). */
const NO_LIMITS: CollabLimits = {
  maxBufferedBytes: Number.MAX_SAFE_INTEGER,
  awarenessPerSecond: Number.MAX_SAFE_INTEGER,
  awarenessMaxBytes: Number.MAX_SAFE_INTEGER,
  maxConnectionsPerPerson: Number.MAX_SAFE_INTEGER,
  maxConnectionsPerAddress: Number.MAX_SAFE_INTEGER,
  authTimeoutMs: 60_000,
  trustProxy: false,
};

/** Options of the document WebSocket endpoint. */
export interface CollabEndpointOptions {
  registry: DocRegistry;
  logger: Logger;
  /** Decides, from the upgrade request (cookie, origin), whether and how the document may be opened. */
  authorize(req: IncomingMessage, docName: string): Promise<CollabAccess>;
  /** Largest message; ws closes a socket that sends more with 1009. */
  maxMessageBytes: number;
  /**
   * How often every open connection is authorized again with `authorize`: one that may no
   * longer read is closed with the policy's code, one that may no longer edit becomes read-only.
   */
  recheckMs: number;
  limits?: CollabLimits;
  metrics?: Metrics | null;
}

/**
 * Messages a socket may send before its document is open (authorization, then loading), beyond
 * which it is closed with 1009; the bytes are capped at `maxMessageBytes`. A y-websocket client
 * sends two or three messages then, plus what its user types meanwhile.
 */
const MAX_EARLY_MESSAGES = 64;

/** The document WebSocket at `/collab/<documentName>`, speaking the y-websocket protocol. */
export interface CollabEndpoint {
  /** Takes an HTTP upgrade; returns false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /**
   * Shutdown: refuses every new upgrade from now on and closes every connection with
   * `code`/`reason` (clients reconnect, to this instance once it is back or to another).
   */
  closeAll(code: CloseCode, reason: CloseReason): void;
  /** Open sockets. */
  readonly connectionCount: number;
  /** Asks the policy again for every open connection now (a person or a document's scope changed). */
  recheckAccess(): void;
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
export function createCollabEndpoint({
  registry,
  logger,
  authorize,
  maxMessageBytes,
  recheckMs,
  limits = NO_LIMITS,
  metrics = null,
}: CollabEndpointOptions): CollabEndpoint {
  const log = logger.child({ module: 'collab' });
  let draining: { code: CloseCode; reason: CloseReason } | null = null;
  /** Open connections per address and per person, for the connection limits. */
  const perAddress = new Map<string, number>();
  const perPerson = new Map<string, number>();
  const bump = (counts: Map<string, number>, key: string, by: 1 | -1) => {
    const n = (counts.get(key) ?? 0) + by;
    if (n <= 0) counts.delete(key);
    else counts.set(key, n);
    return n;
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, perMessageDeflate: false });
  const sockets = new Map<WebSocket, Connection>();
  /** Connections the policy let in, with what they are authorized again from. */
  const admitted = new Map<Connection, { req: IncomingMessage; name: string }>();

  // A role changed, an archive or a sign-out reaches connections that are already open here: every
  // `recheckMs`, and at once when app.ts triggers it on `access.changed`.
  const recheck = createAccessRecheck({ hasConnections: () => admitted.size > 0, run: recheckAll }, recheckMs, (err) =>
    log.warn({ err: err.message }, 'access recheck failed'),
  );

  async function recheckAll(): Promise<void> {
    // The connections of one session on one document share one answer.
    const answers = new Map<string, Promise<CollabAccess>>();
    await Promise.all(
      [...admitted].map(async ([conn, { req, name }]) => {
        const key = `${name}\n${req.headers.cookie ?? ''}\n${req.headers.origin ?? ''}`;
        let answer = answers.get(key);
        if (!answer) answers.set(key, (answer = authorize(req, name)));
        let decision: CollabAccess;
        try {
          decision = await answer;
        } catch (err) {
          // The store did not answer: keep the access it had and ask again next time.
          conn.log.warn({ err: (err as Error).message }, 'access recheck failed');
          return;
        }
        if (conn.closed) return;
        // A renamed person or one moved to another city shows so from their next caret move.
        if (decision.ok && decision.person) conn.person = decision.person;
        if (!decision.ok) {
          conn.log.info({ code: decision.code }, 'access lost');
          conn.close(decision.code, decision.reason);
        } else if (decision.readOnly && !conn.readOnly) {
          // Edit access is never widened on an open connection: the client gets it on reconnect.
          conn.log.info('edit access lost: connection is now read-only');
          conn.readOnly = true;
        }
      }),
    );
  }

  function onConnection(ws: WebSocket, req: IncomingMessage, name: string, address: string, access: Promise<CollabAccess>): void {
    const conn = new Connection(ws, randomUUID(), log.child({ docName: name }), limits, metrics);
    sockets.set(ws, conn);
    // Admitted and open within the bound, or closed: a socket cannot sit unauthenticated.
    const authTimer = setTimeout(() => {
      if (shared || conn.closed) return;
      metrics?.refuse('auth-timeout');
      conn.close(CloseCode.authTimeout, CloseReason.authTimeout);
    }, limits.authTimeoutMs);
    authTimer.unref();
    // Messages that arrive before the policy answered and while the document loads wait here,
    // in order, up to a bound: a socket nobody has let in yet cannot make the server hold much.
    let shared: SharedDoc | null = null;
    const early: Uint8Array[] = [];
    let earlyBytes = 0;
    const handle = (data: Uint8Array) => {
      try {
        shared!.handleMessage(conn, data);
      } catch (err) {
        if (err instanceof MalformedMessage) {
          conn.log.info({ reason: err.message }, 'malformed message');
          metrics?.refuse('malformed');
          conn.close(CloseCode.malformed, CloseReason.malformed);
        } else if (err instanceof InvalidUpdate) {
          conn.log.warn({ reason: err.message, personId: conn.personId }, 'invalid update refused');
          conn.close(CloseCode.malformed, CloseReason.invalidUpdate);
        } else if (err instanceof RefusedMessage) {
          conn.log.info({ reason: err.reason }, 'message refused');
          conn.close(err.code, err.reason);
        } else {
          conn.log.error({ err: (err as Error).message }, 'message handling failed');
          conn.close(CloseCode.internal, CloseReason.internal);
        }
      }
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (conn.closed) return;
      if (!isBinary) {
        metrics?.refuse('malformed');
        return conn.close(CloseCode.malformed, CloseReason.malformed);
      }
      const bytes = toUint8Array(data);
      if (shared) return handle(bytes);
      earlyBytes += bytes.byteLength;
      if (early.length >= MAX_EARLY_MESSAGES || earlyBytes > maxMessageBytes) {
        early.length = 0;
        metrics?.refuse('too-big');
        return conn.close(CloseCode.tooBig, CloseReason.tooBig);
      }
      early.push(bytes);
    });
    ws.on('error', (err) => conn.log.debug({ err: err.message }, 'socket error'));
    ws.on('close', (code: number) => {
      clearTimeout(authTimer);
      sockets.delete(ws);
      admitted.delete(conn);
      bump(perAddress, address, -1);
      if (conn.personId) bump(perPerson, conn.personId, -1);
      // ws closes with 1009 by itself when maxPayload is exceeded.
      if (code === CloseCode.tooBig) {
        conn.log.info('message too big');
        metrics?.refuse('too-big');
      }
      shared?.removeConnection(conn);
    });
    // Nothing of the document is loaded or sent before the policy said yes.
    access
      .then((decision) => {
        if (conn.closed) return null;
        if (!decision.ok) {
          conn.close(decision.code, decision.reason);
          return null;
        }
        if (decision.personId) {
          conn.personId = decision.personId;
          // Links in what the server sends about this person's edits (mention mails) lead back here.
          conn.origin = req.headers.origin ?? null;
          if (bump(perPerson, decision.personId, 1) > limits.maxConnectionsPerPerson) {
            metrics?.refuse('too-many-connections');
            conn.close(CloseCode.tooMany, CloseReason.tooManyConnections);
            return null;
          }
        }
        conn.readOnly = decision.readOnly;
        if (decision.person) conn.person = decision.person;
        admitted.set(conn, { req, name });
        return registry.get(name);
      })
      .then(
        (doc) => {
          if (!doc) return;
          if (conn.closed) return doc.releaseIfUnused();
          shared = doc;
          clearTimeout(authTimer);
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
        // Refusals come after the upgrade, so the client gets a code and reason it can show.
        if (draining) return ws.close(draining.code, draining.reason);
        if (!name || !parseDocName(name)) {
          ws.close(CloseCode.notFound, CloseReason.notFound);
          return;
        }
        const address = clientAddress(req, limits.trustProxy);
        if (bump(perAddress, address, 1) > limits.maxConnectionsPerAddress) {
          bump(perAddress, address, -1);
          metrics?.refuse('too-many-connections');
          ws.close(CloseCode.tooMany, CloseReason.tooManyConnections);
          return;
        }
        onConnection(
          ws,
          req,
          name,
          address,
          authorize(req, name).catch((): CollabAccess => ({ ok: false, code: CloseCode.storeUnavailable, reason: CloseReason.storeUnavailable })),
        );
      });
      return true;
    },
    closeAll(code, reason) {
      draining = { code, reason };
      recheck.stop();
      // Clients that read are told and get a short grace; one that does not is cut at once.
      for (const conn of sockets.values()) conn.shutdown(code, reason);
    },
    get connectionCount() {
      return sockets.size;
    },
    recheckAccess() {
      recheck.trigger();
    },
  };
}

/** The peer's address: the socket's, or the first X-Forwarded-For entry when the proxy is trusted. */
function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const forwarded = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
