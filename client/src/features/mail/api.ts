import type { PersonMailKind } from '@dialogo/shared';
import { data, rpc, withSignal } from '../../lib/rpc.ts';

/** Query keys of the mail feature. */
export const mailKeys = { outbox: ['mail', 'outbox'] as const, preferences: ['mail', 'preferences'] as const };

/** The outbox (coordinators): every mail Dialogo recorded, newest first, and whether an SMTP server delivers them. */
export function fetchOutbox(signal?: AbortSignal) {
  return data(rpc.mail.outbox.$get(undefined, withSignal(signal)));
}

export async function fetchMailPreferences(signal?: AbortSignal) {
  return (await data(rpc.me['mail-preferences'].$get(undefined, withSignal(signal)))).preferences;
}

export async function saveMailPreferences(change: Partial<Record<PersonMailKind, boolean>>) {
  return (await data(rpc.me['mail-preferences'].$patch({ json: change }))).preferences;
}
