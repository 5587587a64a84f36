import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import ICAL from 'ical.js';
import { ACTION_PLAN_DOC, ActionPlanShape, actionPlanRows, type MeetingView } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * A row of the action plan becomes a meeting in one step: the meeting is prefilled from the row
 * and links back to it, the row (seen live by whoever has the plan open) gets the meeting and the
 * status `scheduled`; both links are still there after a restart on the same data. The plan's
 * dated rows export as an iCalendar file.
 */

const rowsOf = (client: DocClient) => client.doc.getMap<Y.Map<string>>(ActionPlanShape.rows);
const plan = (client: DocClient) => actionPlanRows(rowsOf(client).toJSON() as Record<string, unknown>);

describe('scheduling a row of the action plan as a meeting', () => {
  let server: TestServer;
  let admin: string;
  let delegate: string;
  let cityId: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { DEMO: 'true' } });
    dirs.push(server.dataDir);
    admin = await server.adminCookie();
    const { cities } = (await (await api(server.url, '/api/cities', { cookie: admin })).json()) as { cities: { id: string; name: string }[] };
    cityId = cities.find((c) => c.name === 'Casalecchio di Reno')!.id;
    delegate = (await createMember(server.url, admin, { role: 'delegate', cityId, name: 'Delegata Casalecchio', email: 'row-meeting@example.test' })).cookie;
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    for (const dir of dirs) removeDataDir(dir);
  });

  it('creates the meeting from the row, links both ways, and keeps both links after a restart', async () => {
    const watcher = await connectDoc(server, ACTION_PLAN_DOC, { cookie: delegate });
    const row = plan(watcher).find((r) => r.event === 'Second Good Practice Exchange Meeting')!;
    rowsOf(watcher).get(row.id)!.set('experts', 'Ivana d’Alessandro');

    // Without a day the meeting has no date: a field error on the row's date.
    const noDay = await api(server.url, `/api/action-plan/rows/${row.id}/meeting`, { method: 'POST', cookie: admin });
    expect(noDay.status).toBe(400);
    expect(((await noDay.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ date: 'day-required' });

    watcher.doc.transact(() => {
      const cells = rowsOf(watcher).get(row.id)!;
      cells.set('date', '2018-04-12');
      cells.set('placeKind', 'city');
      cells.set('place', cityId);
      cells.set('support', 'Council of Europe');
      cells.set('notes', 'Theme: anti-rumours.');
    });
    const url = `/api/action-plan/rows/${row.id}/meeting`;
    // A delegate may not: coordinators schedule meetings.
    expect((await api(server.url, url, { method: 'POST', cookie: delegate })).status).toBe(403);
    // The server has the row's day; then two coordinators' clicks at once make one meeting.
    await eventually(async () => {
      const rows = await connectDoc(server, ACTION_PLAN_DOC, { cookie: admin });
      expect(plan(rows).find((r) => r.id === row.id)?.date).toBe('2018-04-12');
      rows.destroy();
    });
    const both = await Promise.all([1, 2].map(() => api(server.url, url, { method: 'POST', cookie: admin })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const created = ((await both.find((r) => r.status === 201)!.json()) as { meeting: MeetingView }).meeting;
    expect(
      ((await (await api(server.url, '/api/meetings', { cookie: admin })).json()) as { meetings: MeetingView[] }).meetings.filter(
        (m) => m.planRowId === row.id,
      ),
    ).toHaveLength(1);
    expect(created).toMatchObject({
      title: 'Second Good Practice Exchange Meeting',
      startsAt: '2018-04-12T08:00:00.000Z',
      hostCityId: cityId,
      experts: 'Ivana d’Alessandro',
      support: 'Council of Europe',
      notes: 'Theme: anti-rumours.',
      planRowId: row.id,
    });
    // The row, live for whoever has the plan open, now points at the meeting.
    await eventually(() =>
      expect(plan(watcher).find((r) => r.id === row.id)).toMatchObject({ meetingId: created.id, status: 'scheduled', experts: 'Ivana d’Alessandro' }),
    );
    // Once is enough.
    const again = await api(server.url, url, { method: 'POST', cookie: admin });
    expect(again.status).toBe(409);
    expect((await api(server.url, '/api/action-plan/rows/no-such-row/meeting', { method: 'POST', cookie: admin })).status).toBe(404);

    // The calendar of the plan holds the dated rows.
    const ics = await api(server.url, '/api/action-plan/calendar.ics', { cookie: delegate });
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const events = new ICAL.Component(ICAL.parse(await ics.text())).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const event = events.find((e) => e.summary === 'Second Good Practice Exchange Meeting')!;
    expect(event.startDate.toString()).toBe('2018-04-12');
    expect(event.location).toBe('Casalecchio di Reno');
    expect(event.description).toContain(`/meetings/${created.id}`);
    expect((await api(server.url, '/api/action-plan/calendar.ics')).status).toBe(401);
    watcher.destroy();

    // A restart on the same data keeps both links.
    await server.stop();
    server = await startServer({ dataDir: dirs[0], env: { DEMO: 'true' } });
    const admin2 = await server.adminCookie();
    const meeting = ((await (await api(server.url, `/api/meetings/${created.id}`, { cookie: admin2 })).json()) as { meeting: MeetingView }).meeting;
    expect(meeting.planRowId).toBe(row.id);
    const reader = await connectDoc(server, ACTION_PLAN_DOC, { cookie: admin2 });
    expect(plan(reader).find((r) => r.id === row.id)).toMatchObject({ meetingId: created.id, status: 'scheduled', date: '2018-04-12' });
    expect(plan(reader)).toHaveLength(8);
    expect((await api(server.url, url, { method: 'POST', cookie: admin2 })).status).toBe(409);
  });
});
