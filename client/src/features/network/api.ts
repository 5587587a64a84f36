import type { City, CityInput, Network, NetworkDashboard } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

/** The network and its dashboard figures (archived cities left out of them). */
export async function fetchNetwork(signal?: AbortSignal): Promise<Network> {
  return (await api.get<{ network: Network }>('/api/network', signal)).network;
}

/** Every city, archived ones included, with its delegates, by name. */
export async function fetchCities(signal?: AbortSignal): Promise<City[]> {
  return (await api.get<{ cities: City[] }>('/api/cities', signal)).cities;
}

/** Adds a member city (coordinators). */
export async function createCity(input: CityInput): Promise<City> {
  return (await api.post<{ city: City }>('/api/cities', input)).city;
}

/** Changes some fields of a city, archiving included (coordinators). */
export async function updateCity(id: string, change: Partial<CityInput>): Promise<City> {
  return (await api.patch<{ city: City }>(`/api/cities/${encodeURIComponent(id)}`, change)).city;
}

/** Every member city's figures (attendance, ballots, action items, proposals) and the network's summary. */
export async function fetchDashboard(signal?: AbortSignal): Promise<NetworkDashboard> {
  return (await api.get<{ dashboard: NetworkDashboard }>('/api/network/dashboard', signal)).dashboard;
}
