import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { ErrorCode, LIVE_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@dialogo/shared';
import type { Logger } from '../logger.ts';
import type { RedisClient } from '../store/redis/index.ts';
import { registerRoomHandlers } from './rooms.ts';

/** The typed socket.io server of live events. */
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** Options of the live-event channel. */
export interface LiveOptions {
  httpServer: HttpServer;
  logger: Logger;
  /** With Redis, rooms span instances through the Redis adapter. */
  redis?: { client: RedisClient; channelPrefix: string };
}

/** socket.io on the same port as HTTP and the document WebSocket, at `/live`. */
export async function createLive({ httpServer, logger, redis }: LiveOptions): Promise<{ io: LiveServer; close(): Promise<void> }> {
  const log = logger.child({ module: 'live' });
  const io: LiveServer = new Server(httpServer, {
    path: LIVE_PATH,
    serveClient: false,
    // The document WebSocket shares the HTTP server's upgrade event: leave its sockets alone.
    destroyUpgrade: false,
  });
  let pubSub: RedisClient[] = [];
  if (redis) {
    const pub = redis.client.duplicate();
    const sub = redis.client.duplicate();
    for (const c of [pub, sub]) c.on('error', (err: Error) => log.warn({ err: err.message }, 'adapter redis error'));
    await Promise.all([pub.connect(), sub.connect()]);
    pubSub = [pub, sub];
    io.adapter(createAdapter(pub, sub, { key: redis.channelPrefix }));
  }
  io.on('connection', (socket) => {
    log.debug({ socketId: socket.id }, 'live connection');
    registerRoomHandlers(io, socket, log);
  });
  return {
    io,
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.allSettled(pubSub.map((c) => c.close()));
    },
  };
}

/** The generic error sent in an ack when a handler fails unexpectedly (SIO `sanitizeErrorMessage`). */
export const internalAckError = { code: ErrorCode.internal, message: 'Something went wrong.' } as const;
