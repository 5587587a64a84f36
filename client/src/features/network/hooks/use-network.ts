import { useCallback, useEffect, useState } from 'react';
import type { City, Network } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { fetchCities, fetchNetwork } from '../api.ts';

/** The dashboard's data as the page shows it. */
export type NetworkState =
  | { status: 'loading' }
  | { status: 'ready'; network: Network; cities: City[] }
  | { status: 'error'; code: ClientErrorCode };

/**
 * Loads the network's figures and its cities together, and again on `reload()` (after a change,
 * or "Try again"); the figures are the server's, so they always match the stored cities.
 */
export function useNetwork(): { state: NetworkState; reload: () => void } {
  const [state, setState] = useState<NetworkState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([fetchNetwork(controller.signal), fetchCities(controller.signal)]).then(
      ([network, cities]) => setState({ status: 'ready', network, cities }),
      (err: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', code: errorCode(err) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}
