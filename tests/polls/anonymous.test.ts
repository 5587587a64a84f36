import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, type Ack, type PollUpdate } from '@dialogo/shared';
import { closeAllLiveClients, liveClient, type LiveClient } from '../helpers/live-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { openPoll, pollView, voteLive } from './poll-helpers.ts';

/**
 * Anonymous polls name no voter anywhere: not in the HTTP answers (list, poll, CSV), not in the
 * live events, not in the acknowledgements. The test records everything three viewers receive and
 * looks for any trace of who voted. Also: who may vote, and bad input refused field by field.
 */

let server: TestServer;
let admin: string;
const ids = { cityA: '', cityB: '', cityC: '' };
const people: Record<'a' | 'b' | 'c' | 'expert', { id: string; name: string; email: string; cookie: string }> = {} as never;

beforeAll(async () => {
  server = await startServer();
  admin = await server.adminCookie();
  ids.cityA = await createCity(server.url, admin, 'Arezzo');
  ids.cityB = await createCity(server.url, admin, 'Novellara');
  ids.cityC = await createCity(server.url, admin, 'Torino');
  const make = async (key: keyof typeof people, role: 'delegate' | 'expert', name: string, cityId?: string) => {
    const email = `${key}@example.org`;
    const m = await createMember(server.url, admin, { role, cityId, name, email });
    people[key] = { id: m.person.id, name, email, cookie: m.cookie };
  };
  await make('a', 'delegate', 'Paolo Neri', ids.cityA);
  await make('b', 'delegate', 'Giulia Rinaldi', ids.cityB);
  await make('c', 'delegate', 'Sara Lombardi', ids.cityC);
  await make('expert', 'expert', 'Lorenzo Kihlgren Grandi');
});

afterAll(async () => {
  closeAllLiveClients();
  await stopAllServers();
  removeDataDir(server.dataDir);
});

/** Everything a viewer's socket receives, as JSON text. */
function record(socket: LiveClient): string[] {
  const seen: string[] = [];
  socket.onAny((event: string, ...args: unknown[]) => seen.push(JSON.stringify([event, ...args])));
  return seen;
}

describe('anonymous polls', () => {
  it('reveal no voter to any viewer, through any API or event', async () => {
    const id = await openPoll(server.url, admin, {
      question: 'Reprogramme the Anti-rumours event?',
      kind: 'proposal',
      settings: { ballot: 'city', anonymous: true, results: 'live', reasons: 'optional' },
    });
    // Viewers: the coordinator, an expert and the delegate of a city that does not vote.
    const viewers = [admin, people.expert.cookie, people.c.cookie];
    const received: string[][] = [];
    for (const cookie of viewers) {
      const socket = await liveClient(server.url, { cookie });
      received.push(record(socket));
      await new Promise((resolve) => socket.emit('polls:watch', {}, resolve));
      await new Promise((resolve) => socket.emit('poll:watch', { pollId: id }, resolve));
    }

    const a = await liveClient(server.url, { cookie: people.a.cookie });
    const ackA = await voteLive(a, id, { choice: { kind: 'proposal', answer: 'agree' }, reason: 'We can host it in October.' });
    expect(ackA.ok).toBe(true);
    const byHttp = await api(server.url, `/api/polls/${id}/vote`, {
      method: 'POST',
      cookie: people.b.cookie,
      json: { choice: { kind: 'proposal', answer: 'disagree' } },
    });
    expect(byHttp.status).toBe(200);
    expect(await voteLive(a, id, { choice: { kind: 'proposal', answer: 'abstain' } })).toMatchObject({ ok: true });

    // Every viewer got the final count live...
    for (const seen of received) {
      await eventually(() => expect(seen.some((s) => s.includes('"voted":2') && s.includes('"abstain":1') && s.includes('"disagree":1'))).toBe(true));
    }
    // ...and everything else they can ask for.
    for (const cookie of viewers) {
      const answers = [
        await (await api(server.url, '/api/polls', { cookie })).text(),
        await (await api(server.url, `/api/polls/${id}`, { cookie })).text(),
        await (await api(server.url, `/api/polls/${id}/results.csv`, { cookie })).text(),
        await (await api(server.url, `/api/polls/${id}/chart.svg`, { cookie })).text(),
      ];
      const ballots = await api(server.url, `/api/polls/${id}/ballots.csv`, { cookie });
      expect(ballots.status).toBe(403);
      received.push(answers);
    }
    const view = await pollView(server.url, admin, id);
    expect(view.results).toMatchObject({ counts: { agree: 0, disagree: 1, abstain: 1 } });
    expect(view.turnout).toEqual({ eligible: 3, voted: 2 });
    expect(view.ballots).toBeUndefined();

    const traces = [
      people.a.id,
      people.a.name,
      people.a.email,
      people.b.id,
      people.b.name,
      people.b.email,
      ids.cityA,
      ids.cityB,
      'Arezzo',
      'Novellara',
      'We can host it',
    ];
    const everything = received.flat().join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    for (const trace of traces) expect(everything, `a viewer received "${trace}"`).not.toContain(trace);
    // Not even the voter's own acknowledgement says which delegate cast the city's ballot.
    expect(JSON.stringify(ackA)).not.toContain(people.a.id);
  });

  it('omits who has not voted on anonymous polls, and names them on named polls', async () => {
    const anonymous = await openPoll(server.url, admin, {
      question: 'Score the trainings',
      kind: 'score',
      options: ['Intercultural competences', 'Anti-rumours agents'],
      settings: { ballot: 'person', anonymous: true, results: 'live', reasons: 'off', maxScore: 5 },
    });
    const named = await openPoll(server.url, admin, {
      question: 'Score the trainings (named)',
      kind: 'score',
      options: ['Intercultural competences', 'Anti-rumours agents'],
      settings: { ballot: 'person', anonymous: false, results: 'live', reasons: 'off', maxScore: 5 },
    });
    for (const id of [anonymous, named]) {
      const res = await api(server.url, `/api/polls/${id}/vote`, {
        method: 'POST',
        cookie: people.expert.cookie,
        json: { choice: { kind: 'score', scores: { 'intercultural-competences': 4 } } },
      });
      expect(res.status).toBe(200);
    }
    const a = await (await api(server.url, `/api/polls/${anonymous}`, { cookie: people.c.cookie })).text();
    expect(a).not.toContain(people.expert.name);
    expect(a).not.toContain(people.a.name);
    expect(JSON.parse(a).turnout).toEqual({ eligible: 4, voted: 1 });
    const n = await pollView(server.url, people.c.cookie, named);
    expect(n.turnout.notVoted?.map((p) => p.name).sort()).toEqual([people.b.name, people.a.name, people.c.name].sort());
    expect(n.ballots?.map((b) => b.voter.name)).toEqual([people.expert.name]);
  });
});

describe('who votes, and bad input', () => {
  it('lets only a delegate cast their own city’s ballot; coordinators run polls but do not vote', async () => {
    const id = await openPoll(server.url, admin, {
      question: 'Coordination structure',
      kind: 'single',
      options: ['Three rotating cities', 'One lead city', 'An external body'],
      settings: { ballot: 'city', anonymous: false, results: 'after-close', reasons: 'required' },
    });
    const vote = (cookie: string, json: unknown) => api(server.url, `/api/polls/${id}/vote`, { method: 'POST', cookie, json });
    const choice = { kind: 'single', option: 'one-lead-city' };
    expect((await vote(people.a.cookie, { choice, reason: 'x', cityId: ids.cityB })).status).toBe(403);
    expect((await vote(admin, { choice, reason: 'x', cityId: ids.cityA })).status).toBe(403);
    expect((await vote(people.expert.cookie, { choice, reason: 'x' })).status).toBe(403);
    const missing = await vote(people.a.cookie, { choice });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ reason: 'required' });
    const unknown = await vote(people.a.cookie, { choice: { kind: 'single', option: 'nobody' }, reason: 'x' });
    expect(((await unknown.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ choice: 'invalid' });
    expect((await vote(people.a.cookie, { choice, reason: 'A lead city can seek funding.' })).status).toBe(200);

    // Results after closing: the delegate sees turnout but not the count; the coordinator sees both.
    const delegateView = await pollView(server.url, people.b.cookie, id);
    expect(delegateView.results).toBeUndefined();
    expect(delegateView.turnout.voted).toBe(1);
    expect((await pollView(server.url, admin, id)).results).toMatchObject({ ballots: 1 });
    expect((await api(server.url, `/api/polls/${id}/results.csv`, { cookie: people.b.cookie })).status).toBe(403);
  });

  it('shows results after voting to those who voted, and to everyone once closed', async () => {
    const id = await openPoll(server.url, admin, {
      question: 'Which training first?',
      kind: 'multiple',
      options: ['Intercultural competences', 'Anti-rumours agents', 'Communication'],
      settings: { ballot: 'person', anonymous: false, results: 'after-vote', reasons: 'off', maxChoices: 2 },
    });
    expect((await pollView(server.url, people.b.cookie, id)).results).toBeUndefined();
    const voted = await api(server.url, `/api/polls/${id}/vote`, {
      method: 'POST',
      cookie: people.b.cookie,
      json: { choice: { kind: 'multiple', options: ['communication', 'anti-rumours-agents'] } },
    });
    expect(voted.status).toBe(200);
    expect((await pollView(server.url, people.b.cookie, id)).results).toMatchObject({ ballots: 1, totals: [{ total: 0 }, { total: 1 }, { total: 1 }] });
    expect((await pollView(server.url, people.c.cookie, id)).results).toBeUndefined();
    expect((await api(server.url, `/api/polls/${id}/chart.svg`, { cookie: people.c.cookie })).status).toBe(403);
    // The chart image: a bar per option, each with its number written beside it.
    const chart = await api(server.url, `/api/polls/${id}/chart.svg`, { cookie: people.b.cookie });
    expect(chart.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await chart.text();
    expect(svg).toContain('<title id="t">Which training first?</title>');
    expect([...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).slice(1)).toEqual([
      'Intercultural competences',
      '0',
      'Anti-rumours agents',
      '1',
      'Communication',
      '1',
    ]);
    await api(server.url, `/api/polls/${id}/close`, { method: 'POST', cookie: admin });
    expect((await pollView(server.url, people.c.cookie, id)).results).toMatchObject({ ballots: 1 });
  });

  it('keeps a draft to those who manage it until it opens', async () => {
    const created = await api(server.url, '/api/polls', {
      method: 'POST',
      cookie: admin,
      json: { question: 'Draft question', kind: 'single', options: ['a', 'b'], meetingId: 'coordination-2020-06-18' },
    });
    const { poll } = (await created.json()) as { poll: { id: string } };
    // A member watching the list hears nothing of the draft while it changes, and of it once it opens.
    const watcher = await liveClient(server.url, { cookie: people.b.cookie });
    const heard: PollUpdate[] = [];
    watcher.on('poll:updated', (u) => heard.push(u));
    await new Promise((resolve) => watcher.emit('polls:watch', {}, resolve));
    expect((await api(server.url, `/api/polls/${poll.id}`, { method: 'PATCH', cookie: admin, json: { question: 'Draft question, renamed' } })).status).toBe(
      200,
    );
    const listed = async (cookie: string) =>
      ((await (await api(server.url, '/api/polls', { cookie })).json()) as { polls: { poll: { id: string } }[] }).polls.map((p) => p.poll.id);
    expect(await listed(admin)).toContain(poll.id);
    expect(await listed(people.a.cookie)).not.toContain(poll.id);
    expect((await api(server.url, `/api/polls/${poll.id}`, { cookie: people.a.cookie })).status).toBe(404);
    const socket = await liveClient(server.url, { cookie: people.a.cookie });
    expect(await new Promise((resolve) => socket.emit('poll:watch', { pollId: poll.id }, resolve))).toMatchObject({
      ok: false,
      error: { code: ErrorCode.notFound },
    });
    await api(server.url, `/api/polls/${poll.id}/open`, { method: 'POST', cookie: admin });
    expect(await listed(people.a.cookie)).toContain(poll.id);
    await eventually(() =>
      expect(heard.filter((u) => u.pollId === poll.id).map((u) => [u.status, u.meetingId])).toEqual([['open', 'coordination-2020-06-18']]),
    );
  });

  it('stops sending the list’s updates to a socket that left the list (polls:unwatch)', async () => {
    const leaving = await liveClient(server.url, { cookie: people.b.cookie });
    const staying = await liveClient(server.url, { cookie: people.c.cookie });
    const heard = { leaving: [] as string[], staying: [] as string[] };
    leaving.on('poll:updated', (u) => heard.leaving.push(u.pollId));
    staying.on('poll:updated', (u) => heard.staying.push(u.pollId));
    await new Promise((resolve) => leaving.emit('polls:watch', {}, resolve));
    await new Promise((resolve) => staying.emit('polls:watch', {}, resolve));
    const before = await openPoll(server.url, admin, { question: 'Heard by both?', kind: 'single', options: ['a', 'b'] });
    await eventually(() => expect(heard.leaving).toContain(before));
    expect(await new Promise((resolve) => leaving.emit('polls:unwatch', {}, resolve))).toEqual({ ok: true, data: null });
    const after = await openPoll(server.url, admin, { question: 'Heard by one?', kind: 'single', options: ['a', 'b'] });
    await eventually(() => expect(heard.staying).toContain(after));
    expect(heard.leaving).not.toContain(after);
  });

  it('answers malformed socket.io events with an error ack and keeps serving', async () => {
    const socket = await liveClient(server.url, { cookie: people.a.cookie });
    const send = (event: string, payload: unknown) =>
      new Promise<Ack<unknown>>((resolve) =>
        (socket as unknown as { emit(e: string, p: unknown, cb: (a: Ack<unknown>) => void): void }).emit(event, payload, resolve),
      );
    expect(await send('poll:vote', null)).toMatchObject({ ok: false, error: { code: ErrorCode.validation } });
    expect(await send('poll:vote', { pollId: 'x', choice: { kind: 'nope' } })).toMatchObject({ ok: false, error: { code: ErrorCode.validation } });
    expect(await send('poll:watch', { pollId: 42 })).toMatchObject({ ok: false, error: { code: ErrorCode.validation } });
    expect(await send('poll:watch', { pollId: 'no-such-poll' })).toMatchObject({ ok: false, error: { code: ErrorCode.notFound } });
    // An event without an acknowledgement is ignored, and the server still answers.
    (socket as unknown as { emit(e: string, p: unknown): void }).emit('poll:vote', { pollId: 'x' });
    expect((await api(server.url, '/api/polls', { cookie: people.a.cookie })).status).toBe(200);
    expect(await send('polls:watch', {})).toEqual({ ok: true, data: null });
  });

  it('refuses a poll without a question or with one option, field by field, and writes nothing', async () => {
    const res = await api(server.url, '/api/polls', { method: 'POST', cookie: admin, json: { question: ' ', kind: 'ranked', options: ['Only one'] } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ question: 'required', options: 'at-least-two' });
    const before = ((await (await api(server.url, '/api/polls', { cookie: admin })).json()) as { polls: unknown[] }).polls.length;
    const forbidden = await api(server.url, '/api/polls', {
      method: 'POST',
      cookie: people.a.cookie,
      json: { question: 'Mine', kind: 'single', options: ['a', 'b'] },
    });
    expect(forbidden.status).toBe(403);
    expect(((await (await api(server.url, '/api/polls', { cookie: admin })).json()) as { polls: unknown[] }).polls.length).toBe(before);
  });
});
