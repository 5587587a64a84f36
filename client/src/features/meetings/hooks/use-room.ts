import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { LIVE_PATH, meetingRoom, type Ack, type ClientToServerEvents, type RoomCommand, type RoomState, type ServerToClientEvents } from '@dialogo/shared';

type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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
 * Joins the live room of a meeting over socket.io while mounted, and again after every
 * reconnection (the server keeps the room's state, so a reconnect only needs to ask). A server
 * that closed the socket for a restart is reconnected to after a moment; one that refuses the
 * session stops it (the page says so).
 */
export function useRoom(meetingId: string): Room {
  const [state, setState] = useState<RoomState | null>(null);
  const [offset, setOffset] = useState(0);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const socketRef = useRef<RoomSocket | null>(null);

  const receive = useCallback(
    (next: RoomState) => {
      if (next.meetingId !== meetingId) return;
      setOffset(next.serverNow - Date.now());
      setState(next);
    },
    [meetingId],
  );

  useEffect(() => {
    const socket: RoomSocket = io({ path: LIVE_PATH, transports: ['websocket'] });
    socketRef.current = socket;
    let retry: ReturnType<typeof setTimeout> | undefined;
    socket.on('connect', () => {
      setConnected(true);
      socket.emit('meeting:join', { meetingId }, (ack) => {
        if (ack.ok) {
          setError(null);
          receive(ack.data);
        } else setError(ack.error.code);
      });
    });
    socket.on('meeting:state', receive);
    // Taken out of the room (no longer a participant): its state stops coming, and the page says why.
    socket.on('room:revoked', ({ room }) => {
      if (room === meetingRoom(meetingId)) setError('revoked');
    });
    socket.on('disconnect', (reason) => {
      setConnected(false);
      if (reason === 'io server disconnect') retry = setTimeout(() => socket.connect(), 1000);
    });
    socket.on('connect_error', (err) => setError(err.message));
    return () => {
      clearTimeout(retry);
      socket.emit('meeting:leave', { meetingId }, () => {});
      socket.disconnect();
      socketRef.current = null;
    };
  }, [meetingId, receive]);

  const send = useCallback(
    <E extends 'meeting:control' | 'meeting:hand' | 'meeting:floor'>(event: E, input: Parameters<ClientToServerEvents[E]>[0]): Promise<boolean> =>
      new Promise((resolve) => {
        const socket = socketRef.current;
        if (!socket) return resolve(false);
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
