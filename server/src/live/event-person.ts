import type { People, PersonRecord } from '../network/people.ts';
import type { LiveSocket } from './types.ts';

/**
 * The person of a socket's current event, as the middleware (index.ts) has just read it with the
 * session: handlers ask the policy with it instead of reading the person a second time. Kept beside
 * the socket rather than in `socket.data`, which other instances can read: it is the whole record.
 */
const eventPeople = new WeakMap<LiveSocket, PersonRecord>();

export function setEventPerson(socket: LiveSocket, person: PersonRecord): void {
  eventPeople.set(socket, person);
}

/** The person read for this socket's event (read now if the middleware has not run for it). */
export function personOfEvent(socket: LiveSocket, people: People): Promise<PersonRecord | undefined> {
  const known = eventPeople.get(socket);
  return known ? Promise.resolve(known) : people.get(socket.data.person.id);
}
