import { Hono } from 'hono';
import { ErrorCode, MeetingInputSchema, MeetingPatchSchema, type Meeting } from '@dialogo/shared';
import { can, type Actor } from '../access/policy.ts';
import type { Config } from '../config.ts';
import { meetingsToIcs } from '../meetings/ics.ts';
import { meetingResource, type Meetings } from '../meetings/meetings.ts';
import { presentMeeting } from '../meetings/presenter.ts';
import { AppError } from '../errors.ts';
import type { Cities } from '../network/cities.ts';
import type { MailMessages } from '../mail/messages.ts';
import type { MailNotices } from '../mail/notices.ts';
import { downloadLanguage } from '../i18n/index.ts';
import type { DomainEvents } from '../ports/domain-events.ts';
import { toActor } from '../network/people.ts';
import { authorize, publicOrigin, requirePerson, type ApiContext, type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';

interface MeetingRouteDeps {
  meetings: Meetings;
  cities: Cities;
  mail: MailMessages;
  notices: MailNotices;
  events: DomainEvents;
  config: Pick<Config, 'PUBLIC_URL'>;
}

/** `/api/meetings`: the network's meetings, one meeting, iCalendar exports; changes by coordinators. */
export function meetingRoutes({ meetings, cities, mail, notices, events, config }: MeetingRouteDeps) {
  // Everyone on the meeting's page (in its agenda's room, whose readers are the meeting's) sees the list change.
  const tellRegistrations = (meeting: Meeting) =>
    void events.emit('meeting.registrations', { meetingId: meeting.id, registrations: meeting.registrations ?? [] });
  /** The meeting `actor` may register for (or take it back): its view's `can.register`, else 404 or 409. */
  const registrable = async (actor: Actor, id: string) => {
    const meeting = await meetings.readable(actor, id);
    if (!presentMeeting(actor, meeting).can.register) throw new AppError(ErrorCode.conflict, 409, 'This meeting takes no registrations any more.');
    return meeting;
  };

  const ics = async (c: ApiContext, list: Parameters<typeof meetingsToIcs>[0], filename: string) => {
    const network = await cities.network();
    const cityNames = new Map((await cities.list()).map((city) => [city.id, city.name]));
    c.header('Content-Type', 'text/calendar; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${filename}"`);
    // Fetched with the person's session: its labels in their language (or `?lang=`).
    const language = downloadLanguage(c.req.query('lang'), requirePerson(c));
    return c.body(meetingsToIcs(list, { calendarName: network.name, origin: publicOrigin(c, config.PUBLIC_URL), cityNames, language }));
  };

  return (
    new Hono<ApiEnv>()
      .get('/', async (c) => {
        const actor = toActor(requirePerson(c));
        const list = (await meetings.list()).filter((m) => can(actor, 'read', meetingResource(m)));
        // What the reader may do with the list: schedule a meeting (a network-wide one, the widest).
        const create = can(actor, 'manage', meetingResource({ participants: { cities: [], people: [] }, visibility: 'network' }));
        return c.json({ meetings: list.map((m) => meetings.view(actor, m)), can: { create } });
      })
      .post('/', validJson(MeetingInputSchema), async (c) => {
        const input = c.req.valid('json');
        const by = authorize(c, 'manage', meetingResource(input));
        const meeting = await meetings.create(input);
        // Its participants get a calendar invitation by mail.
        await mail.meeting(meeting, by, publicOrigin(c, config.PUBLIC_URL));
        // Its reminder 24 hours before follows the start, or goes with a cancellation.
        await notices.meetingChanged(meeting, publicOrigin(c, config.PUBLIC_URL));
        return c.json({ meeting: meetings.view(toActor(requirePerson(c)), meeting) }, 201);
      })
      // The network's calendar: every meeting the person may see.
      .get('/calendar.ics', async (c) => {
        const actor = toActor(requirePerson(c));
        return ics(
          c,
          (await meetings.list()).filter((m) => can(actor, 'read', meetingResource(m))),
          'dialogo-meetings.ics',
        );
      })
      .get('/:id', async (c) => {
        const actor = toActor(requirePerson(c));
        return c.json({ meeting: meetings.view(actor, await meetings.readable(actor, c.req.param('id'))) });
      })
      .get('/:id/ics', async (c) => {
        const actor = toActor(requirePerson(c));
        const meeting = await meetings.readable(actor, c.req.param('id'));
        return ics(c, [meeting], `${meeting.id}.ics`);
      })
      // Registering to attend (or taking it back): anyone who may see the meeting, for themselves.
      .post('/:id/registration', async (c) => {
        const person = requirePerson(c);
        const actor = toActor(person);
        const current = await registrable(actor, c.req.param('id'));
        const at = new Date().toISOString();
        const meeting =
          (await meetings.update(current.id, (m) => {
            const list = m.registrations ?? [];
            if (list.some((r) => r.personId === person.id)) return undefined;
            return { ...m, registrations: [...list, { personId: person.id, name: person.name, cityId: person.cityId ?? null, at }] };
          })) ?? current;
        const stored = (await meetings.get(meeting.id)) ?? meeting;
        tellRegistrations(stored);
        return c.json({ meeting: meetings.view(actor, stored) });
      })
      .delete('/:id/registration', async (c) => {
        const person = requirePerson(c);
        const actor = toActor(person);
        const current = await registrable(actor, c.req.param('id'));
        await meetings.update(current.id, (m) => {
          const list = m.registrations ?? [];
          return list.some((r) => r.personId === person.id) ? { ...m, registrations: list.filter((r) => r.personId !== person.id) } : undefined;
        });
        const stored = (await meetings.get(current.id)) ?? current;
        tellRegistrations(stored);
        return c.json({ meeting: meetings.view(actor, stored) });
      })
      .patch('/:id', validJson(MeetingPatchSchema), async (c) => {
        const actor = toActor(requirePerson(c));
        const current = await meetings.readable(actor, c.req.param('id'));
        const change = c.req.valid('json');
        const by = authorize(c, 'manage', meetingResource(current));
        const meeting = await meetings.patch(current.id, change);
        // A change of title, time, place or participants is mailed with the updated invitation.
        await mail.meeting(meeting, by, publicOrigin(c, config.PUBLIC_URL));
        // Its reminder 24 hours before follows the start, or goes with a cancellation.
        await notices.meetingChanged(meeting, publicOrigin(c, config.PUBLIC_URL));
        return c.json({ meeting: meetings.view(actor, meeting) });
      })
      // Cancelling (coordinators): marked on the meeting, its participants get a calendar cancellation.
      .post('/:id/cancel', async (c) => {
        const actor = toActor(requirePerson(c));
        const current = await meetings.readable(actor, c.req.param('id'));
        const by = authorize(c, 'manage', meetingResource(current));
        const at = new Date().toISOString();
        const meeting =
          (await meetings.update(current.id, (m) => (m.cancelledAt ? undefined : { ...m, cancelledAt: at }))) ?? (await meetings.get(current.id)) ?? current;
        await mail.meeting(meeting, by, publicOrigin(c, config.PUBLIC_URL));
        // Its reminder 24 hours before follows the start, or goes with a cancellation.
        await notices.meetingChanged(meeting, publicOrigin(c, config.PUBLIC_URL));
        return c.json({ meeting: meetings.view(actor, meeting) });
      })
  );
}
