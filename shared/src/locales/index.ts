import en from './en.json';
import it from './it.json';
import mailEn from './mail/en.json';
import mailIt from './mail/it.json';

/**
 * The strings the server writes into documents and files (poll results in the minutes, CSV
 * headers and values, calendar descriptions, export labels), in one i18next namespace that both
 * sides share: the server translates with it (server/src/i18n), the client may register it like
 * its own namespaces. Plurals follow i18next's `_one` / `_other` suffixes.
 */
export const OUTPUT_NAMESPACE = 'output';
export const outputResources = { en, it } as const;

/**
 * The words of the mails the server sends (subjects, paragraphs, the unsubscribe page), in a
 * namespace of their own registered beside `output` in the server's one i18next instance.
 */
export const MAIL_NAMESPACE = 'mail';
export const mailResources = { en: mailEn, it: mailIt } as const;

// Both languages must have the same keys: a missing translation is a compile error.
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameKeys: SameKeys<Shape<typeof en>, Shape<typeof it>> = true;
const sameMailKeys: SameKeys<Shape<typeof mailEn>, Shape<typeof mailIt>> = true;
void sameKeys;
void sameMailKeys;
