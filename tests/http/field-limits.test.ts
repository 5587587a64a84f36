import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '@dialogo/shared';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { openPoll } from '../polls/poll-helpers.ts';

/**
 * Issue 18: every free-text field of a record has a limit the server enforces: one character past
 * it is a 400 naming the field (`too-long`), and nothing is written. One request per field, over
 * every record the API writes: meetings, polls, proposals, funders, templates, people, invitations,
 * cities, the network, documents and their versions, comments.
 */
describe('field limits on records', () => {
  let server: TestServer;
  let admin: string;
  let cityId: string;
  let delegate: string;
  let doc: string;
  let proposalId: string;
  let meetingId: string;
  let pollId: string;
  let openPollId: string;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
    cityId = await createCity(server.url, admin, 'Torino');
    delegate = (await createMember(server.url, admin, { role: 'delegate', cityId, name: 'Sara', email: 'sara@limits.test' })).cookie;
    const created = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Notes' } });
    doc = ((await created.json()) as { document: { name: string } }).document.name;
    const proposal = await api(server.url, '/api/proposals', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Proposal', funderId: 'fondazione', templateId: 'foundation', deadline: '2027-03-31', leadCityId: cityId },
    });
    expect(proposal.status, await proposal.clone().text()).toBe(201);
    proposalId = ((await proposal.json()) as { proposal: { id: string } }).proposal.id;
    const meeting = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Meeting', startsAt: '2026-06-18T08:00:00Z', endsAt: '2026-06-18T10:00:00Z' },
    });
    meetingId = ((await meeting.json()) as { meeting: { id: string } }).meeting.id;
    const poll = await api(server.url, '/api/polls', { method: 'POST', cookie: admin, json: { question: 'Q?', kind: 'single', options: ['A', 'B'] } });
    expect(poll.status, await poll.clone().text()).toBe(201);
    pollId = ((await poll.json()) as { poll: { id: string } }).poll.id;
    openPollId = await openPoll(server.url, admin, { question: 'Open?', kind: 'single', options: ['A', 'B'] });
  });

  afterAll(async () => {
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  const over = (max: number) => 'x'.repeat(max + 1);
  const meeting = { title: 'M', startsAt: '2026-06-18T08:00:00Z', endsAt: '2026-06-18T10:00:00Z' };
  const proposal = { title: 'P', funderId: 'fondazione', templateId: 'foundation', deadline: '2027-03-31', leadCityId: '' };
  const url = (length: number) => `https://meet.example.org/${'a'.repeat(length - 'https://meet.example.org/'.length)}`;

  // [what, method, path, body, the field named, who sends it]
  const cases = (): [string, string, string, unknown, string, 'admin' | 'delegate'][] => [
    ['meeting title', 'POST', '/api/meetings', { ...meeting, title: over(LIMITS.title) }, 'title', 'admin'],
    ['meeting place', 'POST', '/api/meetings', { ...meeting, place: over(LIMITS.place) }, 'place', 'admin'],
    ['meeting experts', 'POST', '/api/meetings', { ...meeting, experts: over(LIMITS.meetingPeople) }, 'experts', 'admin'],
    ['meeting notes', 'PATCH', `/api/meetings/${meetingId}`, { notes: over(LIMITS.notes) }, 'notes', 'admin'],
    ['meeting online link', 'POST', '/api/meetings', { ...meeting, onlineUrl: url(LIMITS.url + 1) }, 'onlineUrl', 'admin'],
    ['poll question', 'POST', '/api/polls', { question: over(LIMITS.question), kind: 'single', options: ['A', 'B'] }, 'question', 'admin'],
    ['poll option', 'POST', '/api/polls', { question: 'Q', kind: 'single', options: ['A', over(LIMITS.option)] }, 'options.1', 'admin'],
    ['poll description', 'PATCH', `/api/polls/${pollId}`, { description: over(LIMITS.notes) }, 'description', 'admin'],
    ['ballot reason', 'POST', `/api/polls/${openPollId}/vote`, { choice: { kind: 'single', option: 'x' }, reason: over(LIMITS.reason) }, 'reason', 'delegate'],
    ['proposal title', 'POST', '/api/proposals', { ...proposal, leadCityId: cityId, title: over(LIMITS.title) }, 'title', 'admin'],
    ['proposal funder id', 'POST', '/api/proposals', { ...proposal, leadCityId: cityId, funderId: over(LIMITS.id) }, 'funderId', 'admin'],
    ['proposal lead city id', 'POST', '/api/proposals', { ...proposal, leadCityId: over(LIMITS.id) }, 'leadCityId', 'admin'],
    ['partner role', 'PATCH', `/api/proposals/${proposalId}`, { partners: [{ cityId: 'arezzo', role: over(LIMITS.title) }] }, 'partners.0.role', 'admin'],
    ['funder name', 'POST', '/api/proposals/funders', { name: over(LIMITS.name), kind: 'foundation' }, 'name', 'admin'],
    ['city name', 'POST', '/api/cities', { name: over(LIMITS.name) }, 'name', 'admin'],
    ['city region', 'PATCH', `/api/cities/${cityId}`, { region: over(LIMITS.name) }, 'region', 'admin'],
    ['network name', 'PATCH', '/api/network', { name: over(LIMITS.name) }, 'name', 'admin'],
    ['profile name', 'PATCH', '/api/me', { name: over(LIMITS.name) }, 'name', 'delegate'],
    ['invitation name', 'POST', '/api/invites', { role: 'expert', name: over(LIMITS.name) }, 'name', 'admin'],
    ['invitation city', 'POST', '/api/invites', { role: 'delegate', cityId: over(LIMITS.id) }, 'cityId', 'admin'],
    ['document title', 'POST', '/api/documents', { title: over(LIMITS.title) }, 'title', 'admin'],
    [
      'document scope',
      'POST',
      '/api/documents',
      { title: 'Scoped', scope: { cities: Array.from({ length: LIMITS.scopeEntries + 1 }, (_, i) => `city-${i}`) } },
      'scope.cities',
      'admin',
    ],
    ['version label', 'POST', `/api/documents/${encodeURIComponent(doc)}/versions`, { label: over(LIMITS.name) }, 'label', 'admin'],
    [
      'comment',
      'POST',
      `/api/documents/${encodeURIComponent(doc)}/comments`,
      { anchor: { start: 'AA==', end: 'AA==' }, quote: '', body: over(LIMITS.notes) },
      'body',
      'admin',
    ],
  ];

  it('refuses one character past each limit with a 400 naming the field', async () => {
    const failures: string[] = [];
    for (const [what, method, path, json, field, who] of cases()) {
      const res = await api(server.url, path, { method, cookie: who === 'admin' ? admin : delegate, json });
      const body = (await res.json().catch(() => ({}))) as { error?: { fields?: Record<string, string> } };
      if (res.status !== 400 || !body.error?.fields?.[field]) failures.push(`${what}: ${res.status} ${JSON.stringify(body.error?.fields ?? body)}`);
      else if (!['too-long', 'too-many'].includes(body.error.fields[field]!)) failures.push(`${what}: ${field} is ${body.error.fields[field]}`);
    }
    expect(failures).toEqual([]);
    // Nothing was written: the only meeting, document and city are the ones made above.
    expect(((await (await api(server.url, '/api/meetings', { cookie: admin })).json()) as { meetings: unknown[] }).meetings).toHaveLength(1);
    expect(
      ((await (await api(server.url, '/api/documents', { cookie: admin })).json()) as { documents: { title: string }[] }).documents.map((d) => d.title),
    ).not.toContain('Scoped');
  });

  it('takes a value exactly at the limit', async () => {
    const res = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { ...meeting, title: 'x'.repeat(LIMITS.title), onlineUrl: url(LIMITS.url) },
    });
    expect(res.status, await res.clone().text()).toBe(201);
  });
});
