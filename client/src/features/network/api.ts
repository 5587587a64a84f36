import type { CityInput } from '@dialogo/shared';
import { data, rpc, withSignal } from '../../lib/rpc.ts';

/** Query keys of the network feature; all under `network`, so one invalidation refreshes the page. */
export const networkKeys = {
  all: ['network'] as const,
  network: ['network', 'summary'] as const,
  cities: ['network', 'cities'] as const,
  dashboard: ['network', 'dashboard'] as const,
};

/** The network and its dashboard figures (archived cities left out of them). */
export async function fetchNetwork(signal?: AbortSignal) {
  return (await data(rpc.network.$get(undefined, withSignal(signal)))).network;
}

/** Every city, archived ones included, with its delegates, by name, what the reader may do with each and whether they may add one. */
export async function fetchCities(signal?: AbortSignal) {
  return data(rpc.cities.$get(undefined, withSignal(signal)));
}

/** Adds a member city (coordinators). */
export async function createCity(input: CityInput) {
  return (await data(rpc.cities.$post({ json: input }))).city;
}

/** Changes some fields of a city, archiving included (coordinators). */
export async function updateCity(id: string, change: Partial<CityInput>) {
  return (await data(rpc.cities[':id'].$patch({ param: { id }, json: change }))).city;
}

/** Every member city's figures (attendance, ballots, action items, proposals) and the network's summary. */
export async function fetchDashboard(signal?: AbortSignal) {
  return (await data(rpc.network.dashboard.$get(undefined, withSignal(signal)))).dashboard;
}
