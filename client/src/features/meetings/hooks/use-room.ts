import { useCallback, useEffect, useState } from 'react';
import { meetingRoom, type Ack, type ClientToServerEvents, type RoomCommand, type RoomState } from '@dialogo/shared';
import { liveSocket, useLiveConnected, useLiveEvent, useLiveWatch } from '../../../lib/live.ts';

/** What the room page needs: the room's state as the server sends it, and the ways to act on it. */
export interface Room {
  state: RoomState | null;
  /** Server clock minus this device's clock (ms), from the last state received. */
  offset: number;
  connected: boolean;
  /** Error code of the last refused event (translated by the page), or null. */
  error: string | null;
  control(command: RoomCommand, minutes?: number): Promise<boolean>;
  hand(raised: boolean): Promise<boolean>;
  floor(personId: string | null): Promise<boolean>;
}

/**
 * Joins the live room of a meeting over the tab's one live socket while mounted, and again after
 * every reconnection (the server keeps the room's state, so a reconnect only needs to ask). A
 * server that closed the socket for a restart is reconnected to after a moment (`lib/live.ts`);
 * one that refuses the session stops it (the page says so).
 */
export function useRoom(meetingId: string): Room {
  const [state, setState] = useState<RoomState | null>(null);
  const [offset, setOffset] = useState(0);
  const connected = useLiveConnected();
  const [error, setError] = useState<string | null>(null);

  const receive = useCallback(
    (next: RoomState) => {
      if (next.meetingId !== meetingId) return;
      setOffset(next.serverNow - Date.now());
      setState(next);
    },
    [meetingId],
  );

  useLiveWatch(
    meetingRoom(meetingId),
    (socket) =>
      socket.emit('meeting:join', { meetingId }, (ack) => {
        if (ack.ok) {
          setError(null);
          receive(ack.data);
        } else setError(ack.error.code);
      }),
    (socket) => socket.emit('meeting:leave', { meetingId }, () => {}),
  );
  useLiveEvent('meeting:state', receive);
  // Taken out of the room (no longer a participant): its state stops coming, and the page says why.
  useLiveEvent('room:revoked', ({ room }) => {
    if (room === meetingRoom(meetingId)) setError('revoked');
  });
  useEffect(() => {
    const socket = liveSocket();
    const refused = (err: Error) => setError(err.message);
    socket.on('connect_error', refused);
    return () => {
      socket.off('connect_error', refused);
    };
  }, []);

  const send = useCallback(
    <E extends 'meeting:control' | 'meeting:hand' | 'meeting:floor'>(event: E, input: Parameters<ClientToServerEvents[E]>[0]): Promise<boolean> =>
      new Promise((resolve) => {
        const socket = liveSocket();
        (socket.emit as (e: string, i: unknown, ack: (a: Ack<RoomState>) => void) => void)(event, input, (ack) => {
          if (ack.ok) {
            setError(null);
            receive(ack.data);
          } else setError(ack.error.code);
          resolve(ack.ok);
        });
      }),
    [receive],
  );

  return {
    state,
    offset,
    connected,
    error,
    control: useCallback(
      (command: RoomCommand, minutes?: number) => send('meeting:control', { meetingId, command, ...(minutes ? { minutes } : {}) }),
      [send, meetingId],
    ),
    hand: useCallback((raised: boolean) => send('meeting:hand', { meetingId, raised }), [send, meetingId]),
    floor: useCallback((personId: string | null) => send('meeting:floor', { meetingId, personId }), [send, meetingId]),
  };
}

/** The current time on the server's clock, re-rendering every second. */
export function useServerNow(offset: number): number {
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    setNow(Date.now() + offset);
    const timer = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(timer);
  }, [offset]);
  return now;
}
