import { afterAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import * as Y from 'yjs';
import { agendaItems, AgendaShape, plannedMinutes, type MeetingView } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers } from '../helpers/server.ts';
import { api, createCity, createMember, signIn } from '../helpers/session.ts';
import { closeAllLiveClients, liveClient, type LiveClient } from '../helpers/live-client.ts';

/** Meetings over HTTP on a real server: create with field errors, who may do what, iCalendar exports, the demo meeting. */
describe('meetings', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    closeAllLiveClients();
    destroyAllDocClients();
    await stopAllServers();
    for (const dir of dirs) removeDataDir(dir);
  });

  const valid = {
    title: 'Coordination meeting',
    // 10:00-12:00 in Rome on a summer day, written with the Rome offset: stored in UTC.
    startsAt: '2026-06-18T10:00:00+02:00',
    endsAt: '2026-06-18T12:00:00+02:00',
    onlineUrl: 'https://meet.example.org/cdd',
    place: 'Online',
    notes: 'Second semester: challenges and goals.',
  };

  it('creates a meeting in UTC, refuses bad fields one by one, and lets only coordinators create', async () => {
    const server = await startServer();
    dirs.push(server.dataDir);
    const admin = await server.adminCookie();
    const cityId = await createCity(server.url, admin, 'Torino');
    const delegate = await createMember(server.url, admin, { role: 'delegate', cityId, name: 'Sara', email: 'sara@example.org' });

    const bad = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { ...valid, title: ' ', endsAt: '2026-06-18T09:00:00+02:00', onlineUrl: 'javascript:alert(1)' },
    });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { fields: Record<string, string> } };
    expect(error.fields).toMatchObject({ title: 'required', onlineUrl: 'url' });
    const badTime = await api(server.url, '/api/meetings', { method: 'POST', cookie: admin, json: { ...valid, startsAt: '18/06/2026 10:00' } });
    expect(((await badTime.json()) as { error: { fields: Record<string, string> } }).error.fields).toMatchObject({ startsAt: 'datetime' });
    const backwards = await api(server.url, '/api/meetings', { method: 'POST', cookie: admin, json: { ...valid, endsAt: '2026-06-18T09:00:00+02:00' } });
    expect(((await backwards.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ endsAt: 'end-before-start' });
    // Nothing half-written: no meeting listed after refusals.
    expect(((await (await api(server.url, '/api/meetings', { cookie: admin })).json()) as { meetings: unknown[] }).meetings).toEqual([]);

    expect((await api(server.url, '/api/meetings', { method: 'POST', cookie: delegate.cookie, json: valid })).status).toBe(403);
    const created = await api(server.url, '/api/meetings', { method: 'POST', cookie: admin, json: valid });
    expect(created.status).toBe(201);
    const { meeting } = (await created.json()) as { meeting: MeetingView };
    expect(meeting).toMatchObject({ title: valid.title, startsAt: '2026-06-18T08:00:00.000Z', endsAt: '2026-06-18T10:00:00.000Z', status: 'planned' });

    // The delegate of a network-wide meeting sees it and may edit its agenda, not manage it.
    const seen = (await (await api(server.url, `/api/meetings/${meeting.id}`, { cookie: delegate.cookie })).json()) as { meeting: MeetingView };
    expect(seen.meeting.permissions).toEqual({ read: true, edit: true, manage: false });
    expect((await api(server.url, `/api/meetings/${meeting.id}`, { method: 'PATCH', cookie: delegate.cookie, json: { title: 'Mine' } })).status).toBe(403);
    const agenda = await api(server.url, `/api/documents/${encodeURIComponent(`agenda:${meeting.id}`)}`, { cookie: delegate.cookie });
    expect(((await agenda.json()) as { permissions: unknown }).permissions).toEqual({ read: true, edit: true, manage: false });
    // The agenda belongs to its meeting and is edited there: the documents list leaves it out, the minutes stay.
    const listed = (await (await api(server.url, '/api/documents', { cookie: delegate.cookie })).json()) as { documents: { name: string }[] };
    expect(listed.documents.map((d) => d.name)).toContain(`minutes:${meeting.id}`);
    expect(listed.documents.filter((d) => d.name.startsWith('agenda:'))).toEqual([]);
    // Nor is an agenda made without its meeting.
    const looseAgenda = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Loose agenda', kind: 'agenda' } });
    expect(looseAgenda.status).toBe(400);
    expect(await looseAgenda.json()).toMatchObject({ error: { code: 'validation_failed', fields: { kind: 'meeting-only' } } });
    // Registering to attend: for oneself, once, and it can be taken back.
    for (let i = 0; i < 2; i++)
      expect((await api(server.url, `/api/meetings/${meeting.id}/registration`, { method: 'POST', cookie: delegate.cookie })).status).toBe(200);
    const registered = (await (await api(server.url, `/api/meetings/${meeting.id}`, { cookie: admin })).json()) as { meeting: MeetingView };
    expect(registered.meeting.registrations).toEqual([{ personId: delegate.person.id, name: 'Sara', cityId, at: expect.any(String) }]);
    const cancelled = await api(server.url, `/api/meetings/${meeting.id}/registration`, { method: 'DELETE', cookie: delegate.cookie });
    expect(((await cancelled.json()) as { meeting: MeetingView }).meeting.registrations).toEqual([]);

    // A meeting for Torino only, seen only by its participants: another city's delegate does not see
    // it, and is answered as for a meeting that does not exist.
    const otherCity = await createCity(server.url, admin, 'Arezzo');
    const outsider = await createMember(server.url, admin, { role: 'delegate', cityId: otherCity, name: 'Paolo', email: 'paolo@example.org' });
    const restricted = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { ...valid, title: 'Torino only', participants: { cities: [cityId] }, visibility: 'participants' },
    });
    const { meeting: torinoOnly } = (await restricted.json()) as { meeting: MeetingView };
    expect((await api(server.url, `/api/meetings/${torinoOnly.id}`, { cookie: outsider.cookie })).status).toBe(404);
    expect((await api(server.url, `/api/meetings/${torinoOnly.id}`, { cookie: delegate.cookie })).status).toBe(200);
    const outsiderList = (await (await api(server.url, '/api/meetings', { cookie: outsider.cookie })).json()) as { meetings: MeetingView[] };
    expect(outsiderList.meetings.map((m) => m.title)).toEqual([valid.title]);
    const minutesOfTorino = await api(server.url, `/api/documents/${encodeURIComponent(`minutes:${torinoOnly.id}`)}`, { cookie: outsider.cookie });
    expect(minutesOfTorino.status).toBe(404);
    // Renaming it changes only its title: it stays Torino's, for participants only.
    const renamed = await api(server.url, `/api/meetings/${torinoOnly.id}`, { method: 'PATCH', cookie: admin, json: { title: 'Torino only, renamed' } });
    expect(((await renamed.json()) as { meeting: MeetingView }).meeting).toMatchObject({
      title: 'Torino only, renamed',
      visibility: 'participants',
      participants: { cities: [cityId] },
    });
    expect((await api(server.url, `/api/meetings/${torinoOnly.id}`, { cookie: outsider.cookie })).status).toBe(404);
    // ...nor may they join its live room; Torino's delegate may.
    const outsiderSocket = await liveClient(server.url, { cookie: outsider.cookie });
    const join = (socket: LiveClient, meetingId: string) =>
      new Promise<unknown>((resolve) => (socket.emit as (e: string, i: unknown, ack: (a: unknown) => void) => void)('meeting:join', { meetingId }, resolve));
    expect(await join(outsiderSocket, torinoOnly.id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const torinoSocket = await liveClient(server.url, { cookie: delegate.cookie });
    expect(await join(torinoSocket, torinoOnly.id)).toMatchObject({ ok: true, data: { meetingId: torinoOnly.id, status: 'planned' } });

    expect((await api(server.url, '/api/meetings/no-such-meeting', { cookie: admin })).status).toBe(404);
    expect((await api(server.url, '/api/meetings')).status).toBe(401);
  });

  it('exports a meeting and the network calendar as iCalendar files that a calendar library reads', async () => {
    const server = await startServer();
    dirs.push(server.dataDir);
    const admin = await server.adminCookie();
    const created = await api(server.url, '/api/meetings', { method: 'POST', cookie: admin, json: valid });
    const { meeting } = (await created.json()) as { meeting: MeetingView };
    await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { ...valid, title: 'Anti-rumours thematic event', startsAt: '2026-09-10T09:30:00Z', endsAt: '2026-09-10T16:00:00Z' },
    });

    const one = await api(server.url, `/api/meetings/${meeting.id}/ics`, { cookie: admin });
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(await one.text()));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.summary).toBe(valid.title);
    expect(event!.startDate.toJSDate().toISOString()).toBe('2026-06-18T08:00:00.000Z');
    expect(event!.endDate.toJSDate().toISOString()).toBe('2026-06-18T10:00:00.000Z');
    expect(event!.uid).toBe(`${meeting.id}@dialogo`);
    expect(event!.description).toContain(valid.notes);

    const all = await api(server.url, '/api/meetings/calendar.ics', { cookie: admin });
    const network = new ICAL.Component(ICAL.parse(await all.text()));
    const summaries = network.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary);
    expect(summaries.sort()).toEqual(['Anti-rumours thematic event', valid.title]);
    expect((await api(server.url, '/api/meetings/calendar.ics')).status).toBe(401);
  });

  it('seeds the 18 June 2020 coordination meeting with its three-part agenda once, linked to its minutes', async () => {
    const server = await startServer({ env: { DEMO: 'true' } });
    dirs.push(server.dataDir);
    const cookie = await signIn(server.url, 'reggio-emilia@cittadeldialogo.example', 'dialogo-demo-2020');
    const { meetings } = (await (await api(server.url, '/api/meetings', { cookie })).json()) as { meetings: MeetingView[] };
    const demo = meetings.find((m) => m.id === '2020-06-18-coordination');
    expect(demo).toMatchObject({ startsAt: '2020-06-18T08:00:00.000Z', endsAt: '2020-06-18T10:00:00.000Z', status: 'planned' });
    const agenda = await connectDoc(server, 'agenda:2020-06-18-coordination', { cookie });
    const items = agendaItems(agenda.doc.getMap(AgendaShape.items).toJSON() as Record<string, unknown>);
    expect(items.filter((i) => i.depth === 0).map((i) => i.title)).toEqual([
      'Analysis of intercultural policies during the Covid-19 emergency',
      'Work plan & next steps for the Cities (2nd semester of 2020)',
      'Communication activities of the Network',
    ]);
    expect(items[0]!.presenter).toBe('Lorenzo Kihlgren Grandi');
    expect(plannedMinutes(items)).toBe(120);
    const description = agenda.doc.getMap<Y.Map<unknown>>(AgendaShape.items).get('part-1')!.get('description') as Y.XmlFragment;
    expect(description.toString()).toContain('Sciences Po');
    // The minutes of that meeting are the demo minutes, now scoped like the meeting.
    const minutes = await api(server.url, `/api/documents/${encodeURIComponent('minutes:2020-06-18-coordination')}`, { cookie });
    expect(((await minutes.json()) as { document: { title: string } }).document.title).toBe('Coordination meeting — 18 June 2020');
    agenda.destroy();

    // A restart seeds nothing twice.
    await server.stop();
    const again = await startServer({ dataDir: server.dataDir, env: { DEMO: 'true' } });
    const cookie2 = await signIn(again.url, 'reggio-emilia@cittadeldialogo.example', 'dialogo-demo-2020');
    const after = (await (await api(again.url, '/api/meetings', { cookie: cookie2 })).json()) as { meetings: MeetingView[] };
    expect(after.meetings.filter((m) => m.id === '2020-06-18-coordination')).toHaveLength(1);
    const agenda2 = await connectDoc(again, 'agenda:2020-06-18-coordination', { cookie: cookie2 });
    expect(agendaItems(agenda2.doc.getMap(AgendaShape.items).toJSON() as Record<string, unknown>)).toHaveLength(items.length);
  });
});
