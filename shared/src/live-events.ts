import type { ApiError } from './errors.ts';
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
}
