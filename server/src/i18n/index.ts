import i18next from 'i18next';
import { LANGUAGES, NETWORK_TIME_ZONE, type Language } from '@dialogo/shared';
import { MAIL_NAMESPACE, mailResources, OUTPUT_NAMESPACE, outputResources } from '@dialogo/shared/locales';

/**
 * What the server writes for people to read (results blocks in the minutes, CSV files, calendar
 * descriptions, export labels, mails) in their language: i18next over the catalogs the client shares
 * (`shared/src/locales`, namespaces `output` and `mail`), with Intl for dates and numbers in the
 * network's zone.
 *
 * Whose language: the network's (`networkLanguage`) for what goes into shared documents and files
 * everyone receives (minutes, calendars, published pages); the person's own (`personLanguage`) for
 * a download they ask for (CSV, Word, Markdown, print), which `?lang=it|en` overrides.
 */

/** A translation function fixed to one language: `t('poll.votes', { count: 2, label })`. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

const instance = i18next.createInstance();
void instance.init({
  resources: Object.fromEntries(LANGUAGES.map((lng) => [lng, { [OUTPUT_NAMESPACE]: outputResources[lng], [MAIL_NAMESPACE]: mailResources[lng] }])),
  ns: [OUTPUT_NAMESPACE, MAIL_NAMESPACE],
  defaultNS: OUTPUT_NAMESPACE,
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  // The resources are in memory: initialised synchronously, usable at once.
  initAsync: false,
  // Text written into documents and files, never into HTML unescaped: the writers escape for their format.
  interpolation: { escapeValue: false },
  returnNull: false,
  // The server logs JSON lines (pino): no banner on stdout.
  showSupportNotice: false,
});

/** `it` or `en` from whatever is given (a stored setting, a query parameter), else `fallback`. */
export function languageOf(value: unknown, fallback: Language = 'en'): Language {
  return (LANGUAGES as readonly unknown[]).includes(value) ? (value as Language) : fallback;
}

/** The translation function of a language, in the `output` namespace or the mails' (`mail`). */
export function translatorFor(language: Language, namespace: typeof OUTPUT_NAMESPACE | typeof MAIL_NAMESPACE = OUTPUT_NAMESPACE): Translate {
  // `as never`: when the client compiles the app type (http/app-type.ts), its typed i18next
  // namespaces (client/src/lib/i18n.ts) apply here too; the server's namespaces are its own.
  const fixed = instance.getFixedT(language, namespace as never);
  return (key, options) => String(fixed(key, options as never));
}

/** Short for {@link translatorFor}: `t('it')('poll.heading', { question })`. */
export const t = translatorFor;

const LOCALES: Record<Language, string> = { it: 'it-IT', en: 'en-GB' };
/** The BCP 47 locale Intl formats a language with. */
export const localeOf = (language: Language) => LOCALES[language];

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(language: Language, kind: 'date' | 'time' | 'short'): Intl.DateTimeFormat {
  const key = `${language}:${kind}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { dateStyle: 'full' }
        : kind === 'time'
          ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
          : { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat(LOCALES[language], { ...options, timeZone: NETWORK_TIME_ZONE });
    cache.set(key, f);
  }
  return f;
}

const toDate = (date: Date | string | number) => (date instanceof Date ? date : new Date(date));

/** A moment as its reader writes it, in the network's zone (Europe/Rome): "giovedì 18 giugno 2020, 10:00", "Thursday, 18 June 2020, 10:00". */
export function formatDateTime(date: Date | string | number, language: Language): string {
  const d = toDate(date);
  return `${dateFormat(language, 'date').format(d)}, ${dateFormat(language, 'time').format(d)}`;
}

/** The day of a moment in the network's zone: "giovedì 18 giugno 2020". */
export function formatDate(date: Date | string | number, language: Language): string {
  return dateFormat(language, 'date').format(toDate(date));
}

/** The time of day of a moment in the network's zone: "10:00". */
export function formatTime(date: Date | string | number, language: Language): string {
  return dateFormat(language, 'time').format(toDate(date));
}

/**
 * A stored day (`2020-06-18`) or month (`2020-06`) as its reader writes it ("giovedì 18 giugno
 * 2020", "giugno 2020"); anything else as it is. Days are calendar days, not moments: no zone.
 */
export function formatDay(day: string, language: Language, { weekday = true }: { weekday?: boolean } = {}): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(day);
  if (!m) return day;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? 1), 12));
  // Without the weekday (tables): "18 giugno 2020", "18 June 2020".
  const options: Intl.DateTimeFormatOptions = m[3]
    ? { dateStyle: weekday ? 'full' : 'long', timeZone: 'UTC' }
    : { year: 'numeric', month: 'long', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(LOCALES[language], options).format(date);
}

/**
 * A moment as spreadsheets read it in the network's zone: `2020-06-18 10:00` (ISO order, which
 * Excel and LibreOffice take as a date and time in every language).
 */
export function spreadsheetDateTime(date: Date | string | number): string {
  const parts = Object.fromEntries(
    dateFormat('en', 'short')
      .formatToParts(toDate(date))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** A number as its reader writes it (`3,5` in Italian, `3.5` in English; no grouping in files). */
export function formatNumber(value: number, language: Language, { grouping = true }: { grouping?: boolean } = {}): string {
  const key = `${language}:n:${grouping}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    // Grouped always when grouped: Italian leaves four-digit numbers ungrouped by default (`2469` beside `12.345`).
    f = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 2, useGrouping: (grouping ? 'always' : false) as unknown as boolean });
    cache.set(key, f);
  }
  return f.format(value);
}

/** A list as its reader writes it: "Torino, Arezzo e Lodi", "Torino, Arezzo and Lodi". */
export function formatList(items: readonly string[], language: Language): string {
  return new Intl.ListFormat(LOCALES[language], { style: 'long', type: 'conjunction' }).format(items);
}

/**
 * The language of a download a person asks for: `?lang=it|en` when given, else their own.
 */
export function downloadLanguage(query: string | undefined, person: { language: Language }): Language {
  return languageOf(query, person.language);
}

/** The field separator spreadsheets expect in a language: `;` where the comma is the decimal mark (Italian), `,` in English. */
export function csvSeparator(language: Language): ',' | ';' {
  return language === 'it' ? ';' : ',';
}
