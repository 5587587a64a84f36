import { ErrorCode, parseDocName } from '@dialogo/shared';
import type { Logger } from '../logger.ts';
import { toActor } from '../network/people.ts';
import type { Services } from '../services.ts';
import { internalAckError, type LiveServer, type LiveSocket } from './types.ts';
import { personOfEvent } from './event-person.ts';

/** Rooms are named `doc:<documentName>`; anything else is refused. */
function isValidRoom(room: unknown): room is string {
  return typeof room === 'string' && room.startsWith('doc:') && parseDocName(room.slice(4)) !== null;
}

/** Counts the members of a room across every instance (the adapter asks the others). */
async function countMembers(io: LiveServer, room: string): Promise<number> {
  return (await io.in(room).fetchSockets()).length;
}

/** `room:join` / `room:leave`, each acknowledged; members are told the new head count. */
export function registerRoomHandlers(io: LiveServer, socket: LiveSocket, services: Services, log: Logger): void {
  const handle = (verb: 'join' | 'leave') => async (input: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    const room = (input as { room?: unknown } | null)?.room;
    if (!isValidRoom(room)) {
      return ack({ ok: false, error: { code: ErrorCode.validation, message: 'Unknown room.', fields: { room: 'invalid' } } });
    }
    try {
      if (verb === 'join') {
        // The person is read again: a role changed or archived since the handshake counts now.
        const person = await personOfEvent(socket, services.people);
        const permissions = person && !person.archived ? await services.catalog.permissions(toActor(person), room.slice(4)) : null;
        // A room of a document the person may not read is answered as one that does not exist.
        if (!permissions?.read) {
          return ack({ ok: false, error: { code: ErrorCode.notFound, message: 'Unknown room.', fields: { room: 'unknown' } } });
        }
        await socket.join(room);
      } else await socket.leave(room);
      const members = await countMembers(io, room);
      io.to(room).emit('room:members', { room, members });
      ack({ ok: true, data: { room, members } });
    } catch (err) {
      log.error({ err: (err as Error).message, socketId: socket.id }, `room:${verb} failed`);
      ack({ ok: false, error: internalAckError });
    }
  };
  socket.on('room:join', handle('join'));
  socket.on('room:leave', handle('leave'));
  socket.on('disconnecting', () => {
    for (const room of socket.rooms) {
      if (room === socket.id) continue;
      // Count after this socket is gone.
      setImmediate(
        () =>
          void countMembers(io, room)
            .then((members) => io.to(room).emit('room:members', { room, members }))
            .catch(() => {}),
      );
    }
  });
}
