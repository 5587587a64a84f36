import { daysLeft } from '@dialogo/shared';

/** Today as `YYYY-MM-DD` in the person's own time zone. */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The deadline as a date in the interface's language. */
export function formatDay(day: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** The time left before a deadline, as a translation key and count. */
export function timeLeft(deadline: string): { key: 'deadline.today' | 'deadline.left' | 'deadline.passed'; count: number } {
  const days = daysLeft(deadline, today());
  if (days === 0) return { key: 'deadline.today', count: 0 };
  return days > 0 ? { key: 'deadline.left', count: days } : { key: 'deadline.passed', count: -days };
}

/** `it` or `en`, from i18next's language. */
export function lang(language: string): 'it' | 'en' {
  return language.startsWith('en') ? 'en' : 'it';
}
