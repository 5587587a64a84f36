/**
 * What the document WebSocket speaks: document names, y-websocket message types and close codes.
 * Doc names are built and parsed only here so that the server, the client and the tests agree.
 */

/** The kinds of collaborative document Dialogo keeps. */
export const DocKind = {
  minutes: 'minutes',
  agenda: 'agenda',
  proposal: 'proposal',
  actionPlan: 'action-plan',
  note: 'note',
} as const;
export type DocKind = (typeof DocKind)[keyof typeof DocKind];

const DOC_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const KINDS = new Set<string>(Object.values(DocKind));

/** Builds the canonical name of a document, e.g. `minutes:2020-06-18`. */
export function docName(kind: DocKind, id: string): string {
  if (!DOC_ID.test(id)) throw new Error(`invalid document id: ${id}`);
  return `${kind}:${id}`;
}

/**
 * Parses a document name taken from a URL. Only the canonical form is accepted, so that encoded,
 * case-folded or `../` variants never alias another document.
 */
export function parseDocName(name: string): { kind: DocKind; id: string } | null {
  const colon = name.indexOf(':');
  if (colon < 0) return null;
  const kind = name.slice(0, colon);
  const id = name.slice(colon + 1);
  if (!KINDS.has(kind) || !DOC_ID.test(id)) return null;
  return { kind: kind as DocKind, id };
}

/** Path prefix of the document WebSocket: `/collab/<documentName>`. */
export const COLLAB_PATH = '/collab';
/** Path of the socket.io endpoint for live events. */
export const LIVE_PATH = '/live';

/** Top-level y-websocket message types (the wire format of y-websocket's `utils.js`). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * Close codes of the document WebSocket. 4xxx are Dialogo's own (4000 + the HTTP status they
 * resemble); 1009 is the standard "message too big".
 */
export const CloseCode = {
  malformed: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  /** The client did not get its connection authorized and its document opened in time. */
  authTimeout: 4408,
  /** The document would grow beyond the largest document allowed. */
  documentTooLarge: 4413,
  /** Too many connections for this person or address, or awareness updates sent too fast. */
  tooMany: 4429,
  /** The client stopped reading: the server will not buffer more for it; it resyncs on reconnect. */
  slowConsumer: 4430,
  tooBig: 1009,
  storeUnavailable: 4503,
  shuttingDown: 4504,
  internal: 1011,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Machine-readable close reasons; the client translates them by this key. */
export const CloseReason = {
  malformed: 'malformed-message',
  /** An update that decodes but cannot join the document (see the README's security rules). */
  invalidUpdate: 'invalid-update',
  /** An update with content under a Yjs client id another person writes with. */
  foreignClient: 'client-id-not-own',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'unknown-document',
  authTimeout: 'authentication-timeout',
  documentTooLarge: 'document-too-large',
  tooManyConnections: 'too-many-connections',
  awarenessRate: 'awareness-too-fast',
  /** Sync requests (each answered with the whole document) sent faster than any client needs. */
  syncRate: 'sync-too-fast',
  awarenessForeign: 'awareness-not-own',
  slowConsumer: 'slow-consumer',
  tooBig: 'message-too-big',
  storeUnavailable: 'store-unavailable',
  shuttingDown: 'server-restarting',
  internal: 'internal-error',
} as const;
export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];
