import { meetingRoom, pollRoom } from '@dialogo/shared';
import { can, type PersonActor } from '../access/policy.ts';
import type { Logger } from '../logger.ts';
import { meetingResource } from '../meetings/meetings.ts';
import { toActor, type PersonRecord } from '../network/people.ts';
import { canSee } from '../polls/service.ts';
import type { Services } from '../services.ts';
import { personRoom, type LiveServer } from './types.ts';
import { mayWatchPolls, POLLS_ROOM } from './polls.ts';

const DOC_PREFIX = 'doc:';
const MEETING_PREFIX = meetingRoom('');
const POLL_PREFIX = pollRoom('');

/**
 * Whether `actor` may still read what a room carries, asked of the policy as at the room's join.
 * A room of no known kind, or whose document, meeting or poll is gone, is not readable.
 */
export async function mayReadRoom(services: Services, actor: PersonActor, room: string): Promise<boolean> {
  if (room === personRoom(actor.id)) return true;
  if (room === POLLS_ROOM) return mayWatchPolls(actor);
  if (room.startsWith(DOC_PREFIX)) return !!(await services.catalog.permissions(actor, room.slice(DOC_PREFIX.length)))?.read;
  if (room.startsWith(MEETING_PREFIX)) {
    const meeting = await services.meetings.get(room.slice(MEETING_PREFIX.length));
    return !!meeting && can(actor, 'read', meetingResource(meeting));
  }
  if (room.startsWith(POLL_PREFIX)) {
    const poll = await services.polls.get(room.slice(POLL_PREFIX.length));
    return !!poll && canSee(actor, poll);
  }
  return false;
}

/**
 * Takes this instance's sockets out of the rooms their person may no longer read (removed from a
 * meeting, moved to another city, a document's scope narrowed...), and tells each socket which
 * room it lost. Joins are checked once; this is what keeps a room's later events from someone who
 * lost the right since. `personOf` gives each socket's person as its session reads now. Answers
 * are shared within a round; one that fails keeps the socket in the room until the next round.
 */
export async function leaveUnreadableRooms(
  io: LiveServer,
  services: Services,
  log: Logger,
  personOf: (socketId: string) => PersonRecord | undefined,
): Promise<void> {
  const answers = new Map<string, Promise<boolean>>();
  const left = new Set<string>();
  await Promise.all(
    [...io.of('/').sockets.values()].map(async (socket) => {
      const person = personOf(socket.id);
      if (!person) return;
      const actor = toActor(person);
      for (const room of [...socket.rooms]) {
        if (room === socket.id) continue;
        const key = `${person.id}\n${room}`;
        let answer = answers.get(key);
        if (!answer) answers.set(key, (answer = mayReadRoom(services, actor, room)));
        try {
          if (await answer) continue;
        } catch (err) {
          log.warn({ err: (err as Error).message, room }, 'live room recheck failed');
          continue;
        }
        log.info({ socketId: socket.id, room }, 'read access lost: leaving live room');
        await socket.leave(room);
        socket.emit('room:revoked', { room });
        left.add(room);
      }
    }),
  );
  // The document rooms' members hear the new head count (meeting rooms' presence sweep tells theirs).
  for (const room of left) {
    if (!room.startsWith(DOC_PREFIX)) continue;
    const members = (await io.in(room).fetchSockets()).length;
    io.to(room).emit('room:members', { room, members });
  }
}
