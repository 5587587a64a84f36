import { data, rpc, withSignal } from '../../lib/rpc.ts';

/** Query keys of the attribution feature. */
export const attributionKeys = {
  cities: ['attribution', 'cities'] as const,
};

/** The network's cities, to name them in the legend by city (refused to guests). */
export async function fetchCities(signal?: AbortSignal) {
  return (await data(rpc.cities.$get(undefined, withSignal(signal)))).cities;
}
