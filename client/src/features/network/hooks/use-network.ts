import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CityView, Network } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { fetchCities, fetchNetwork, networkKeys } from '../api.ts';

/** The dashboard's data as the page shows it. */
export type NetworkState =
  | { status: 'loading' }
  /** `canAdd`: the reader may add a city (the cities' answer says so); each city says whether they may change it. */
  | { status: 'ready'; network: Network; cities: CityView[]; canAdd: boolean }
  | { status: 'error'; code: ClientErrorCode };

/**
 * The network's figures and its cities, shown together, and `reload()` (after a change, or "Try
 * again"), which refreshes every query of the page (the cities' activity too): the figures are the
 * server's, so they always match the stored cities.
 */
export function useNetwork(): { state: NetworkState; reload: () => void } {
  const queryClient = useQueryClient();
  const network = useQuery({ queryKey: networkKeys.network, queryFn: ({ signal }) => fetchNetwork(signal) });
  const cities = useQuery({ queryKey: networkKeys.cities, queryFn: ({ signal }) => fetchCities(signal) });
  const failed = network.error ?? cities.error;
  const state: NetworkState =
    network.data && cities.data && !failed
      ? { status: 'ready', network: network.data, cities: cities.data.cities, canAdd: cities.data.can.create }
      : failed && !network.isFetching && !cities.isFetching
        ? { status: 'error', code: errorCode(failed) }
        : { status: 'loading' };
  return { state, reload: () => void queryClient.invalidateQueries({ queryKey: networkKeys.all }) };
}
