import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateNKeysBetween } from 'fractional-indexing';
import { io as connect, type Socket } from 'socket.io-client';
import { LIVE_PATH, minutesDocName, ProposalShape, sectionField, type Ack, type Meeting, type Proposal } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { readPdf } from '../helpers/pdf.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, signIn } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The PDF exports (issue 20, "a real PDF"): minutes, a proposal and the action plan as PDF files
 * made on the server, read back by an independent reader (PDF.js), in Italian and in English, with
 * the outline of the other exports; tagged for accessibility (MarkInfo Marked, a structure tree
 * with headings, paragraphs and tables); refused (404) to someone who may not read the document.
 */

const MEETING = '2020-06-18-coordination';
const MINUTES = minutesDocName(MEETING);
const PASSWORD = 'dialogo-demo-2020';
let server: TestServer;
let chiara: string; // coordinator, Italian
let marco: string; // Reggio Emilia, Italian
let paolo: string; // Arezzo, English
const sockets: Socket[] = [];

async function pdf(path: string, cookie: string) {
  const res = await api(server.url, path, { cookie });
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.pdf"$/);
  return readPdf(new Uint8Array(await res.arrayBuffer()));
}

/** Sends a live event and waits for its ack. */
async function emit(cookie: string, event: string, input: unknown): Promise<void> {
  const socket = connect(server.url, { path: LIVE_PATH, transports: ['websocket'], extraHeaders: { cookie } });
  sockets.push(socket);
  const ack = await new Promise<Ack<unknown>>((resolve) =>
    (socket.emit as (e: string, i: unknown, ack: (a: Ack<unknown>) => void) => void)(event, input, resolve),
  );
  expect(ack.ok).toBe(true);
}

beforeAll(async () => {
  server = await startServer({ env: { DEMO: 'true' } });
  const signedIn = (email: string) => signIn(server.url, email, PASSWORD);
  [chiara, marco, paolo] = await Promise.all([
    signedIn('coordinatore@cittadeldialogo.example'),
    signedIn('reggio-emilia@cittadeldialogo.example'),
    signedIn('arezzo@cittadeldialogo.example'),
  ]);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  destroyAllDocClients();
  await stopAllServers();
  if (server) removeDataDir(server.dataDir);
});

describe('PDF exports', () => {
  it('minutes: the meeting, date and place, who was present, agenda items with presenters, decisions, the action-item table and the poll results, in Italian and in English', async () => {
    await emit(marco, 'meeting:join', { meetingId: MEETING });
    await emit(paolo, 'meeting:join', { meetingId: MEETING });
    await emit(chiara, 'meeting:control', { meetingId: MEETING, command: 'start' });
    await eventually(async () => {
      const { meeting } = (await (await api(server.url, `/api/meetings/${MEETING}`, { cookie: chiara })).json()) as { meeting: Meeting };
      expect(meeting.attendance.map((a) => a.name).sort()).toEqual(['Marco Ferri', 'Paolo Neri']);
    });
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
      minutes.doc.getXmlFragment('item:part-2-2').insert(0, [action]);
    });
    // A poll closed into these minutes writes its results block (in the network's language, Italian).
    const created = await api(server.url, '/api/polls', {
      method: 'POST',
      cookie: chiara,
      json: {
        question: 'Spostare la campagna a novembre?',
        kind: 'proposal',
        settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
        minutes: MINUTES,
      },
    });
    expect(created.status).toBe(201);
    const { poll } = (await created.json()) as { poll: { id: string } };
    expect((await api(server.url, `/api/polls/${poll.id}/open`, { method: 'POST', cookie: chiara })).status).toBe(200);
    expect(
      (await api(server.url, `/api/polls/${poll.id}/vote`, { method: 'POST', cookie: marco, json: { choice: { kind: 'proposal', answer: 'agree' } } })).status,
    ).toBe(200);
    expect((await api(server.url, `/api/polls/${poll.id}/close`, { method: 'POST', cookie: chiara })).status).toBe(200);
    await eventually(async () =>
      expect((await pdf(`/api/documents/${MINUTES}/export.pdf`, chiara)).text).toContain('Risultati del sondaggio: Spostare la campagna a novembre?'),
    );

    const it = await pdf(`/api/documents/${MINUTES}/export.pdf`, chiara);
    expect(it.title).toBe('Coordination meeting — 18 June 2020');
    expect(it.text.startsWith('Coordination meeting — 18 June 2020')).toBe(true);
    expect(it.text).toContain('Riunione: Coordination meeting of the Cities of Dialogue');
    expect(it.text).toContain('Data: giovedì 18 giugno 2020, 10:00–12:00');
    expect(it.text).toContain('Città presenti: Arezzo e Reggio Emilia');
    expect(it.text).toContain('Persone presenti: Marco Ferri e Paolo Neri');
    expect(it.text).toContain('1. Analysis of intercultural policies during the Covid-19 emergency');
    expect(it.text).toContain('Relatore: Lorenzo Kihlgren Grandi');
    expect(it.text).toContain('Decisione: Reprogramme the Anti-rumours event online in October');
    expect(it.text).toContain('Decisioni');
    expect(it.text).toContain('Cosa Responsabile Scadenza Stato');
    expect(it.text).toMatch(/Send the draft programme to the cities.*Reggio Emilia.*mercoledì 30 settembre 2020.*in corso/);
    expect(it.text).toContain('Risultati del sondaggio: Spostare la campagna a novembre?');
    expect(it.text).toMatch(/Favorevole: 1/);
    // The old headings of the notes are not repeated: the agenda item's heading shows once.
    expect(it.text.split('2. Work plan & next steps for the Cities (2nd semester of 2020)').length - 1).toBe(1);
    // Tagged: marked content with headings, paragraphs and the action items' table (header cells).
    expect(it.marked).toBe(true);
    expect(it.roles).toEqual(expect.arrayContaining(['Document', 'H1', 'H2', 'P', 'Table', 'TR', 'TH', 'TD']));

    const en = await pdf(`/api/documents/${MINUTES}/export.pdf`, paolo);
    expect(en.text).toContain('Meeting: Coordination meeting of the Cities of Dialogue');
    expect(en.text).toContain('Date: Thursday, 18 June 2020, 10:00–12:00');
    expect(en.text).toContain('Cities present: Arezzo and Reggio Emilia');
    expect(en.text).toContain('People present: Marco Ferri and Paolo Neri');
    expect(en.text).toContain('Presenter: Lorenzo Kihlgren Grandi');
    expect(en.text).toContain('Decision: Reprogramme the Anti-rumours event online in October');
    expect(en.text).toContain('What Owner Due date Status Agenda item');
    expect(en.text).toMatch(/Send the draft programme to the cities.*Reggio Emilia.*Wednesday, 30 September 2020.*in progress/);
    // The block was written into the minutes in the network's language; the English reader reads it as written.
    expect(en.text).toContain('Risultati del sondaggio: Spostare la campagna a novembre?');
  }, 90_000);

  it('a proposal: its details, sections, budget with euros formatted as the reader writes them, and timeline', async () => {
    const res = await api(server.url, '/api/proposals', {
      method: 'POST',
      cookie: chiara,
      json: {
        title: 'Città del Dialogo: competenze interculturali',
        funderId: 'fondazione',
        templateId: 'foundation',
        deadline: '2026-10-30',
        leadCityId: 'reggio-emilia',
        partners: [{ cityId: 'arezzo', role: 'Campagna di comunicazione' }],
        durationMonths: 12,
      },
    });
    expect(res.status).toBe(201);
    const { proposal } = (await res.json()) as { proposal: Proposal };
    const client = await connectDoc(server, proposal.name);
    client.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      client.doc.getXmlFragment(sectionField('summary')).insert(0, [paragraph]);
      text.insert(0, 'Formazione del personale comunale: città, identità, pluralità.');
      const budget = client.doc.getMap<Y.Map<unknown>>(ProposalShape.budget);
      const lines = [
        { id: 'l1', city: 'reggio-emilia', category: 'events', description: 'Evento tematico Anti-dicerie', amount: 246_933, cofunding: 50_000 },
        { id: 'l2', city: 'arezzo', category: 'communication', description: 'Campagna nazionale', amount: 1_234_577, cofunding: 300_000 },
      ];
      const keys = generateNKeysBetween(null, null, lines.length);
      lines.forEach(({ id, ...line }, i) => {
        const cells = new Y.Map<unknown>();
        budget.set(id, cells);
        for (const [k, v] of Object.entries({ ...line, order: keys[i]! })) cells.set(k, v);
      });
      const row = new Y.Map<unknown>();
      client.doc.getMap<Y.Map<unknown>>(ProposalShape.timeline).set('t1', row);
      for (const [k, v] of Object.entries({ activity: 'Formazioni per il personale', city: 'reggio-emilia', start: 2, end: 5, order: 'a0' })) row.set(k, v);
    });
    await eventually(async () => {
      const budget = (await (await api(server.url, `/api/proposals/${proposal.id}/budget`, { cookie: chiara })).json()) as { lines: unknown[] };
      expect(budget.lines).toHaveLength(2);
    });
    client.destroy();

    const it = await pdf(`/api/proposals/${proposal.id}/export.pdf?lang=it`, chiara);
    expect(it.text.startsWith('Città del Dialogo: competenze interculturali')).toBe(true);
    expect(it.text).toContain('Capofila: Reggio Emilia');
    expect(it.text).toContain('Scadenza: 30 ottobre 2026');
    expect(it.text).toContain('Formazione del personale comunale: città, identità, pluralità.');
    expect(it.text).toContain('Eventi Evento tematico Anti-dicerie 2.469,33 € 500,00 €');
    expect(it.text).toContain('Comunicazione Campagna nazionale 12.345,77 € 3.000,00 €');
    expect(it.text).toContain('Totale generale 14.815,10 €');
    expect(it.text).toContain('Formazioni per il personale Reggio Emilia M2–M5');
    expect(it.marked).toBe(true);

    const en = await pdf(`/api/proposals/${proposal.id}/export.pdf?lang=en`, paolo);
    expect(en.text).toContain('Events Evento tematico Anti-dicerie €2,469.33 €500.00');
    expect(en.text).toContain('€14,815.10');
    expect(en.text).toContain('Budget');
  }, 60_000);

  it('the action plan: its table in the reader’s language, with the page’s filters', async () => {
    const it = await pdf('/api/action-plan/export.pdf?status=idea', chiara);
    expect(it.text).toContain('6 eventi');
    expect(it.text).toContain('evento data luogo esperti coinvolti supporto note stato');
    expect(it.text).toContain('Second Good Practice Exchange Meeting');
    expect(it.text).toContain('Sixth Good Practice Exchange Meeting');
    expect(it.text).not.toContain('First Good Practice Exchange Meeting');
    // Six rows say "idea", and so does the line that says which filter is applied.
    expect(it.text.match(/\bidea\b/g)?.length).toBe(7);
    expect(it.roles).toContain('Table');

    const en = await pdf('/api/action-plan/export.pdf?status=planned', paolo);
    expect(en.text).toContain('event date place experts support notes status');
    expect(en.text).toContain('First Good Practice Exchange Meeting');
    expect(en.text).not.toContain('Second Good Practice Exchange Meeting');
    expect(en.text).toContain('planned');
  });

  it('is refused, as if it did not exist, to someone who may not read the document', async () => {
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: chiara,
      json: {
        title: 'Solo Reggio Emilia',
        startsAt: '2020-07-01T08:00:00Z',
        endsAt: '2020-07-01T09:00:00Z',
        participants: { cities: ['reggio-emilia'] },
        visibility: 'participants',
      },
    });
    expect(created.status).toBe(201);
    const { meeting } = (await created.json()) as { meeting: Meeting };
    const path = `/api/documents/${minutesDocName(meeting.id)}/export.pdf`;
    expect((await api(server.url, path, { cookie: paolo })).status).toBe(404);
    expect((await api(server.url, path)).status).toBe(401);
    expect((await api(server.url, path, { cookie: marco })).status).toBe(200);
  });
});
