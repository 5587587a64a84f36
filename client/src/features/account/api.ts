import type { AcceptInviteInput, ChangePasswordInput } from '@dialogo/shared';
import { data, rpc, withSignal } from '../../lib/rpc.ts';

/** Query keys of the account pages. A link's preview is asked once and not kept after the page. */
export const accountKeys = {
  invite: (token: string) => ['account', 'invite', token] as const,
  reset: (token: string) => ['account', 'reset', token] as const,
  cities: ['account', 'cities'] as const,
};

/** What an invitation link offers (network, role, city); a 410 when it was used, revoked or expired. */
export async function fetchInvitePreview(token: string, signal?: AbortSignal) {
  return (await data(rpc.invites[':token'].preview.$get({ param: { token } }, withSignal(signal)))).invite;
}

/** Accepts an invitation: the server creates the person and signs them in. */
export async function acceptInvite(token: string, input: AcceptInviteInput) {
  return (await data(rpc.invites[':token'].accept.$post({ param: { token }, json: input }))).me;
}

/** Whose password a reset link changes; a 410 when it was used or expired. */
export async function fetchResetPreview(token: string, signal?: AbortSignal) {
  return (await data(rpc['password-resets'][':token'].$get({ param: { token } }, withSignal(signal)))).reset;
}

/** Sets a new password with a reset link (which then stops working). */
export async function resetPassword(token: string, password: string): Promise<void> {
  await data(rpc['password-resets'][':token'].$post({ param: { token }, json: { password } }));
}

/** Changes the signed-in person's name or language. */
export async function updateProfile(change: { name?: string; language?: 'it' | 'en' }) {
  return (await data(rpc.me.$patch({ json: change }))).person;
}

/** Changes the signed-in person's password; their other sessions end, this one continues. */
export async function changePassword(input: ChangePasswordInput) {
  return (await data(rpc.me.password.$post({ json: input }))).me;
}

/** The cities a person may read, to name a delegate's own. */
export async function fetchCities(signal?: AbortSignal) {
  return (await data(rpc.cities.$get(undefined, withSignal(signal)))).cities;
}
