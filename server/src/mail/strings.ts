import type { Language } from '@dialogo/shared';
import { MAIL_NAMESPACE } from '@dialogo/shared/locales';
import { formatDateTime, translatorFor, type Translate } from '../i18n/index.ts';

/**
 * The words of mails, in the recipient's language: `mailText('it')('invitation.subject', { network })`.
 * They live in the server's one translation layer (`server/src/i18n`), in the `mail` namespace
 * (`shared/src/locales/mail/{en,it}.json`, the same keys in both, checked at compile time and by a
 * test), with i18next's plurals (`_one` / `_other` with `count`).
 */
export type MailText = Translate;

export function mailText(language: Language): MailText {
  return translatorFor(language, MAIL_NAMESPACE);
}

/** A moment as the reader writes it, in the network's zone: "giovedì 18 giugno 2020, 10:00". */
export const mailDateTime = formatDateTime;
