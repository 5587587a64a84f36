import ICAL from 'ical.js';
import * as Y from 'yjs';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { mailsTo, rawHeader, startSmtp, type TestSmtp } from './smtp.ts';

const PUBLIC_URL = 'https://dialogo.example.org';
let smtp: TestSmtp;
let server: TestServer;
let cookie: string;
let marco: Awaited<ReturnType<typeof createMember>>;
let sara: Awaited<ReturnType<typeof createMember>>;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ env: { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_RETRY_MS: '200', MAIL_DIGEST_MINUTES: '0.01' } });
  cookie = await server.adminCookie();
  await api(server.url, '/api/network', { method: 'PATCH', cookie, json: { name: 'Città del Dialogo', language: 'it' } });
  const reggio = await createCity(server.url, cookie, 'Reggio Emilia');
  const torino = await createCity(server.url, cookie, 'Torino');
  marco = await createMember(server.url, cookie, { role: 'delegate', cityId: reggio, name: 'Marco Ferri', email: 'marco@reggio.example', language: 'it' });
  sara = await createMember(server.url, cookie, { role: 'delegate', cityId: torino, name: 'Sara Lombardi', email: 'sara@torino.example', language: 'en' });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

/** The calendar event of a mail's iCalendar part, with the calendar's METHOD. */
function calendarOf(mail: ParsedMail) {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  expect(part, 'an iCalendar part').toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(part!.content.toString('utf8')));
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    start: event.startDate.toJSDate().toISOString(),
  };
}

const meetingInput = {
  title: 'Coordination meeting',
  startsAt: '2026-06-18T10:00:00+02:00',
  endsAt: '2026-06-18T12:00:00+02:00',
  onlineUrl: 'https://meet.example.org/dialogo',
};

describe('meeting mails', () => {
  it("scheduled, changed, cancelled: one UID, SEQUENCE increasing, METHOD REQUEST then CANCEL, in each person's language", async () => {
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie,
      json: { ...meetingInput, participants: { cities: [], people: [marco.person.id, sara.person.id] } },
    });
    expect(created.status).toBe(201);
    const { meeting } = (await created.json()) as { meeting: { id: string } };
    await eventually(() => expect(mailsTo(smtp, 'marco@reggio.example')).toHaveLength(1));
    await eventually(() => expect(mailsTo(smtp, 'sara@torino.example')).toHaveLength(1));
    const first = calendarOf(mailsTo(smtp, 'marco@reggio.example')[0]!);
    expect(first).toMatchObject({ method: 'REQUEST', uid: `${meeting.id}@dialogo`, summary: 'Coordination meeting', start: '2026-06-18T08:00:00.000Z' });
    expect(mailsTo(smtp, 'marco@reggio.example')[0]!.subject).toMatch(/^Riunione: Coordination meeting, giovedì 18 giugno 2026/);
    expect(mailsTo(smtp, 'sara@torino.example')[0]!.subject).toMatch(/^Meeting: Coordination meeting, Thursday/);

    // Notes only: no mail. The time: an update.
    await api(server.url, `/api/meetings/${meeting.id}`, { method: 'PATCH', cookie, json: { notes: 'bring the action plan' } });
    const moved = await api(server.url, `/api/meetings/${meeting.id}`, {
      method: 'PATCH',
      cookie,
      json: { startsAt: '2026-06-19T10:00:00+02:00', endsAt: '2026-06-19T12:00:00+02:00' },
    });
    expect(moved.status).toBe(200);
    await eventually(() => expect(mailsTo(smtp, 'marco@reggio.example')).toHaveLength(2));
    const second = calendarOf(mailsTo(smtp, 'marco@reggio.example')[1]!);
    expect(second.uid).toBe(first.uid);
    expect(second.method).toBe('REQUEST');
    expect(second.sequence).toBeGreaterThan(first.sequence);
    expect(second.start).toBe('2026-06-19T08:00:00.000Z');
    expect(mailsTo(smtp, 'marco@reggio.example')[1]!.subject).toMatch(/^Riunione modificata/);

    const cancelled = await api(server.url, `/api/meetings/${meeting.id}/cancel`, { method: 'POST', cookie });
    expect(cancelled.status).toBe(200);
    await eventually(() => expect(mailsTo(smtp, 'sara@torino.example')).toHaveLength(3));
    const third = calendarOf(mailsTo(smtp, 'sara@torino.example')[2]!);
    expect(third.method).toBe('CANCEL');
    expect(third.uid).toBe(first.uid);
    expect(third.sequence).toBeGreaterThan(second.sequence);
    expect(mailsTo(smtp, 'sara@torino.example')[2]!.subject).toMatch(/^Meeting cancelled/);
    // Cancelling twice tells no one again.
    await api(server.url, `/api/meetings/${meeting.id}/cancel`, { method: 'POST', cookie });
    await new Promise((r) => setTimeout(r, 800));
    expect(mailsTo(smtp, 'sara@torino.example')).toHaveLength(3);
  });
});

describe('one-click unsubscribe', () => {
  it('POST to the List-Unsubscribe URL without a session stops that kind for that person only; a tampered token is refused', async () => {
    const before = { marco: mailsTo(smtp, 'marco@reggio.example').length, sara: mailsTo(smtp, 'sara@torino.example').length };
    const last = mailsTo(smtp, 'marco@reggio.example').at(-1)!;
    const url = /^<([^>]+)>$/.exec(rawHeader(last, 'List-Unsubscribe')!)![1]!;
    expect(url.startsWith(`${PUBLIC_URL}/unsubscribe/`)).toBe(true);
    const path = url.slice(PUBLIC_URL.length);
    const token = path.slice('/unsubscribe/'.length);

    // Tampered: the same signature with another kind, another signature, someone else's address.
    const [addr, , sig] = token.split('.');
    const forged = [
      `${addr}.mention.${sig}`,
      `${addr}.meeting.${sig!.slice(0, -2)}AA`,
      `${Buffer.from('sara@torino.example').toString('base64url')}.meeting.${sig}`,
    ];
    for (const bad of forged) {
      const res = await fetch(`${server.url}/unsubscribe/${bad}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(400);
    }
    // A GET (a link scanner) changes nothing: it shows the button.
    const page = await fetch(`${server.url}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');

    // The mail client's one-click POST: no cookie, no Origin.
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('marco@reggio.example');
    const prefs = await api(server.url, '/api/me/mail-preferences', { cookie: marco.cookie });
    expect(((await prefs.json()) as { preferences: Record<string, boolean> }).preferences).toMatchObject({ meeting: false, mention: true });

    // A new meeting: Sara gets it, Marco does not.
    await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie,
      json: { ...meetingInput, title: 'Second meeting', participants: { cities: [], people: [marco.person.id, sara.person.id] } },
    });
    await eventually(() => expect(mailsTo(smtp, 'sara@torino.example')).toHaveLength(before.sara + 1));
    await new Promise((r) => setTimeout(r, 800));
    expect(mailsTo(smtp, 'marco@reggio.example')).toHaveLength(before.marco);

    // Choosing again on the profile brings them back.
    const back = await api(server.url, '/api/me/mail-preferences', { method: 'PATCH', cookie: marco.cookie, json: { meeting: true } });
    expect(((await back.json()) as { preferences: Record<string, boolean> }).preferences.meeting).toBe(true);
  });
});

describe('mention digest', () => {
  it('two mentions close together reach the mentioned person as one digest mail, in their language', async () => {
    const doc = await api(server.url, '/api/documents', { method: 'POST', cookie, json: { title: 'Verbale', kind: 'minutes' } });
    expect(doc.status).toBe(201);
    const { document } = (await doc.json()) as { document: { name: string } };
    const ydoc = new Y.Doc();
    const text = ydoc.getText('t');
    text.insert(0, 'three rotating cities');
    const pos = (i: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, i))).toString('base64');
    const before = mailsTo(smtp, 'marco@reggio.example').length;
    const base = `/api/documents/${encodeURIComponent(document.name)}/comments`;
    const opened = await api(server.url, base, {
      method: 'POST',
      cookie,
      json: { anchor: { start: pos(0), end: pos(5) }, quote: 'three', body: 'Marco, <b>which</b> three?', mentions: [marco.person.id] },
    });
    expect(opened.status).toBe(201);
    const { thread } = (await opened.json()) as { thread: { id: string } };
    const replied = await api(server.url, `${base}/${thread.id}/replies`, {
      method: 'POST',
      cookie,
      json: { body: 'Marco, and when?', mentions: [marco.person.id] },
    });
    expect(replied.status).toBe(201);
    await eventually(() => expect(mailsTo(smtp, 'marco@reggio.example').length).toBeGreaterThan(before));
    await new Promise((r) => setTimeout(r, 1500));
    const digests = mailsTo(smtp, 'marco@reggio.example').slice(before);
    // MAIL_DIGEST_MINUTES is 0.6 s here: the two mentions are in one or two digests, never lost or doubled.
    const all = digests.map((m) => m.text ?? '').join('\n');
    expect(digests[0]!.subject).toBe('Sei stato menzionato in Città del Dialogo');
    expect(all.match(/which/g)).toHaveLength(1);
    expect(all.match(/and when/g)).toHaveLength(1);
    expect(String(digests[0]!.html)).not.toContain('<b>which</b>');
  });
});
