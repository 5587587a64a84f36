import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Meeting } from '@dialogo/shared';

/** What a scheduling message (iTIP, RFC 5546) of one meeting carries. */
export interface MeetingInviteOptions {
  calendarName: string;
  /** Where people open the meeting in Dialogo: `<origin>/meetings/<id>`. */
  origin: string;
  cityNames: ReadonlyMap<string, string>;
  /** `REQUEST`: scheduled or changed; `CANCEL`: cancelled (or no longer a participant). */
  method: 'REQUEST' | 'CANCEL';
  /** Grows with each change the participants were told of, so calendars replace the older one. */
  sequence: number;
  organizer: { name: string; email: string };
  attendee: { name?: string; email: string };
}

/**
 * One meeting as a calendar invitation sent by mail. It has the UID of the calendar exports
 * (`<id>@dialogo`, `meetings/ics.ts`), so the event a person already imported is updated or
 * removed, with `METHOD` and a `SEQUENCE` that increases with each change.
 */
export function meetingInviteIcs(m: Meeting, { calendarName, origin, cityNames, method, sequence, organizer, attendee }: MeetingInviteOptions): string {
  const calendar = ical({
    name: calendarName,
    prodId: { company: 'Dialogo', product: 'meetings', language: 'IT' },
    timezone: null,
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const url = `${origin}/meetings/${m.id}`;
  const place = [m.place, m.hostCityId ? (cityNames.get(m.hostCityId) ?? '') : ''].filter(Boolean).join(', ');
  calendar.createEvent({
    id: `${m.id}@dialogo`,
    sequence,
    start: new Date(m.startsAt),
    end: new Date(m.endsAt),
    summary: m.title,
    description: [m.notes, m.onlineUrl, url].filter(Boolean).join('\n\n'),
    location: place || (m.onlineUrl ? m.onlineUrl : null),
    url: m.onlineUrl || url,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    stamp: new Date(),
    organizer,
    attendees: [{ email: attendee.email, ...(attendee.name ? { name: attendee.name } : {}), rsvp: false }],
  });
  return calendar.toString();
}
