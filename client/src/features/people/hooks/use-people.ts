import { useCallback, useEffect, useState } from 'react';
import type { City, Invite, Person } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { fetchCities, fetchInvites, fetchPeople } from '../api.ts';

/** Everything the people page shows, loaded together. */
export type PeopleState =
  | { status: 'loading' }
  | { status: 'ready'; people: Person[]; invites: Invite[]; cities: City[] }
  | { status: 'error'; code: ClientErrorCode };

/** Loads people, invitations and cities, and again on `reload()` after a change. */
export function usePeople(): { state: PeopleState; reload: () => void } {
  const [state, setState] = useState<PeopleState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    Promise.all([fetchPeople(signal), fetchInvites(signal), fetchCities(signal)]).then(
      ([people, invites, cities]) => setState({ status: 'ready', people, invites, cities }),
      (err: unknown) => {
        if (!signal.aborted) setState({ status: 'error', code: errorCode(err) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}
