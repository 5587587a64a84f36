import type { MailPreferences, OutboxMail, PersonMailKind } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

/** The outbox (coordinators): every mail Dialogo recorded, newest first, and whether an SMTP server delivers them. */
export function fetchOutbox(signal?: AbortSignal): Promise<{ mails: OutboxMail[]; delivers: boolean }> {
  return api.get('/api/mail/outbox', signal);
}

export async function fetchMailPreferences(signal?: AbortSignal): Promise<MailPreferences> {
  return (await api.get<{ preferences: MailPreferences }>('/api/me/mail-preferences', signal)).preferences;
}

export async function saveMailPreferences(change: Partial<Record<PersonMailKind, boolean>>): Promise<MailPreferences> {
  return (await api.patch<{ preferences: MailPreferences }>('/api/me/mail-preferences', change)).preferences;
}
