import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaDocName, type MeetingView, type Registration } from '@dialogo/shared';
import { closeAllLiveClients, joinRoom, liveClient } from '../helpers/live-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Issue 18: lists that others change update live. A registration to a meeting reaches the other
 * delegates on the meeting's page (its agenda's room) without a reload; a version saved by one
 * person reaches everyone with the document open. Only readers of the meeting or document hear of it.
 */
describe('lists others change', () => {
  let server: TestServer;
  let admin: string;
  let torino: string;
  let arezzo: string;
  const people: Record<'sara' | 'paolo' | 'outsider', { cookie: string; id: string }> = {} as never;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
    [torino, arezzo] = await Promise.all([createCity(server.url, admin, 'Torino'), createCity(server.url, admin, 'Arezzo')]);
    const bari = await createCity(server.url, admin, 'Bari');
    for (const [key, cityId, name] of [
      ['sara', torino, 'Sara Lombardi'],
      ['paolo', arezzo, 'Paolo Neri'],
      ['outsider', bari, 'Outside Delegate'],
    ] as const) {
      const m = await createMember(server.url, admin, { role: 'delegate', cityId, name, email: `${key}@live-lists.test` });
      people[key] = { cookie: m.cookie, id: m.person.id };
    }
  });

  afterAll(async () => {
    closeAllLiveClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  it('sends a registration, and its withdrawal, to the other delegates on the meeting page, and to no one who may not see the meeting', async () => {
    // Restricted to Torino and Arezzo: Bari's delegate may not see it.
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: {
        title: 'Working group',
        startsAt: '2026-09-10T08:00:00Z',
        endsAt: '2026-09-10T10:00:00Z',
        participants: { cities: [torino, arezzo], people: [] },
        visibility: 'participants',
      },
    });
    expect(created.status).toBe(201);
    const { meeting } = (await created.json()) as { meeting: MeetingView };
    const room = `doc:${agendaDocName(meeting.id)}`;

    // Paolo has the meeting's page open.
    const paolo = await liveClient(server.url, { cookie: people.paolo.cookie });
    expect((await joinRoom(paolo, room)).ok).toBe(true);
    const heard: Registration[][] = [];
    paolo.on('meeting:registrations', ({ meetingId, registrations }) => {
      if (meetingId === meeting.id) heard.push(registrations);
    });
    // The outsider cannot join that room (answered as a room that does not exist).
    const outsider = await liveClient(server.url, { cookie: people.outsider.cookie });
    expect(await joinRoom(outsider, room)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const outsiderHeard: unknown[] = [];
    outsider.on('meeting:registrations', (change) => outsiderHeard.push(change));

    // Sara registers: Paolo's page hears the list with her in it.
    expect((await api(server.url, `/api/meetings/${meeting.id}/registration`, { method: 'POST', cookie: people.sara.cookie })).status).toBe(200);
    await eventually(() => expect(heard.at(-1)?.map((r) => [r.name, r.cityId])).toEqual([['Sara Lombardi', torino]]));

    // She takes it back: the list is empty again.
    expect((await api(server.url, `/api/meetings/${meeting.id}/registration`, { method: 'DELETE', cookie: people.sara.cookie })).status).toBe(200);
    await eventually(() => expect(heard.at(-1)).toEqual([]));
    expect(outsiderHeard).toEqual([]);
  });

  it('sends a saved version to everyone with the document open, so their history list updates', async () => {
    const res = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Shared notes' } });
    expect(res.status).toBe(201);
    const { document } = (await res.json()) as { document: { name: string } };
    const reader = await liveClient(server.url, { cookie: people.paolo.cookie });
    expect((await joinRoom(reader, `doc:${document.name}`)).ok).toBe(true);
    const heard: string[] = [];
    reader.on('versions:changed', ({ doc }) => heard.push(doc));

    const saved = await api(server.url, `/api/documents/${encodeURIComponent(document.name)}/versions`, {
      method: 'POST',
      cookie: people.sara.cookie,
      json: { label: 'Before the meeting' },
    });
    expect(saved.status).toBe(201);
    await eventually(() => expect(heard).toEqual([document.name]));
    // What the list then reads has the new version.
    const list = (await (await api(server.url, `/api/documents/${encodeURIComponent(document.name)}/versions`, { cookie: people.paolo.cookie })).json()) as {
      versions: { label?: string }[];
    };
    expect(list.versions.map((v) => v.label)).toContain('Before the meeting');
  });
});
