/**
 * The one socket.io connection of this tab, on `/live`, shared by every feature that listens to
 * live events (comments, notifications, meetings, polls). The session cookie authenticates it;
 * socket.io reconnects by itself, and rooms joined through {@link useLiveRoom} are joined again.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import { LIVE_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@dialogo/shared';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: LiveSocket | null = null;

export function liveSocket(): LiveSocket {
  if (socket) return socket;
  const created: LiveSocket = io({ path: LIVE_PATH, transports: ['websocket'], withCredentials: true });
  // socket.io reconnects by itself after a lost connection, not after the server closed it (a
  // restart): then it is opened again after a moment. A session that ended is refused at that
  // handshake (connect_error), which stops it.
  created.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') setTimeout(() => socket === created && !created.connected && created.connect(), 1000);
  });
  socket = created;
  return created;
}

const onConnection = (changed: () => void) => {
  const s = liveSocket();
  s.on('connect', changed);
  s.on('disconnect', changed);
  return () => {
    s.off('connect', changed);
    s.off('disconnect', changed);
  };
};

/** Whether the tab's live connection is up now (re-rendering when it goes or comes back). */
export function useLiveConnected(): boolean {
  return useSyncExternalStore(
    onConnection,
    () => liveSocket().connected,
    () => false,
  );
}

/** Closes the connection (at sign-out: the next session opens a new one with its own cookie). */
export function closeLiveSocket(): void {
  socket?.disconnect();
  socket = null;
}

/** Listens to one server event while the component is mounted; the latest handler is always called. */
export function useLiveEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const s = liveSocket();
    const listener = ((...args: Parameters<ServerToClientEvents[E]>) => (latest.current as (...a: unknown[]) => void)(...args)) as never;
    s.on(event, listener);
    return () => {
      s.off(event, listener);
    };
  }, [event]);
}

/** How many mounted components want each room: the room is left only when the last one goes. */
const roomUsers = new Map<string, number>();

/**
 * Stays in a room (e.g. `doc:<name>`) while mounted, joining again after every reconnection.
 * Several components may want the same room (a document's comments and its history): the room is
 * left only when the last of them unmounts.
 */
export function useLiveRoom(room: string | null): void {
  useEffect(() => {
    if (!room) return;
    const s = liveSocket();
    const join = () => s.emit('room:join', { room }, () => {});
    const users = roomUsers.get(room) ?? 0;
    roomUsers.set(room, users + 1);
    if (s.connected && users === 0) join();
    s.on('connect', join);
    return () => {
      s.off('connect', join);
      const left = (roomUsers.get(room) ?? 1) - 1;
      if (left > 0) roomUsers.set(room, left);
      else {
        roomUsers.delete(room);
        if (s.connected) s.emit('room:leave', { room }, () => {});
      }
    };
  }, [room]);
}

/** How many mounted components want each subscription of {@link useLiveWatch}. */
const watchers = new Map<string, number>();

/**
 * Keeps a subscription the server answers (`poll:watch`, `meeting:join`…) while mounted: `watch`
 * is sent now if connected and again after every reconnection, by each component that wants
 * `key` (each may need the answer); `unwatch` is sent when the last of them unmounts. The latest
 * callbacks are always the ones called. `null`: nothing to watch (yet).
 */
export function useLiveWatch(key: string | null, watch: (socket: LiveSocket) => void, unwatch: (socket: LiveSocket) => void): void {
  const latest = useRef({ watch, unwatch });
  latest.current = { watch, unwatch };
  useEffect(() => {
    if (!key) return;
    const s = liveSocket();
    const join = () => latest.current.watch(s);
    watchers.set(key, (watchers.get(key) ?? 0) + 1);
    if (s.connected) join();
    s.on('connect', join);
    return () => {
      s.off('connect', join);
      const left = (watchers.get(key) ?? 1) - 1;
      if (left > 0) watchers.set(key, left);
      else {
        watchers.delete(key);
        if (s.connected) latest.current.unwatch(s);
      }
    };
  }, [key]);
}
