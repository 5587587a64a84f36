import type { AcceptInviteInput, ChangePasswordInput, InvitePreview, Me, Person } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

/** What an invitation link offers (network, role, city); a 410 when it was used, revoked or expired. */
export async function fetchInvitePreview(token: string, signal?: AbortSignal): Promise<InvitePreview> {
  return (await api.get<{ invite: InvitePreview }>(`/api/invites/${encodeURIComponent(token)}/preview`, signal)).invite;
}

/** Accepts an invitation: the server creates the person and signs them in. */
export async function acceptInvite(token: string, input: AcceptInviteInput): Promise<Me> {
  return (await api.post<{ me: Me }>(`/api/invites/${encodeURIComponent(token)}/accept`, input)).me;
}

/** Whose password a reset link changes; a 410 when it was used or expired. */
export async function fetchResetPreview(token: string, signal?: AbortSignal): Promise<{ email: string }> {
  return (await api.get<{ reset: { email: string } }>(`/api/password-resets/${encodeURIComponent(token)}`, signal)).reset;
}

/** Sets a new password with a reset link (which then stops working). */
export function resetPassword(token: string, password: string): Promise<void> {
  return api.post(`/api/password-resets/${encodeURIComponent(token)}`, { password });
}

/** Changes the signed-in person's name or language. */
export async function updateProfile(change: { name?: string; language?: 'it' | 'en' }): Promise<Person> {
  return (await api.patch<{ person: Person }>('/api/me', change)).person;
}

/** Changes the signed-in person's password; their other sessions end, this one continues. */
export async function changePassword(input: ChangePasswordInput): Promise<Me> {
  return (await api.post<{ me: Me }>('/api/me/password', input)).me;
}
