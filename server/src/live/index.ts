import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { ErrorCode, LIVE_PATH } from '@dialogo/shared';
import { createAccessRecheck } from '../access/recheck.ts';
import { isAllowedOrigin } from '../auth/origin.ts';
import { toPersonSummary, type PersonRecord } from '../network/people.ts';
import type { Services } from '../services.ts';
import type { Logger } from '../logger.ts';
import type { RedisClient } from '../store/redis/index.ts';
import { relayDomainEvents } from './domain-events.ts';
import { registerRoomHandlers } from './rooms.ts';
import { setEventPerson } from './event-person.ts';
import { registerPollHandlers } from './polls.ts';
import { registerMeetingRoom } from './meeting-room.ts';
import { leaveUnreadableRooms } from './room-access.ts';
import { personRoom, storeUnavailableAckError, type LiveServer } from './types.ts';

/** Options of the live-event channel. */
export interface LiveOptions {
  httpServer: HttpServer;
  logger: Logger;
  services: Services;
  trustedOrigins: readonly string[];
  /** How often each open socket's session is checked again (signed out, archived, reset). */
  recheckMs: number;
  /** Largest socket.io message (its `maxHttpBufferSize`); larger ones close that socket. */
  maxMessageBytes?: number;
  /** With Redis, rooms span instances through the Redis adapter. */
  redis?: { client: RedisClient; channelPrefix: string };
}

/** socket.io on the same port as HTTP and the document WebSocket, at `/live`. */
export async function createLive({
  httpServer,
  logger,
  services,
  trustedOrigins,
  recheckMs,
  redis,
  maxMessageBytes,
}: LiveOptions): Promise<{ io: LiveServer; close(): Promise<void> }> {
  const log = logger.child({ module: 'live' });
  const io: LiveServer = new Server(httpServer, {
    path: LIVE_PATH,
    serveClient: false,
    // The document WebSocket shares the HTTP server's upgrade event: leave its sockets alone.
    destroyUpgrade: false,
    ...(maxMessageBytes ? { maxHttpBufferSize: maxMessageBytes } : {}),
  });
  let pubSub: RedisClient[] = [];
  if (redis) {
    // The adapter's own publishes wait through a Redis outage (its calls are not awaited, so a
    // refused one would surface as an unhandled rejection); the store's client refuses at once.
    const pub = redis.client.duplicate({ disableOfflineQueue: false });
    const sub = redis.client.duplicate({ disableOfflineQueue: false });
    for (const c of [pub, sub]) c.on('error', (err: Error) => log.warn({ err: err.message }, 'adapter redis error'));
    // The adapter never awaits a publish: one refused (its client closed at shutdown, a room's head
    // count published while the sockets leave) is dropped here rather than left unhandled.
    const publish = pub.publish.bind(pub) as (...args: unknown[]) => Promise<number>;
    (pub as unknown as { publish: (...args: unknown[]) => Promise<number> }).publish = (...args) =>
      publish(...args).catch((err: Error) => {
        log.debug({ err: err.message }, 'adapter publish dropped');
        return 0;
      });
    await Promise.all([pub.connect(), sub.connect()]);
    pubSub = [pub, sub];
    // Loaded only with Redis: one instance on the embedded store has no other instances to tell.
    const { createAdapter } = await import('@socket.io/redis-adapter');
    io.adapter(createAdapter(pub, sub, { key: redis.channelPrefix }));
  }
  const unsubscribe = relayDomainEvents(io, services.events);
  // The handshake must carry a live session and come from our own origin; every room join and
  // event then asks the policy with this person.
  io.use((socket, next) => {
    const { headers } = socket.request;
    if (!isAllowedOrigin(headers.origin, headers.host, trustedOrigins)) return next(new Error(ErrorCode.crossOrigin));
    services.auth.personOfCookieHeader(headers.cookie).then(
      (person) => {
        if (!person) return next(new Error(ErrorCode.unauthorized));
        socket.data.person = toPersonSummary(person);
        // The Redis adapter sends the handshake to other instances (fetchSockets): no bearer secret in it; `socket.request` keeps them here.
        socket.handshake.headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'cookie' && name !== 'authorization'));
        next();
      },
      () => next(new Error(ErrorCode.storeUnavailable)),
    );
  });
  io.on('connection', (socket) => {
    log.debug({ socketId: socket.id }, 'live connection');
    // What is addressed to this person (notifications) reaches every tab they have open.
    void socket.join(personRoom(socket.data.person.id));
    // Every event asks again who the session belongs to: one that ended since the handshake
    // (signed out, archived, password reset) loses its socket at its next event.
    socket.use((packet, next) => {
      services.auth.personOfCookieHeader(socket.request.headers.cookie, socket.data.person.id).then(
        (person) => {
          if (person) {
            socket.data.person = toPersonSummary(person);
            setEventPerson(socket, person);
            return next();
          }
          next(new Error(ErrorCode.unauthorized));
          socket.disconnect(true);
        },
        (err: Error) => {
          // The store is unreachable (an outage): the event is refused here, before its handler
          // could answer, so it is acknowledged here, with a reason the client can show.
          const ack = packet[packet.length - 1];
          if (typeof ack === 'function') (ack as (result: unknown) => void)({ ok: false, error: storeUnavailableAckError });
          log.info({ err: err.message, event: packet[0], socketId: socket.id }, 'live event refused: store unavailable');
          next(new Error(ErrorCode.storeUnavailable));
        },
      );
    });
    // socket.io reports a refused event here; without a listener it would be thrown.
    socket.on('error', (err) => log.debug({ err: err.message, socketId: socket.id }, 'live event refused'));
    registerRoomHandlers(io, socket, services, log);
    registerPollHandlers(io, socket, services, log);
    registerMeetingRoom(io, socket, services, log);
  });
  // ...and every `recheckMs`, so that a socket that only listens loses it too, and leaves the rooms
  // its person may no longer read; at once on `access.changed` (the one revocation path, access/recheck.ts).
  const recheck = createAccessRecheck(
    {
      hasConnections: () => io.of('/').sockets.size > 0,
      run: () => recheckSessions(io, services, log).then((people) => leaveUnreadableRooms(io, services, log, (socketId) => people.get(socketId))),
    },
    recheckMs,
    (err) => log.warn({ err: err.message }, 'live access recheck failed'),
  );
  // A changed person (role, city, archive) or document scope (a meeting's participants, a
  // proposal's partners) is checked at once, here and, through the adapter, on every instance,
  // where it is told as `access.changed` again (for both transports there).
  const offAccess = services.events.on('access.changed', ({ remote }) => {
    recheck.trigger();
    if (redis && !remote) io.serverSideEmit('access:changed');
  });
  io.on('access:changed', () => void services.events.emit('access.changed', { remote: true }));
  return {
    io,
    async close() {
      recheck.stop();
      offAccess();
      unsubscribe();
      // Only this instance's sockets: with the Redis adapter, `io.disconnectSockets` reaches every instance.
      io.local.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.allSettled(pubSub.map((c) => c.close()));
    },
  };
}

/**
 * Disconnects this instance's sockets whose session ended; a store error keeps them until the next
 * round. Returns the person, as read now, of each socket that stays.
 */
async function recheckSessions(io: LiveServer, services: Services, log: Logger): Promise<Map<string, PersonRecord>> {
  const answers = new Map<string, Promise<PersonRecord | null>>();
  const people = new Map<string, PersonRecord>();
  await Promise.all(
    [...io.of('/').sockets.values()].map(async (socket) => {
      const cookie = socket.request.headers.cookie ?? '';
      let answer = answers.get(cookie);
      if (!answer) answers.set(cookie, (answer = services.auth.personOfCookieHeader(cookie)));
      try {
        const person = await answer;
        if (person) {
          socket.data.person = toPersonSummary(person);
          people.set(socket.id, person);
        } else {
          log.info({ socketId: socket.id }, 'session ended: disconnecting live socket');
          socket.disconnect(true);
        }
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'live session recheck failed');
      }
    }),
  );
  return people;
}
