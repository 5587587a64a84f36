import type { City, CityView, Invite, InviteView, PersonView } from '@dialogo/shared';
import { can, type Actor } from '../access/policy.ts';
import { toPerson, type PersonRecord } from './people.ts';

/**
 * The network's people, cities and invitations as the API answers them: each with what its reader
 * may do with it (`can`), asked of the policy here, so the client reads rights from the answer and
 * never from a role.
 */

/** One person as `reader` sees them: no secrets, and whether they may manage them or give them a reset link. */
export function presentPerson(reader: Actor, person: PersonRecord): PersonView {
  return {
    ...toPerson(person),
    can: { manage: can(reader, 'manage', { kind: 'person', id: person.id }), resetPassword: can(reader, 'manage', { kind: 'people' }) },
  };
}

/** One city as `reader` sees it, with whether they may change or archive it. */
export function presentCity(reader: Actor, city: City): CityView {
  return { ...city, can: { manage: can(reader, 'manage', { kind: 'city', id: city.id }) } };
}

/** The cities of the network, and whether `reader` may add one. */
export function presentCities(reader: Actor, cities: readonly City[]): { cities: CityView[]; can: { create: boolean } } {
  return { cities: cities.map((city) => presentCity(reader, city)), can: { create: can(reader, 'manage', { kind: 'city' }) } };
}

/** One invitation as `reader` sees it: a pending one may be revoked by who manages people. */
export function presentInvite(reader: Actor, invite: Invite): InviteView {
  return { ...invite, can: { revoke: invite.status === 'pending' && can(reader, 'manage', { kind: 'people' }) } };
}
