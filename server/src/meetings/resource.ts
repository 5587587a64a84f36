import type { Meeting } from '@dialogo/shared';
import type { ParticipantScope, Resource } from '../access/policy.ts';

/** The policy's participant scope of a meeting (its agenda and minutes inherit it). */
export function meetingScope(m: Pick<Meeting, 'participants' | 'visibility'>): ParticipantScope {
  const restricted = m.visibility === 'participants';
  return {
    cities: m.participants.cities,
    people: m.participants.people,
    guests: [],
    restricted,
    open: !restricted && m.participants.cities.length === 0 && m.participants.people.length === 0,
  };
}

/** The policy's resource for a meeting. */
export function meetingResource(m: Pick<Meeting, 'participants' | 'visibility'>): Resource {
  return { kind: 'meeting', scope: meetingScope(m) };
}
