import { agendaDocName, pollRoom } from '@dialogo/shared';
import type { DomainEvents } from '../ports/domain-events.ts';
import { POLLS_ROOM } from './polls.ts';
import { personRoom, type LiveServer } from './types.ts';

/** The room of a document: everyone with it open (its readers, checked at join). */
const docRoom = (name: string) => `doc:${name}`;

/**
 * The domain events live clients hear, each to the room of those who may read it; with Redis, the
 * adapter carries them to the sockets of every instance. Returns the unsubscribe.
 */
export function relayDomainEvents(io: LiveServer, events: DomainEvents): () => void {
  const off = [
    events.on('poll.changed', ({ update }) => {
      // A draft is its managers' until it opens: only its own room (which only they can join) hears of it.
      io.to(update.status === 'draft' ? [pollRoom(update.pollId)] : [pollRoom(update.pollId), POLLS_ROOM]).emit('poll:updated', update);
    }),
    events.on('notification.created', ({ personId, notification }) => {
      io.to(personRoom(personId)).emit('notification:new', notification);
    }),
    events.on('comments.changed', ({ doc, thread }) => {
      io.to(docRoom(doc)).emit('comments:changed', { doc, thread });
    }),
    events.on('suggestion.decided', ({ doc, decision }) => {
      io.to(docRoom(doc)).emit('suggestions:decided', { doc, decision });
    }),
    // Everyone on the meeting's page (in its agenda's room, whose readers are the meeting's) sees the list change.
    events.on('meeting.registrations', ({ meetingId, registrations }) => {
      io.to(docRoom(agendaDocName(meetingId))).emit('meeting:registrations', { meetingId, registrations });
    }),
    // A saved version reaches everyone with its document open (their history lists reload).
    events.on('version.saved', ({ docName }) => {
      io.to(docRoom(docName)).emit('versions:changed', { doc: docName });
    }),
  ];
  return () => off.forEach((unsubscribe) => unsubscribe());
}
