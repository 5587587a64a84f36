import ical, { ICalEventStatus } from 'ical-generator';
import { NETWORK_TIME_ZONE, type Language, type Meeting } from '@dialogo/shared';
import { translatorFor } from '../i18n/index.ts';

/** Options of an iCalendar export. */
export interface IcsOptions {
  /** Name of the calendar (the network's). */
  calendarName: string;
  /** Where people open a meeting in Dialogo: `<origin>/meetings/<id>`. */
  origin: string;
  /** Host city names by id, for the location. */
  cityNames: ReadonlyMap<string, string>;
  /** The language of the descriptions' labels (the reader's). */
  language: Language;
}

/**
 * An iCalendar (RFC 5545) file of meetings, built by ical-generator. Times are written in UTC
 * (`...Z`) exactly as stored, so every calendar shows them in its own zone; the calendar names the
 * network's zone as its default.
 */
export function meetingsToIcs(meetings: readonly Meeting[], { calendarName, origin, cityNames, language }: IcsOptions): string {
  const t = translatorFor(language);
  const calendar = ical({ name: calendarName, prodId: { company: 'Dialogo', product: 'meetings', language: language.toUpperCase() }, timezone: null });
  calendar.x([{ key: 'X-WR-TIMEZONE', value: NETWORK_TIME_ZONE }]);
  for (const m of meetings) {
    const url = `${origin}/meetings/${m.id}`;
    const place = [m.place, m.hostCityId ? (cityNames.get(m.hostCityId) ?? '') : ''].filter(Boolean).join(', ');
    calendar.createEvent({
      id: `${m.id}@dialogo`,
      start: new Date(m.startsAt),
      end: new Date(m.endsAt),
      summary: m.title,
      description: [
        m.notes,
        m.onlineUrl ? t('calendar.online', { url: m.onlineUrl }) : '',
        m.experts ? t('calendar.experts', { experts: m.experts }) : '',
        m.support ? t('calendar.support', { support: m.support }) : '',
        url,
      ]
        .filter(Boolean)
        .join('\n\n'),
      location: place || (m.onlineUrl ? m.onlineUrl : null),
      url: m.onlineUrl || url,
      status: ICalEventStatus.CONFIRMED,
      stamp: new Date(m.createdAt),
    });
  }
  return calendar.toString();
}
