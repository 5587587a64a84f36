import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { City, InviteView, PersonView } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { fetchCities, fetchInvites, fetchPeople, peopleKeys } from '../api.ts';

/** Everything the people page shows, loaded together. */
export type PeopleState =
  /** People and invitations each say what the reader may do with them (`can`). */
  { status: 'loading' } | { status: 'ready'; people: PersonView[]; invites: InviteView[]; cities: City[] } | { status: 'error'; code: ClientErrorCode };

/** People, invitations and cities (TanStack queries), and `reload()`, which refreshes them after a change. */
export function usePeople(): { state: PeopleState; reload: () => void } {
  const queryClient = useQueryClient();
  const people = useQuery({ queryKey: peopleKeys.people, queryFn: ({ signal }) => fetchPeople(signal) });
  const invites = useQuery({ queryKey: peopleKeys.invites, queryFn: ({ signal }) => fetchInvites(signal) });
  const cities = useQuery({ queryKey: peopleKeys.cities, queryFn: ({ signal }) => fetchCities(signal) });
  const all = [people, invites, cities];
  const failed = all.find((q) => q.error)?.error;
  const state: PeopleState =
    people.data && invites.data && cities.data && !failed
      ? { status: 'ready', people: people.data, invites: invites.data, cities: cities.data }
      : failed && !all.some((q) => q.isFetching)
        ? { status: 'error', code: errorCode(failed) }
        : { status: 'loading' };
  return { state, reload: () => void queryClient.invalidateQueries({ queryKey: peopleKeys.all }) };
}
