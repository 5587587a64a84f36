import en from './en.json';
import it from './it.json';

/**
 * The strings the server writes into documents and files (poll results in the minutes, CSV
 * headers and values, calendar descriptions, export labels), in one i18next namespace that both
 * sides share: the server translates with it (server/src/i18n), the client may register it like
 * its own namespaces. Plurals follow i18next's `_one` / `_other` suffixes.
 */
export const OUTPUT_NAMESPACE = 'output';
export const outputResources = { en, it } as const;

// Both languages must have the same keys: a missing translation is a compile error.
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameKeys: SameKeys<Shape<typeof en>, Shape<typeof it>> = true;
void sameKeys;
