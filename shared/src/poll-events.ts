import type { AckFn } from './live-events.ts';
import type { PollView, VoteInput, VoteReceipt } from './schemas/poll.ts';
import type { PollResults } from './polls/tally.ts';

/**
 * socket.io events of polls. A viewer watches a poll (room `poll:<id>`) or the list (room `polls`);
 * every change reaches them as `poll:updated`, which never names a voter: names, the reader's own
 * ballot and results hidden by the settings come only from the acknowledged `poll:watch` answer
 * (or the HTTP API), which asks the policy for the reader.
 */
/** The room of one poll's viewers. */
export const pollRoom = (pollId: string) => `poll:${pollId}`;

export interface PollUpdate {
  pollId: string;
  /** Orders updates: ignore one lower than the last shown. */
  revision: number;
  status: 'draft' | 'open' | 'closed';
  turnout: { eligible: number; voted: number };
  /** The meeting the poll was launched from: its room can show the poll as soon as it opens. */
  meetingId?: string;
  /** Present when everyone may see the results now (live results, or closed). */
  results?: PollResults;
}

export interface PollClientEvents {
  /** Joins the poll's room; answers what this reader may see of it. */
  'poll:watch': (input: { pollId: string }, ack: AckFn<PollView>) => void;
  'poll:unwatch': (input: { pollId: string }, ack: AckFn<null>) => void;
  /** Joins the list's room: new, opened and closed polls. */
  'polls:watch': (input: Record<string, never>, ack: AckFn<null>) => void;
  /** Leaves the list's room (the tab's one socket stays open when the polls page closes). */
  'polls:unwatch': (input: Record<string, never>, ack: AckFn<null>) => void;
  /** Casts (or replaces) a ballot; answers the reader's view with it. */
  'poll:vote': (input: { pollId: string } & VoteInput, ack: AckFn<VoteReceipt>) => void;
}

export interface PollServerEvents {
  'poll:updated': (update: PollUpdate) => void;
}
