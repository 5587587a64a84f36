/**
 * Dates the network knows only to the month (`2016-06`, "June 2016") or to the day
 * (`2018-05-12`), written out in the interface language.
 */
export function formatPartialDate(value: string, language: string): string {
  const [year, month, day] = value.split('-').map(Number);
  if (!year || !month) return value;
  // Noon UTC, shown in UTC: the same calendar day in every time zone.
  const date = new Date(Date.UTC(year, month - 1, day ?? 1, 12));
  const options: Intl.DateTimeFormatOptions = day ? { dateStyle: 'long', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(language, options).format(date);
}

/** An instant (ISO string) as a date and time in the interface language. */
export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
