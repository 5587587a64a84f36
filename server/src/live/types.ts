import type { Server, Socket } from 'socket.io';
import { ErrorCode, type ClientToServerEvents, type ServerToClientEvents } from '@dialogo/shared';
import type { PersonSummary } from '../network/people.ts';

/**
 * What the server keeps on each socket: who its handshake's session belongs to. Other instances
 * read it over Redis (`fetchSockets()`), so only the person's summary, never their record.
 */
export interface LiveSocketData {
  person: PersonSummary;
}

/** What instances tell each other through the adapter. */
export interface InterServerEvents {
  /** A person or a document's scope changed: check the rooms of this instance's sockets now. */
  'access:changed': () => void;
}

/** The typed socket.io server of live events, and one of its sockets. */
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;

/** The room every socket of one person joins, for what is addressed to them (notifications). */
export const personRoom = (personId: string) => `person:${personId}`;

/** The generic error sent in an ack when a handler fails unexpectedly (SIO `sanitizeErrorMessage`). */
export const internalAckError = { code: ErrorCode.internal, message: 'Something went wrong.' } as const;

/** The error sent in an ack while the store is unreachable (the HTTP API answers 503 with the same code). */
export const storeUnavailableAckError = {
  code: ErrorCode.storeUnavailable,
  message: 'The server cannot store anything right now; try again shortly.',
} as const;
