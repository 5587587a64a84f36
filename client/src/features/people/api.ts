import type { InviteInput, Role } from '@dialogo/shared';
import { data, rpc, withSignal } from '../../lib/rpc.ts';

/** Query keys of the people page; all under `people`, so one invalidation refreshes the page. */
export const peopleKeys = {
  all: ['people'] as const,
  people: ['people', 'list'] as const,
  invites: ['people', 'invites'] as const,
  cities: ['people', 'cities'] as const,
};

/** Everyone in the network, archived people included (coordinators). */
export async function fetchPeople(signal?: AbortSignal) {
  return (await data(rpc.people.$get(undefined, withSignal(signal)))).people;
}

/** The cities a delegate can belong to (archived ones left out). */
export async function fetchCities(signal?: AbortSignal) {
  return (await data(rpc.cities.$get(undefined, withSignal(signal)))).cities;
}

/** Every invitation, newest first, with its status (pending, accepted, revoked, expired). */
export async function fetchInvites(signal?: AbortSignal) {
  return (await data(rpc.invites.$get(undefined, withSignal(signal)))).invites;
}

/** Changes a person's role and city; `cityId: null` clears it. */
export async function updatePerson(id: string, change: { role?: Role; cityId?: string | null }) {
  return (await data(rpc.people[':id'].$patch({ param: { id }, json: change }))).person;
}

/** A single-use password-reset link for a person, for the coordinator to send. */
export async function issuePasswordReset(id: string) {
  return (await data(rpc.people[':id']['password-reset'].$post({ param: { id } }))).reset;
}

/** Creates an invitation; its `url` is shown now and never again. */
export async function createInvite(input: InviteInput) {
  return (await data(rpc.invites.$post({ json: input }))).invite;
}

/** Revokes a pending invitation: its link stops working at once. */
export async function revokeInvite(id: string): Promise<void> {
  await data(rpc.invites[':id'].$delete({ param: { id } }));
}
