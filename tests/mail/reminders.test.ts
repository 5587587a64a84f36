import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_PATH, networkToday, type Ack, type ClientToServerEvents, type RoomState, type ServerToClientEvents } from '@dialogo/shared';
import { startServer, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { mailsTo, rawHeader, startSmtp, type TestSmtp } from './smtp.ts';

/**
 * Reminders and notifications by mail (issue 21), against a real SMTP server. Time is not faked:
 * what is reminded of is placed a few seconds past the reminder's lead (a meeting starting in 24 h
 * and 3 s), so its reminder falls due during the test; that it came at its time is read from the
 * outbox (recorded no earlier than due), never from a stopwatch.
 */
const PUBLIC_URL = 'https://dialogo.example.org';
const DAY = 24 * 3_600_000;
let smtp: TestSmtp;
let server: TestServer;
let cookie: string;
let reggio: string;
let torino: string;
let marco: Awaited<ReturnType<typeof createMember>>;
let sara: Awaited<ReturnType<typeof createMember>>;
const sockets: Socket[] = [];

interface OutboxEntry {
  id: string;
  kind: string;
  to: { address: string };
  subject: string;
  text: string;
  createdAt: string;
}

async function outbox(): Promise<OutboxEntry[]> {
  const res = await api(server.url, '/api/mail/outbox', { cookie });
  return ((await res.json()) as { mails: OutboxEntry[] }).mails;
}

/** Mails to an address whose subject matches. */
const arrived = (address: string, subject: RegExp) => mailsTo(smtp, address).filter((m) => subject.test(m.subject ?? ''));

/** The kind an unsubscribe link of a mail is for (`<address>.<kind>.<signature>`). */
function unsubscribeKind(mail: ReturnType<typeof mailsTo>[number]): string {
  const url = /^<([^>]+)>$/.exec(rawHeader(mail, 'List-Unsubscribe') ?? '')![1]!;
  expect(url.startsWith(`${PUBLIC_URL}/unsubscribe/`)).toBe(true);
  return url.split('/').pop()!.split('.')[1]!;
}

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ env: { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_RETRY_MS: '200', SCHEDULER_POLL_MS: '200' } });
  cookie = await server.adminCookie();
  await api(server.url, '/api/network', { method: 'PATCH', cookie, json: { name: 'Città del Dialogo', language: 'it' } });
  reggio = await createCity(server.url, cookie, 'Reggio Emilia');
  torino = await createCity(server.url, cookie, 'Torino');
  marco = await createMember(server.url, cookie, { role: 'delegate', cityId: reggio, name: 'Marco Ferri', email: 'marco@reggio.example', language: 'it' });
  sara = await createMember(server.url, cookie, { role: 'delegate', cityId: torino, name: 'Sara Lombardi', email: 'sara@torino.example', language: 'en' });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
  await smtp?.stop();
});

async function createMeeting(title: string, startsAt: number) {
  const res = await api(server.url, '/api/meetings', {
    method: 'POST',
    cookie,
    json: {
      title,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3_600_000).toISOString(),
      participants: { cities: [], people: [marco.person.id, sara.person.id] },
    },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { meeting: { id: string; startsAt: string } }).meeting;
}

describe('meeting reminder', () => {
  it("arrives once, 24 hours before, in each person's language; a moved meeting is reminded at its new time, a cancelled one not at all", async () => {
    const now = Date.now();
    // Cancelled and moved ones fall due first; the kept one last, so once its reminder is here theirs would have been too.
    const cancelled = await createMeeting('Cancelled meeting', now + DAY + 1500);
    const moved = await createMeeting('Moved meeting', now + DAY + 1500);
    const kept = await createMeeting('Coordination meeting', now + DAY + 5000);
    expect((await api(server.url, `/api/meetings/${cancelled.id}/cancel`, { method: 'POST', cookie })).status).toBe(200);
    const movedTo = now + DAY + 3000;
    const patched = await api(server.url, `/api/meetings/${moved.id}`, {
      method: 'PATCH',
      cookie,
      json: { startsAt: new Date(movedTo).toISOString(), endsAt: new Date(movedTo + 3_600_000).toISOString() },
    });
    expect(patched.status).toBe(200);

    await eventually(() => expect(arrived('marco@reggio.example', /^Domani: Coordination meeting/)).toHaveLength(1), { timeout: 20_000 });
    await eventually(() => expect(arrived('sara@torino.example', /^Tomorrow: Coordination meeting/)).toHaveLength(1));
    await eventually(() => expect(arrived('sara@torino.example', /^Tomorrow: Moved meeting/)).toHaveLength(1));

    const italian = arrived('marco@reggio.example', /^Domani: Coordination meeting/)[0]!;
    expect(italian.text).toContain('Gentile Marco Ferri,');
    expect(italian.text).toContain('Promemoria: la riunione «Coordination meeting» di Città del Dialogo inizia');
    expect(italian.text).toContain(`${PUBLIC_URL}/meetings/${kept.id}`);
    expect(String(italian.html)).toContain(`href="${PUBLIC_URL}/meetings/${kept.id}"`);
    expect(unsubscribeKind(italian)).toBe('reminder');
    const en = arrived('sara@torino.example', /^Tomorrow: Coordination meeting/)[0]!;
    expect(en.text).toContain('A reminder: the meeting “Coordination meeting” of Città del Dialogo starts');
    expect(en.text).toContain('You receive this mail from Città del Dialogo on Dialogo.');

    // Recorded at its time, not before: each reminder no earlier than 24 hours before its meeting.
    const mails = await outbox();
    const reminders = mails.filter((m) => m.kind === 'reminder');
    for (const [meeting, startsAt] of [
      [kept.id, Date.parse(kept.startsAt)],
      [moved.id, movedTo],
    ] as const) {
      const of = reminders.filter((m) => m.id.startsWith(`reminder:meeting:${meeting}:`));
      expect(of).toHaveLength(2);
      for (const r of of) expect(Date.parse(r.createdAt)).toBeGreaterThanOrEqual(startsAt - DAY);
    }
    // The moved meeting's reminder is for its new time only; the cancelled one has none.
    expect(reminders.filter((m) => m.id.startsWith(`reminder:meeting:${moved.id}:${new Date(movedTo).toISOString()}:`))).toHaveLength(2);
    expect(reminders.filter((m) => m.id.includes(cancelled.id))).toHaveLength(0);
  });
});

describe('poll mails', () => {
  it("opening tells every city's delegates; 24 hours before closing only the city that has not voted is reminded", async () => {
    const closesAt = new Date(Date.now() + DAY + 3000).toISOString();
    const created = await api(server.url, '/api/polls', {
      method: 'POST',
      cookie,
      json: {
        question: 'Which date for the assembly?',
        kind: 'single',
        options: ['June', 'July'],
        closesAt,
        settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'off' },
      },
    });
    expect(created.status).toBe(201);
    const { poll } = (await created.json()) as { poll: { id: string } };
    expect((await api(server.url, `/api/polls/${poll.id}/open`, { method: 'POST', cookie })).status).toBe(200);
    // Reggio Emilia votes at once; Torino does not.
    expect(
      (await api(server.url, `/api/polls/${poll.id}/vote`, { method: 'POST', cookie: marco.cookie, json: { choice: { kind: 'single', option: 'june' } } }))
        .status,
    ).toBe(200);

    await eventually(() => expect(arrived('marco@reggio.example', /^Nuova votazione: Which date/)).toHaveLength(1));
    await eventually(() => expect(arrived('sara@torino.example', /^New poll: Which date/)).toHaveLength(1));
    const opened = arrived('marco@reggio.example', /^Nuova votazione/)[0]!;
    expect(opened.text).toContain('Città del Dialogo ha aperto una votazione a cui puoi partecipare:');
    expect(opened.text).toContain('Una scheda per città: la esprime uno qualsiasi dei referenti di Reggio Emilia.');
    expect(opened.text).toContain(`Vota in Dialogo: ${PUBLIC_URL}/polls/${poll.id}`);
    expect(unsubscribeKind(opened)).toBe('poll');

    await eventually(() => expect(arrived('sara@torino.example', /^Torino has not voted yet: Which date/)).toHaveLength(1), { timeout: 20_000 });
    const reminder = arrived('sara@torino.example', /^Torino has not voted yet/)[0]!;
    expect(reminder.text).toContain('The poll “Which date for the assembly?” closes');
    expect(reminder.text).toContain('and Torino has not voted yet.');
    const recorded = (await outbox()).filter((m) => m.id.startsWith(`reminder:poll:${poll.id}:`));
    // One reminder, to Torino's delegate; none to Reggio Emilia, which voted; at its time.
    expect(recorded.map((m) => m.to.address)).toEqual(['sara@torino.example']);
    expect(Date.parse(recorded[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(closesAt) - DAY);
  });
});

describe('per-person poll mails', () => {
  it('24 hours before closing, the people who have not voted are reminded, each in their language', async () => {
    const closesAt = new Date(Date.now() + DAY + 2000).toISOString();
    const created = await api(server.url, '/api/polls', {
      method: 'POST',
      cookie,
      json: {
        question: 'Which theme for the year?',
        kind: 'single',
        options: ['Schools', 'Sport'],
        closesAt,
        settings: { ballot: 'person', anonymous: false, results: 'live', reasons: 'off' },
      },
    });
    expect(created.status).toBe(201);
    const { poll } = (await created.json()) as { poll: { id: string } };
    expect((await api(server.url, `/api/polls/${poll.id}/open`, { method: 'POST', cookie })).status).toBe(200);
    expect(
      (await api(server.url, `/api/polls/${poll.id}/vote`, { method: 'POST', cookie: sara.cookie, json: { choice: { kind: 'single', option: 'schools' } } }))
        .status,
    ).toBe(200);
    await eventually(() => expect(arrived('marco@reggio.example', /^Non hai ancora votato: Which theme/)).toHaveLength(1), { timeout: 20_000 });
    const reminder = arrived('marco@reggio.example', /^Non hai ancora votato/)[0]!;
    expect(reminder.text).toContain('La votazione «Which theme for the year?» si chiude');
    expect(reminder.text).toContain('e non hai ancora votato.');
    expect(arrived('marco@reggio.example', /^Nuova votazione: Which theme/)[0]!.text).toContain('Una scheda per persona.');
    const recorded = (await outbox()).filter((m) => m.id.startsWith(`reminder:poll:${poll.id}:`));
    expect(recorded.map((m) => m.to.address)).toEqual(['marco@reggio.example']);
  });
});

describe('proposal mails', () => {
  it("its cities' delegates are told of a status change, and of its deadline within 7 days, each once", async () => {
    const [y, m, d] = networkToday().split('-').map(Number);
    const deadline = new Date(Date.UTC(y!, m! - 1, d! + 6)).toISOString().slice(0, 10);
    const made = await api(server.url, '/api/proposals', {
      method: 'POST',
      cookie,
      json: {
        title: 'Dialogo nelle scuole',
        funderId: 'ministero-interno',
        templateId: 'ministry',
        call: 'FAMI 2026',
        deadline,
        leadCityId: reggio,
        partners: [{ cityId: torino, role: 'partner' }],
      },
    });
    expect(made.status).toBe(201);
    const { proposal } = (await made.json()) as { proposal: { id: string } };
    // The deadline is 6 days away: its 7-day reminder is due at once.
    await eventually(() => expect(arrived('marco@reggio.example', /^Scadenza tra 6 giorni: Dialogo nelle scuole/)).toHaveLength(1));
    await eventually(() => expect(arrived('sara@torino.example', /^Due in 6 days: Dialogo nelle scuole/)).toHaveLength(1));
    expect(arrived('sara@torino.example', /^Due in 6 days/)[0]!.text).toContain('The proposal “Dialogo nelle scuole” for the call “FAMI 2026” is due on');
    expect(unsubscribeKind(arrived('sara@torino.example', /^Due in 6 days/)[0]!)).toBe('proposal');

    // A change of its details schedules the same reminder again: not sent twice.
    expect((await api(server.url, `/api/proposals/${proposal.id}`, { method: 'PATCH', cookie, json: { call: 'FAMI 2026' } })).status).toBe(200);

    const moved = await api(server.url, `/api/proposals/${proposal.id}/status`, { method: 'POST', cookie, json: { status: 'in-review' } });
    expect(moved.status).toBe(200);
    await eventually(() => expect(arrived('marco@reggio.example', /^Proposta «Dialogo nelle scuole»: in revisione/)).toHaveLength(1));
    await eventually(() => expect(arrived('sara@torino.example', /^Proposal “Dialogo nelle scuole”: in review/)).toHaveLength(1));
    expect(arrived('marco@reggio.example', /^Proposta/)[0]!.text).toContain('ha spostato la proposta «Dialogo nelle scuole» da «bozza» a «in revisione».');
    await new Promise((r) => setTimeout(r, 1000));
    expect(arrived('marco@reggio.example', /^Scadenza/)).toHaveLength(1);
    expect(arrived('sara@torino.example', /^Due in/)).toHaveLength(1);
  });
});

describe('a cancelled meeting', () => {
  it('cannot be started in the room', async () => {
    const meeting = await createMeeting('Called off', Date.now() + 3 * DAY);
    expect((await api(server.url, `/api/meetings/${meeting.id}/cancel`, { method: 'POST', cookie })).status).toBe(200);
    const chair: Socket<ServerToClientEvents, ClientToServerEvents> = connect(server.url, {
      path: LIVE_PATH,
      transports: ['websocket'],
      extraHeaders: { cookie },
    });
    sockets.push(chair);
    const emit = (event: 'meeting:join' | 'meeting:control', input: object) =>
      new Promise<Ack<RoomState>>((resolve) => (chair.emit as (e: string, i: object, ack: (a: Ack<RoomState>) => void) => void)(event, input, resolve));
    expect((await emit('meeting:join', { meetingId: meeting.id })).ok).toBe(true);
    expect(await emit('meeting:control', { meetingId: meeting.id, command: 'start' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('minutes mails', () => {
  it("approved and published minutes are mailed to the meeting's participants", async () => {
    const meeting = await createMeeting('Assembly', Date.now() + 7 * DAY);
    const chair: Socket<ServerToClientEvents, ClientToServerEvents> = connect(server.url, {
      path: LIVE_PATH,
      transports: ['websocket'],
      extraHeaders: { cookie },
    });
    sockets.push(chair);
    const emit = (event: 'meeting:join' | 'meeting:control', input: object) =>
      new Promise<Ack<RoomState>>((resolve) => (chair.emit as (e: string, i: object, ack: (a: Ack<RoomState>) => void) => void)(event, input, resolve));
    expect((await emit('meeting:join', { meetingId: meeting.id })).ok).toBe(true);
    for (const command of ['start', 'end', 'approve']) expect((await emit('meeting:control', { meetingId: meeting.id, command })).ok).toBe(true);
    await eventually(() => expect(arrived('marco@reggio.example', /^Verbale approvato: Assembly/)).toHaveLength(1));
    await eventually(() => expect(arrived('sara@torino.example', /^Minutes approved: Assembly/)).toHaveLength(1));
    expect(arrived('sara@torino.example', /^Minutes approved/)[0]!.text).toContain('approved the minutes of the meeting “Assembly” of');
    expect(unsubscribeKind(arrived('sara@torino.example', /^Minutes approved/)[0]!)).toBe('minutes');

    const name = `minutes:${meeting.id}`;
    expect((await api(server.url, `/api/documents/${encodeURIComponent(name)}/publication`, { method: 'POST', cookie })).status).toBe(201);
    await eventually(() => expect(arrived('marco@reggio.example', /^Verbale pubblicato: Assembly/)).toHaveLength(1));
    await eventually(() => expect(arrived('sara@torino.example', /^Minutes published: Assembly/)).toHaveLength(1));
    // A replaced link is no new publication: no second mail.
    expect((await api(server.url, `/api/documents/${encodeURIComponent(name)}/publication`, { method: 'POST', cookie })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 800));
    expect(arrived('sara@torino.example', /^Minutes published/)).toHaveLength(1);
  });
});
