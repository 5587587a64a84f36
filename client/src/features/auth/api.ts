import type { Me } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

/** Who is signed in on this browser; a 401 when nobody is. */
export function fetchMe(signal?: AbortSignal): Promise<Me> {
  return api.get<Me>('/api/auth/me', signal);
}

/** Signs in: the server sets a fresh session cookie and answers with who that is. */
export async function signIn(email: string, password: string): Promise<Me> {
  const { me } = await api.post<{ me: Me }>('/api/auth/login', { email, password });
  return me;
}

/** Ends the session on the server (the cookie stops working everywhere at once). */
export function signOut(): Promise<void> {
  return api.post<void>('/api/auth/logout', {});
}
