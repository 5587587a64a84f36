import { data, rpc, withSignal } from '../../lib/rpc.ts';

const versions = rpc.documents[':name'].versions;

/** Query keys of the history panel. */
export const historyKeys = { versions: (name: string) => ['history', name, 'versions'] as const };
const version = (name: string, id: string) => ({ param: { name, id } });

export async function listVersions(name: string, signal?: AbortSignal) {
  return (await data(versions.$get({ param: { name } }, withSignal(signal)))).versions;
}

export async function saveVersion(name: string, label: string) {
  return (await data(versions.$post({ param: { name }, json: { label } }))).version;
}

export function viewVersion(name: string, id: string) {
  return data(versions[':id'].$get(version(name, id)));
}

export async function compareWithCurrent(name: string, id: string) {
  return (await data(versions.compare.$get({ param: { name }, query: { from: id, to: 'current' } }))).changes;
}

/** A version's full Yjs state, to restore from (a refusal is thrown with the server's code). */
export async function versionContent(name: string, id: string): Promise<Uint8Array> {
  const res = await versions[':id'].content.$get(version(name, id));
  return new Uint8Array(await res.arrayBuffer());
}
