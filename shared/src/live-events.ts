import type { ApiError } from './errors.ts';
import type { CommentThread, Notification, SuggestionDecisionRecord } from './schemas/comments.ts';
import type { PollClientEvents, PollServerEvents } from './poll-events.ts';

/** Every socket.io client event is acknowledged with one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };
export type AckFn<T> = (result: Ack<T>) => void;

/** A live room: one per document or meeting, e.g. `doc:minutes:2020-06-18`. */
export interface RoomInfo {
  room: string;
  members: number;
}

/** Events the client sends (`topic:verb`). */
export interface ClientToServerEvents extends PollClientEvents {
  'room:join': (input: { room: string }, ack: AckFn<RoomInfo>) => void;
  'room:leave': (input: { room: string }, ack: AckFn<RoomInfo>) => void;
}

/** Events the server sends. */
export interface ServerToClientEvents extends PollServerEvents {
  'room:members': (info: RoomInfo) => void;
  /**
   * The socket was taken out of a room its person may no longer read (a role, city, participant
   * list or scope changed): nothing more of that room reaches it.
   */
  'room:revoked': (info: { room: string }) => void;
  /** A thread of the room's document was opened, answered, resolved or reopened. */
  'comments:changed': (change: { doc: string; thread: CommentThread }) => void;
  /** A version of the room's document was saved (by someone, automatically, or marking a moment): lists of versions reload. */
  'versions:changed': (change: { doc: string }) => void;
  /** A suggested change in the document was accepted or rejected. */
  'suggestions:decided': (change: { doc: string; decision: SuggestionDecisionRecord }) => void;
  /** Sent to the person's own room (`person:<id>`). */
  'notification:new': (notification: Notification) => void;
}
