import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import mammoth from 'mammoth';
import { agendaDocName, DocShape, minutesDocName, type Meeting } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { readPdf } from '../helpers/pdf.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, signIn } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The meeting pack (issue 20, "Beyond"): one download per meeting, sent before it, with its agenda
 * (items, presenters), the people registered, the polls linked to it and the action items of
 * earlier minutes still open; as a tagged PDF read back by PDF.js and as Word read by mammoth, in
 * Italian and in English; refused (404) to someone who may not read the meeting, and what they may
 * not read (a restricted meeting's action items) left out of their pack.
 */

const MEETING = '2020-06-18-coordination';
const PACK = `/api/documents/${agendaDocName(MEETING)}/pack`;
const PASSWORD = 'dialogo-demo-2020';
let server: TestServer;
let chiara: string; // coordinator, Italian
let marco: string; // Reggio Emilia, Italian
let paolo: string; // Arezzo, English

async function bytes(path: string, cookie: string, type: string): Promise<Buffer> {
  const res = await api(server.url, path, { cookie });
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe(type);
  return Buffer.from(await res.arrayBuffer());
}
const pdf = async (path: string, cookie: string) => readPdf(new Uint8Array(await bytes(path, cookie, 'application/pdf')));

/** An earlier meeting with action items in its minutes: `[description, status]`. */
async function earlierMeeting(title: string, startsAt: string, items: [string, string][], scope: Record<string, unknown> = {}): Promise<Meeting> {
  const res = await api(server.url, '/api/meetings', {
    method: 'POST',
    cookie: chiara,
    json: { title, startsAt, endsAt: startsAt.replace('T08', 'T09'), ...scope },
  });
  expect(res.status).toBe(201);
  const { meeting } = (await res.json()) as { meeting: Meeting };
  const minutes = await connectDoc(server, minutesDocName(meeting.id));
  minutes.doc.transact(() => {
    minutes.doc.getXmlFragment(DocShape.body).insert(
      0,
      items.map(([description, status], i) => {
        const action = new Y.XmlElement('actionItem');
        action.setAttribute('id', `${meeting.id}-${i}`);
        action.setAttribute('owner', 'city:reggio-emilia');
        action.setAttribute('due', '2020-06-30');
        action.setAttribute('status', status);
        action.insert(0, [new Y.XmlText(description)]);
        return action;
      }),
    );
  });
  return meeting;
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
  destroyAllDocClients();
  await stopAllServers();
  if (server) removeDataDir(server.dataDir);
});

describe('meeting pack', () => {
  let restricted: Meeting;

  it('holds the agenda, the people registered, the linked polls and the open action items of earlier minutes, in Italian and in English', async () => {
    await earlierMeeting('Riunione di maggio', '2020-05-20T08:00:00Z', [
      ['Inviare il questionario alle città', 'open'],
      ['Aggiornare il sito della rete', 'in-progress'],
      ['Prenotare la sala', 'done'],
    ]);
    restricted = await earlierMeeting('Riunione ristretta', '2020-06-01T08:00:00Z', [['Preparare il bilancio riservato', 'open']], {
      participants: { cities: ['reggio-emilia'] },
      visibility: 'participants',
    });
    // A meeting after this one is not "earlier": its items stay out.
    await earlierMeeting('Riunione di luglio', '2020-07-20T08:00:00Z', [['Azione di luglio', 'open']]);
    for (const cookie of [marco, paolo]) expect((await api(server.url, `/api/meetings/${MEETING}/registration`, { method: 'POST', cookie })).status).toBe(200);
    await eventually(async () => expect((await pdf(`${PACK}.pdf`, chiara)).text).toContain('Preparare il bilancio riservato'));

    const it = await pdf(`${PACK}.pdf`, chiara);
    expect(it.title).toBe('Cartella della riunione — Coordination meeting of the Cities of Dialogue');
    expect(it.text).toContain('Riunione: Coordination meeting of the Cities of Dialogue');
    expect(it.text).toContain('Data: giovedì 18 giugno 2020, 10:00–12:00');
    // The agenda, each item with its presenter.
    expect(it.text).toContain('Ordine del giorno');
    expect(it.text).toContain('1. Analysis of intercultural policies during the Covid-19 emergency Relatore: Lorenzo Kihlgren Grandi · 45 minuti');
    expect(it.text).toContain('2.1. Reprogramming the thematic event on the Anti-rumours strategy Relatore: Marco Ferri');
    // Who registered, with their city.
    expect(it.text).toContain('Iscritti (2 persone) Persona Città Marco Ferri Reggio Emilia Paolo Neri Arezzo');
    // The demo's three polls write into these minutes.
    expect(it.text).toContain('Sondaggi collegati');
    expect(it.text).toContain('Should we reprogramme the thematic event on the Anti-rumours strategy?');
    expect(it.text).toContain('Which coordination structure should the network adopt?');
    // Open and in-progress action items of earlier minutes; done ones and later meetings' are left out.
    expect(it.text).toContain('Azioni aperte dei verbali precedenti');
    expect(it.text).toMatch(/Inviare il questionario alle città Reggio Emilia 30 giugno 2020 aperta? Riunione di maggio/);
    expect(it.text).toContain('Aggiornare il sito della rete');
    expect(it.text).not.toContain('Prenotare la sala');
    expect(it.text).not.toContain('Azione di luglio');
    expect(it.marked).toBe(true);
    expect(it.roles).toEqual(expect.arrayContaining(['H1', 'H2', 'H3', 'P', 'Table', 'TH', 'TD']));

    // Paolo reads English, and does not take part in the restricted meeting: its item is not in his pack.
    const en = await pdf(`${PACK}.pdf`, paolo);
    expect(en.title).toBe('Meeting pack — Coordination meeting of the Cities of Dialogue');
    expect(en.text).toContain('Date: Thursday, 18 June 2020, 10:00–12:00');
    expect(en.text).toContain('Agenda');
    expect(en.text).toContain('Presenter: Lorenzo Kihlgren Grandi · 45 minutes');
    expect(en.text).toContain('Registered (2 people) Person City Marco Ferri Reggio Emilia Paolo Neri Arezzo');
    expect(en.text).toContain('Linked polls');
    expect(en.text).toContain('Open action items from earlier minutes');
    expect(en.text).toMatch(/Inviare il questionario alle città Reggio Emilia 30 June 2020 open Riunione di maggio/);
    expect(en.text).toContain('in progress');
    expect(en.text).not.toContain('Preparare il bilancio riservato');

    // The same pack as Word, from the same parts.
    const { value: word } = await mammoth.convertToHtml({
      buffer: await bytes(`${PACK}.docx?lang=en`, chiara, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    });
    expect(word).toContain('Meeting pack — Coordination meeting of the Cities of Dialogue');
    expect(word).toContain('Presenter: Lorenzo Kihlgren Grandi');
    expect(word).toContain('<td><p>Marco Ferri</p></td><td><p>Reggio Emilia</p></td>');
    expect(word).toContain('Which new activities should the network do in the 2nd semester of 2020?');
    expect(word).toContain('<td><p>Aggiornare il sito della rete</p></td>');
  }, 90_000);

  it('is refused, as if it did not exist, to someone who may not read the meeting', async () => {
    const path = `/api/documents/${agendaDocName(restricted.id)}/pack.pdf`;
    expect((await api(server.url, path, { cookie: paolo })).status).toBe(404);
    expect((await api(server.url, `/api/documents/${agendaDocName(restricted.id)}/pack.docx`, { cookie: paolo })).status).toBe(404);
    expect((await api(server.url, path)).status).toBe(401);
    expect((await api(server.url, path, { cookie: marco })).status).toBe(200);
    // Only a meeting's agenda has a pack.
    expect((await api(server.url, `/api/documents/${minutesDocName(MEETING)}/pack.pdf`, { cookie: chiara })).status).toBe(404);
  });
});
