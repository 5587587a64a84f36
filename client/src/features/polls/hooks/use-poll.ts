import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_PATH,
  pollRoom,
  type Ack,
  type ClientToServerEvents,
  type PollUpdate,
  type PollView,
  type ServerToClientEvents,
  type VoteInput,
} from '@dialogo/shared';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { fetchPoll, votePoll } from '../api.ts';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One socket.io connection per page that watches polls (the server keeps the session from the cookie). */
export function connectLive(): LiveSocket {
  return io({ path: LIVE_PATH, transports: ['websocket'], withCredentials: true });
}

/** What {@link usePoll} gives the poll page. */
export interface PollState {
  view: PollView | null;
  error: ClientErrorCode | null;
  /** Live: the socket is connected and watching. */
  live: boolean;
  /** Replaces the view with one the server answered (after an action). */
  setView(view: PollView): void;
  /** Casts a ballot over socket.io with an acknowledgement (HTTP when the socket is down). */
  vote(input: VoteInput): Promise<void>;
}

/**
 * A poll, kept current live: `poll:watch` answers the reader's own view; every `poll:updated` of a
 * higher revision updates the counts at once, and the full view (names, the reader's ballot,
 * results their settings hide) is read again from the server right after.
 */
export function usePoll(id: string): PollState {
  const [view, setViewState] = useState<PollView | null>(null);
  const [error, setError] = useState<ClientErrorCode | null>(null);
  const [live, setLive] = useState(false);
  const socketRef = useRef<LiveSocket | null>(null);
  const revision = useRef(0);

  const setView = useCallback((next: PollView) => {
    if (next.revision < revision.current) return;
    revision.current = next.revision;
    setViewState(next);
  }, []);

  useEffect(() => {
    const socket = connectLive();
    socketRef.current = socket;
    let refetch: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const reload = () =>
      fetchPoll(id, controller.signal).then(setView, (err: unknown) => {
        if (!controller.signal.aborted) setError(errorCode(err));
      });
    const watch = () =>
      socket.emit('poll:watch', { pollId: id }, (ack: Ack<PollView>) => {
        if (ack.ok) {
          setView(ack.data);
          setLive(true);
        } else setError(ack.error.code);
      });
    socket.on('connect', watch);
    socket.on('disconnect', () => setLive(false));
    // Taken out of the poll's room (it became a draft of others, or the reader lost the right).
    socket.on('room:revoked', ({ room }) => {
      if (room !== pollRoom(id)) return;
      setLive(false);
      setError('forbidden');
    });
    socket.on('poll:updated', (update: PollUpdate) => {
      if (update.pollId !== id || update.revision <= revision.current) return;
      revision.current = update.revision;
      setViewState((current) => (current ? applyUpdate(current, update) : current));
      // Names and the reader's own ballot come with the full view: read it once the burst settles.
      clearTimeout(refetch);
      refetch = setTimeout(() => void reload(), 150);
    });
    void reload();
    return () => {
      clearTimeout(refetch);
      controller.abort();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [id, setView]);

  const vote = useCallback(
    async (input: VoteInput): Promise<void> => {
      const socket = socketRef.current;
      if (!socket?.connected) {
        setView(await votePoll(id, input));
        return;
      }
      const ack = await socket.timeout(10_000).emitWithAck('poll:vote', { pollId: id, ...input });
      if (!ack.ok) throw new ApiRequestError(ack.error.code === 'validation_failed' ? 400 : 409, ack.error);
      // The receipt holds the ballot as stored; the counts (and results this ballot may reveal)
      // come with the poll's update, which every watcher receives, and the re-read after it.
      const { mine } = ack.data;
      setViewState((current) => (current ? { ...current, mine } : current));
    },
    [id, setView],
  );

  return { view, error, live, setView, vote };
}

/** The counts of a live update on top of the full view (names and own ballot kept until the re-read). */
function applyUpdate(view: PollView, update: PollUpdate): PollView {
  return {
    ...view,
    revision: update.revision,
    status: update.status,
    turnout: { ...view.turnout, eligible: update.turnout.eligible, voted: update.turnout.voted },
    ...(update.results ? { results: update.results } : {}),
    poll: { ...view.poll, status: update.status === 'closed' ? 'closed' : view.poll.status },
  };
}
