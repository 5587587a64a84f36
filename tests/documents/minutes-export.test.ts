import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import mammoth from 'mammoth';
import { io as connect, type Socket } from 'socket.io-client';
import { LIVE_PATH, type Ack, type Meeting } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, signIn } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * A minutes export carries what matters (issue 20), in the reader's language: the meeting, its date
 * and time in Europe/Rome and its place, the cities and people the room recorded as present, each
 * agenda item under its number with its presenter and its notes, decisions marked as decisions,
 * the action items as a table (what, owner, due date, status); and the demo minutes' own title and
 * agenda headings (typed into the general notes before sections existed) are not shown twice.
 * Word files are read back with mammoth, Markdown as text.
 */

const MEETING = '2020-06-18-coordination';
const MINUTES = `minutes:${MEETING}`;
const PASSWORD = 'dialogo-demo-2020';
let server: TestServer;
const sockets: Socket[] = [];

afterAll(async () => {
  for (const s of sockets) s.close();
  destroyAllDocClients();
  await stopAllServers();
  if (server) removeDataDir(server.dataDir);
});

async function join(cookie: string): Promise<void> {
  const socket = connect(server.url, { path: LIVE_PATH, transports: ['websocket'], extraHeaders: { cookie } });
  sockets.push(socket);
  const ack = await new Promise<Ack<unknown>>((resolve) =>
    (socket.emit as (e: string, i: unknown, ack: (a: Ack<unknown>) => void) => void)('meeting:join', { meetingId: MEETING }, resolve),
  );
  expect(ack.ok).toBe(true);
}

async function control(cookie: string, command: 'start' | 'end'): Promise<void> {
  const socket = connect(server.url, { path: LIVE_PATH, transports: ['websocket'], extraHeaders: { cookie } });
  sockets.push(socket);
  const ack = await new Promise<Ack<unknown>>((resolve) =>
    (socket.emit as (e: string, i: unknown, ack: (a: Ack<unknown>) => void) => void)('meeting:control', { meetingId: MEETING, command }, resolve),
  );
  expect(ack.ok).toBe(true);
}

async function download(path: string, cookie: string): Promise<Response> {
  const res = await api(server.url, path, { cookie });
  expect(res.status).toBe(200);
  return res;
}
const wordHtml = async (path: string, cookie: string) =>
  (await mammoth.convertToHtml({ buffer: Buffer.from(await (await download(path, cookie)).arrayBuffer()) })).value;
const count = (text: string, part: string) => text.split(part).length - 1;
/** Table rows of mammoth's HTML as arrays of cell texts. */
const tableRows = (html: string) =>
  [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '')));

describe('minutes exports', () => {
  it('carry the meeting, attendance, agenda items with presenters, decisions and an action-item table, in Italian and in English', async () => {
    server = await startServer({ env: { DEMO: 'true' } });
    const chiara = await signIn(server.url, 'coordinatore@cittadeldialogo.example', PASSWORD); // Italian
    const marco = await signIn(server.url, 'reggio-emilia@cittadeldialogo.example', PASSWORD); // Italian, Reggio Emilia
    const paolo = await signIn(server.url, 'arezzo@cittadeldialogo.example', PASSWORD); // English, Arezzo

    // Marco and Paolo come into the room and the chair starts the meeting: the meeting's record notes their attendance.
    await join(marco);
    await join(paolo);
    await control(chiara, 'start');
    await eventually(async () => {
      const { meeting } = (await (await api(server.url, `/api/meetings/${MEETING}`, { cookie: chiara })).json()) as { meeting: Meeting };
      expect(meeting.attendance.map((a) => a.name).sort()).toEqual(['Marco Ferri', 'Paolo Neri']);
    });

    // A decision and an action item written into the sections of two agenda items.
    const minutes = await connectDoc(server, MINUTES);
    minutes.doc.transact(() => {
      const decision = new Y.XmlElement('decision');
      decision.insert(0, [new Y.XmlText('Reprogramme the Anti-rumours event online in October')]);
      minutes.doc.getXmlFragment('item:part-2-1').insert(0, [decision]);
      const action = new Y.XmlElement('actionItem');
      action.setAttribute('id', 'a1');
      action.setAttribute('owner', 'city:reggio-emilia');
      action.setAttribute('due', '2020-09-30');
      action.setAttribute('status', 'in-progress');
      action.insert(0, [new Y.XmlText('Send the draft programme to the cities')]);
      const note = new Y.XmlElement('paragraph');
      note.insert(0, [new Y.XmlText('Cities prefer trainings first.')]);
      minutes.doc.getXmlFragment('item:part-2-2').insert(0, [note, action]);
    });
    await eventually(async () => expect(await (await download(`/api/documents/${MINUTES}/export.md`, chiara)).text()).toContain('Send the draft programme'));

    // Italian Word file, read back by mammoth.
    const it = await wordHtml(`/api/documents/${MINUTES}/export.docx`, chiara);
    expect(it).toContain('<strong>Riunione:</strong> Coordination meeting');
    expect(it).toContain('<strong>Data:</strong> giovedì 18 giugno 2020, 10:00–12:00');
    expect(it).toMatch(/<strong>Città presenti:<\/strong> Arezzo e Reggio Emilia/);
    expect(it).toMatch(/<strong>Persone presenti:<\/strong> Marco Ferri e Paolo Neri/);
    // Each agenda item once, under its number, with its presenter; the notes' old headings not repeated.
    for (const heading of [
      '1. Analysis of intercultural policies during the Covid-19 emergency',
      '2. Work plan &amp; next steps for the Cities (2nd semester of 2020)',
      '2.1. Reprogramming the thematic event on the Anti-rumours strategy',
      '3. Communication activities of the Network',
    ]) {
      expect(count(it, `>${heading}</h`)).toBe(1);
    }
    expect(it).not.toContain('>1. Analysis of intercultural policies</h');
    expect(it).not.toContain('Coordination meeting of the Cities of Dialogue — 18 June 2020, online');
    expect(count(it, 'Coordination meeting — 18 June 2020')).toBe(1);
    expect(it).toContain('Relatore: Lorenzo Kihlgren Grandi');
    // The notes typed under the old heading now sit in the item's section.
    expect(it.indexOf('Each city shared projects')).toBeGreaterThan(it.indexOf('>1. Analysis of intercultural policies during the Covid-19 emergency</h'));
    expect(it).toContain('<strong>Decisione:</strong> Reprogramme the Anti-rumours event online in October');
    expect(it).toContain('>Decisioni</h');
    const itRows = tableRows(it);
    expect(itRows[0]).toEqual(['Cosa', 'Responsabile', 'Scadenza', 'Stato', "Punto all'ordine del giorno"]);
    expect(itRows[1]).toEqual([
      'Send the draft programme to the cities',
      'Reggio Emilia',
      'mercoledì 30 settembre 2020',
      'in corso',
      '2.2. New activities: national communication campaign, trainings on intercultural competences',
    ]);

    // English Word file for an English reader.
    const en = await wordHtml(`/api/documents/${MINUTES}/export.docx`, paolo);
    expect(en).toContain('<strong>Date:</strong> Thursday, 18 June 2020, 10:00–12:00');
    expect(en).toContain('<strong>Cities present:</strong> Arezzo and Reggio Emilia');
    expect(en).toContain('<strong>People present:</strong> Marco Ferri and Paolo Neri');
    expect(en).toContain('Presenter: Lorenzo Kihlgren Grandi');
    expect(en).toContain('<strong>Decision:</strong> Reprogramme the Anti-rumours event online in October');
    const enRows = tableRows(en);
    expect(enRows[0]).toEqual(['What', 'Owner', 'Due date', 'Status', 'Agenda item']);
    expect(enRows[1]!.slice(0, 4)).toEqual(['Send the draft programme to the cities', 'Reggio Emilia', 'Wednesday, 30 September 2020', 'in progress']);

    // Markdown says the same.
    const md = await (await download(`/api/documents/${MINUTES}/export.md?lang=en`, chiara)).text();
    expect(md).toContain('**Cities present:** Arezzo and Reggio Emilia');
    expect(md).toContain('**Decision:** Reprogramme the Anti-rumours event online in October');
    expect(md).toContain('| What | Owner | Due date | Status | Agenda item |');
    expect(md).toContain('| Send the draft programme to the cities | Reggio Emilia | Wednesday, 30 September 2020 | in progress |');
    expect(count(md, '## 2. Work plan')).toBe(1);
    expect(md).toContain('**Meeting:** Coordination meeting of the Cities of Dialogue\n');
    expect(md).not.toContain('Coordination meeting of the Cities of Dialogue — 18 June 2020, online');
  }, 90_000);
});
