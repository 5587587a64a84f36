import type { City, Invite, InviteInput, PasswordReset, Person, Role } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

/** Everyone in the network, archived people included (coordinators). */
export async function fetchPeople(signal?: AbortSignal): Promise<Person[]> {
  return (await api.get<{ people: Person[] }>('/api/people', signal)).people;
}

/** The cities a delegate can belong to (archived ones left out). */
export async function fetchCities(signal?: AbortSignal): Promise<City[]> {
  return (await api.get<{ cities: City[] }>('/api/cities', signal)).cities;
}

/** Every invitation, newest first, with its status (pending, accepted, revoked, expired). */
export async function fetchInvites(signal?: AbortSignal): Promise<Invite[]> {
  return (await api.get<{ invites: Invite[] }>('/api/invites', signal)).invites;
}

/** Changes a person's role and city; `cityId: null` clears it. */
export async function updatePerson(id: string, change: { role?: Role; cityId?: string | null }): Promise<Person> {
  return (await api.patch<{ person: Person }>(`/api/people/${encodeURIComponent(id)}`, change)).person;
}

/** A single-use password-reset link for a person, for the coordinator to send. */
export async function issuePasswordReset(id: string): Promise<PasswordReset> {
  return (await api.post<{ reset: PasswordReset }>(`/api/people/${encodeURIComponent(id)}/password-reset`, {})).reset;
}

/** Creates an invitation; its `url` is shown now and never again. */
export async function createInvite(input: InviteInput): Promise<Invite> {
  return (await api.post<{ invite: Invite }>('/api/invites', input)).invite;
}

/** Revokes a pending invitation: its link stops working at once. */
export function revokeInvite(id: string): Promise<void> {
  return api.delete(`/api/invites/${encodeURIComponent(id)}`);
}
