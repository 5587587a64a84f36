import type { Language } from '@dialogo/shared';
import { formatDateTime } from '../i18n/index.ts';
import en from './locales/en.json' with { type: 'json' };
import it from './locales/it.json' with { type: 'json' };

/**
 * The words of mails, in the recipient's language: `mailText('it')('invitation.subject', { network })`.
 * Kept in `mail/locales/{en,it}.json` behind this one function so that they can move into the
 * server's i18next catalog (`server/src/i18n`, issue 20) as a namespace of their own unchanged;
 * dates already come from it.
 */
export type MailText = (key: string, vars?: Record<string, string | number>) => string;

const catalogs: Record<Language, unknown> = { en, it };

function lookup(catalog: unknown, key: string): string | undefined {
  let node: unknown = catalog;
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

export function mailText(language: Language): MailText {
  return (key, vars = {}) => {
    const template = lookup(catalogs[language], key) ?? lookup(catalogs.en, key) ?? key;
    return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => (name in vars ? String(vars[name]) : ''));
  };
}

/** A moment as the reader writes it, in the network's zone: "giovedì 18 giugno 2020, 10:00". */
export const mailDateTime = formatDateTime;
