import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { pollRoom, type PollUpdate, type PollView, type VoteInput } from '@dialogo/shared';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { liveSocket, useLiveConnected, useLiveEvent, useLiveWatch } from '../../../lib/live.ts';
import { fetchPoll, pollKeys, votePoll } from '../api.ts';

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

/** The newer of two views of a poll (by revision): an answer older than what is shown is dropped. */
const newer = (next: PollView, current: PollView | undefined) => (current && next.revision < current.revision ? current : next);

/**
 * A poll, kept current live: the view is a TanStack query, and `poll:watch` (over the tab's one
 * live socket) answers the reader's own view; every `poll:updated` of a higher revision updates
 * the counts at once, and the full view (names, the reader's ballot, results their settings hide)
 * is read again from the server right after.
 */
export function usePoll(id: string): PollState {
  const queryClient = useQueryClient();
  const key = pollKeys.view(id);
  const query = useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => newer(await fetchPoll(id, signal), queryClient.getQueryData<PollView>(key)),
  });
  const setView = useCallback((next: PollView) => queryClient.setQueryData<PollView>(pollKeys.view(id), (current) => newer(next, current)), [queryClient, id]);
  /** The live connection this poll is watched on (its socket id changes at every reconnection). */
  const [watchedOn, setWatchedOn] = useState<{ id: string; socket: string } | null>(null);
  const [liveError, setLiveError] = useState<{ id: string; code: ClientErrorCode } | null>(null);
  const connected = useLiveConnected();
  const live = connected && watchedOn?.id === id && watchedOn.socket === liveSocket().id;

  useLiveWatch(
    pollRoom(id),
    (socket) =>
      socket.emit('poll:watch', { pollId: id }, (ack) => {
        if (ack.ok) {
          setView(ack.data);
          setWatchedOn({ id, socket: socket.id ?? '' });
        } else setLiveError({ id, code: ack.error.code });
      }),
    (socket) => socket.emit('poll:unwatch', { pollId: id }, () => {}),
  );
  // Taken out of the poll's room (it became a draft of others, or the reader lost the right).
  useLiveEvent('room:revoked', ({ room }) => {
    if (room !== pollRoom(id)) return;
    setWatchedOn(null);
    setLiveError({ id, code: 'forbidden' });
  });
  const refetch = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(refetch.current), [id]);
  useLiveEvent('poll:updated', (update: PollUpdate) => {
    if (update.pollId !== id) return;
    const current = queryClient.getQueryData<PollView>(key);
    if (current && update.revision <= current.revision) return;
    if (current) queryClient.setQueryData<PollView>(key, applyUpdate(current, update));
    // Names and the reader's own ballot come with the full view: read it once the burst settles.
    clearTimeout(refetch.current);
    refetch.current = setTimeout(() => void queryClient.invalidateQueries({ queryKey: key, exact: true }), 150);
  });

  const vote = useCallback(
    async (input: VoteInput): Promise<void> => {
      const socket = liveSocket();
      if (!socket.connected) {
        setView(await votePoll(id, input));
        return;
      }
      const ack = await socket.timeout(10_000).emitWithAck('poll:vote', { pollId: id, ...input });
      if (!ack.ok) throw new ApiRequestError(ack.error.code === 'validation_failed' ? 400 : 409, ack.error);
      // The receipt holds the ballot as stored; the counts (and results this ballot may reveal)
      // come with the poll's update, which every watcher receives, and the re-read after it.
      const { mine } = ack.data;
      queryClient.setQueryData<PollView>(pollKeys.view(id), (current) => (current ? { ...current, mine } : current));
    },
    [queryClient, id, setView],
  );

  const failed = liveError?.id === id ? liveError.code : query.error ? errorCode(query.error) : null;
  return { view: query.data ?? null, error: failed, live, setView, vote };
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
