import type { Me } from '@dialogo/shared';
import { data, rpc, withSignal } from '../../lib/rpc.ts';

/** Who is signed in on this browser; a 401 when nobody is. */
export function fetchMe(signal?: AbortSignal): Promise<Me> {
  return data(rpc.auth.me.$get(undefined, withSignal(signal)));
}

/** Signs in: the server sets a fresh session cookie and answers with who that is. */
export async function signIn(email: string, password: string): Promise<Me> {
  const { me } = await data(rpc.auth.login.$post({ json: { email, password } }));
  return me;
}

/** Ends the session on the server (the cookie stops working everywhere at once). */
export async function signOut(): Promise<void> {
  await data(rpc.auth.logout.$post());
}
