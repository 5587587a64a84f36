import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { minutesSectionName, type Ack, type MeetingView, type NetworkDashboard } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { closeAllLiveClients, liveClient } from '../helpers/live-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { openPoll } from '../polls/poll-helpers.ts';

/**
 * The city dashboard's figures come from the records: a history built through the API (a meeting
 * two cities attend, a per-city poll two cities vote in, an anonymous one, action items in the
 * minutes, a proposal with a partner) shows up per city and in the network's summary.
 */
describe('the city dashboard', () => {
  let server: TestServer;
  let admin: string;
  const city: Record<'torino' | 'arezzo' | 'bari', string> = { torino: '', arezzo: '', bari: '' };
  const cookie: Record<'torino' | 'arezzo' | 'bari', string> = { torino: '', arezzo: '', bari: '' };

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
    for (const [key, name] of [
      ['torino', 'Torino'],
      ['arezzo', 'Arezzo'],
      ['bari', 'Bari'],
    ] as const) {
      city[key] = await createCity(server.url, admin, name);
      cookie[key] = (
        await createMember(server.url, admin, { role: 'delegate', cityId: city[key], name: `Delegate ${name}`, email: `${key}@dashboard.test` })
      ).cookie;
    }
    const icc = await api(server.url, `/api/cities/${city.torino}`, {
      method: 'PATCH',
      cookie: admin,
      json: { icc: { status: 'published', date: '2019-05-01' } },
    });
    expect(icc.status).toBe(200);
  });

  afterAll(async () => {
    closeAllLiveClients();
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  const dashboard = async (who: string) => {
    const res = await api(server.url, '/api/network/dashboard', { cookie: who });
    expect(res.status).toBe(200);
    return ((await res.json()) as { dashboard: NetworkDashboard }).dashboard;
  };
  const figuresOf = (d: NetworkDashboard, id: string) => d.cities.find((c) => c.cityId === id)!;

  it('counts attendance, ballots, open and overdue action items and proposals per city, as the records hold them', async () => {
    // A meeting that Torino and Arezzo attend (they join its room); Bari does not.
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Good practice exchange', startsAt: '2020-06-18T08:00:00Z', endsAt: '2020-06-18T10:00:00Z' },
    });
    const { meeting } = (await created.json()) as { meeting: MeetingView };
    for (const key of ['torino', 'arezzo'] as const) {
      const socket = await liveClient(server.url, { cookie: cookie[key] });
      const ack = await new Promise<Ack<unknown>>((resolve) => socket.emit('meeting:join', { meetingId: meeting.id }, resolve));
      expect(ack.ok).toBe(true);
    }
    // Attendance counts while the meeting runs: the chair starts it with them in the room.
    const chair = await liveClient(server.url, { cookie: admin });
    const started = await new Promise<Ack<unknown>>((resolve) => chair.emit('meeting:control', { meetingId: meeting.id, command: 'start' }, resolve));
    expect(started.ok).toBe(true);

    // Action items in its minutes: one of Torino's overdue, one of Arezzo's done, one of Bari's open.
    const minutes = await connectDoc(server, `minutes:${meeting.id}`);
    const section = minutesSectionName('work-plan');
    minutes.doc.transact(() => {
      const items: [string, string, string, string][] = [
        ['ai-1', `city:${city.torino}`, '2020-07-15', 'open'],
        ['ai-2', `city:${city.arezzo}`, '2020-07-15', 'done'],
        ['ai-3', `city:${city.bari}`, '2999-01-31', 'in-progress'],
      ];
      const fragment = minutes.doc.getXmlFragment(section);
      for (const [id, owner, due, status] of items) {
        const el = new Y.XmlElement('actionItem');
        for (const [k, v] of Object.entries({ id, owner, due, status })) el.setAttribute(k, v);
        el.insert(0, [new Y.XmlText(`Action ${id}`)]);
        fragment.insert(fragment.length, [el]);
      }
    });
    await eventually(async () =>
      expect(((await (await api(server.url, '/api/action-items', { cookie: admin })).json()) as { items: unknown[] }).items).toHaveLength(3),
    );

    // A named per-city poll, open, that Torino and Arezzo vote in; an anonymous one Bari votes in.
    const named = await openPoll(server.url, admin, {
      question: 'Host the next exchange in Torino?',
      kind: 'proposal',
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
    });
    const anonymous = await openPoll(server.url, admin, {
      question: 'Anonymous: extend the plan to 2023?',
      kind: 'proposal',
      settings: { ballot: 'city', anonymous: true, results: 'live', reasons: 'optional' },
    });
    const vote = async (id: string, who: string) => {
      const res = await api(server.url, `/api/polls/${id}/vote`, { method: 'POST', cookie: who, json: { choice: { kind: 'proposal', answer: 'agree' } } });
      expect(res.status, await res.text()).toBe(200);
    };
    await vote(named, cookie.torino);
    await vote(named, cookie.arezzo);
    await vote(anonymous, cookie.bari);

    // A proposal led by Torino with Bari as partner.
    const proposal = await api(server.url, '/api/proposals', {
      method: 'POST',
      cookie: admin,
      json: {
        title: 'Intercultural competences',
        funderId: 'fondazione',
        templateId: 'foundation',
        deadline: '2026-10-30',
        leadCityId: city.torino,
        partners: [{ cityId: city.bari }],
        durationMonths: 12,
      },
    });
    expect(proposal.status).toBe(201);

    // The figures, read by a delegate (the dashboard is the members').
    const d = await dashboard(cookie.bari);
    expect(figuresOf(d, city.torino)).toMatchObject({
      name: 'Torino',
      icc: { status: 'published', date: '2019-05-01' },
      delegates: 1,
      meetingsAttended: 1,
      pollsVoted: 1,
      pollsEligible: 1,
      openPollsNotVoted: 0,
      openActionItems: 1,
      overdueActionItems: 1,
      proposals: 1,
    });
    expect(figuresOf(d, city.arezzo)).toMatchObject({
      meetingsAttended: 1,
      pollsVoted: 1,
      openPollsNotVoted: 0,
      openActionItems: 0,
      overdueActionItems: 0,
      proposals: 0,
    });
    // Bari's anonymous ballot never shows per city: it has not voted in the named poll.
    expect(figuresOf(d, city.bari)).toMatchObject({
      meetingsAttended: 0,
      pollsVoted: 0,
      openPollsNotVoted: 1,
      openActionItems: 1,
      overdueActionItems: 0,
      proposals: 1,
    });
    expect(d.summary).toMatchObject({ cities: 3, withProfile: 1, citiesNotVoted: 1, overdueActionItems: 1 });
    expect(d.summary.openPolls.map((p) => [p.question, p.eligible, p.voted]).sort()).toEqual([
      ['Anonymous: extend the plan to 2023?', 3, 1],
      ['Host the next exchange in Torino?', 3, 2],
    ]);

    expect((await api(server.url, '/api/network/dashboard')).status).toBe(401);
  });
});
