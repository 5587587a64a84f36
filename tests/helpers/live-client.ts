import { io as connect, type Socket } from 'socket.io-client';
import { LIVE_PATH, type Ack, type ClientToServerEvents, type RoomInfo, type ServerToClientEvents } from '@dialogo/shared';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;
const sockets = new Set<LiveClient>();

/**
 * A socket.io client on `/live` with the given headers (the session cookie a browser would send);
 * resolves once connected, rejects with the server's refusal (`connect_error`).
 */
export function liveClient(url: string, headers: Record<string, string> = {}): Promise<LiveClient> {
  const socket: LiveClient = connect(url, { path: LIVE_PATH, transports: ['websocket'], reconnection: false, extraHeaders: headers });
  sockets.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      sockets.delete(socket);
      socket.close();
      reject(err);
    });
  });
}

export function joinRoom(socket: LiveClient, room: string): Promise<Ack<RoomInfo>> {
  return new Promise((resolve) => socket.emit('room:join', { room }, resolve));
}

/** Disconnects every live client a test file opened. */
export function closeAllLiveClients(): void {
  for (const s of sockets) s.disconnect();
  sockets.clear();
}
