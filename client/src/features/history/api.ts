import type { BlockChange, VersionSummary } from '@dialogo/shared';
import { api, ApiRequestError, NETWORK_ERROR } from '../../lib/api.ts';

const base = (name: string) => `/api/documents/${encodeURIComponent(name)}/versions`;

export async function listVersions(name: string, signal?: AbortSignal): Promise<VersionSummary[]> {
  return (await api.get<{ versions: VersionSummary[] }>(base(name), signal)).versions;
}

export async function saveVersion(name: string, label: string): Promise<VersionSummary> {
  return (await api.post<{ version: VersionSummary }>(base(name), { label })).version;
}

export function viewVersion(name: string, id: string): Promise<{ version: VersionSummary; html: string }> {
  return api.get(`${base(name)}/${encodeURIComponent(id)}`);
}

export async function compareWithCurrent(name: string, id: string): Promise<BlockChange[]> {
  return (await api.get<{ changes: BlockChange[] }>(`${base(name)}/compare?from=${encodeURIComponent(id)}&to=current`)).changes;
}

/** A version's full Yjs state, to restore from. */
export async function versionContent(name: string, id: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(`${base(name)}/${encodeURIComponent(id)}/content`);
  } catch (err) {
    throw new ApiRequestError(0, { code: NETWORK_ERROR, message: err instanceof Error ? err.message : 'network error' });
  }
  if (!res.ok) throw new ApiRequestError(res.status, { code: res.status === 403 ? 'forbidden' : 'internal_error', message: `HTTP ${res.status}` });
  return new Uint8Array(await res.arrayBuffer());
}
