import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as XLSX from 'xlsx';
import { DocShape, minutesDocName } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, signIn } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { openPoll, pollView } from '../polls/poll-helpers.ts';

/**
 * Spreadsheets (.xlsx) of poll results, ballots, action items and the city dashboard (issue 20),
 * read back with an independent reader (SheetJS): headers in the reader's language (or `?lang=`),
 * counts and averages as numbers, days and moments as dates (moments at Rome's wall-clock time),
 * and what people typed never a formula.
 */

const PASSWORD = 'dialogo-demo-2020';
const MEETING = '2020-06-18-coordination';
let server: TestServer;
let chiara: string; // coordinator, Italian
let marco: string; // Reggio Emilia, Italian
let paolo: string; // Arezzo, English

afterAll(async () => {
  destroyAllDocClients();
  await stopAllServers();
  if (server) removeDataDir(server.dataDir);
});

async function sheetOf(path: string, cookie: string): Promise<{ name: string; sheet: XLSX.WorkSheet; rows: unknown[][] }> {
  const res = await api(server.url, path, { cookie });
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const book = XLSX.read(Buffer.from(await res.arrayBuffer()), { cellDates: true, cellFormula: true, cellNF: true });
  const name = book.SheetNames[0]!;
  const sheet = book.Sheets[name]!;
  return { name, sheet, rows: XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true }) };
}
/** Every cell of a sheet that holds a formula. */
const formulas = (sheet: XLSX.WorkSheet) => Object.entries(sheet).filter(([key, cell]) => !key.startsWith('!') && (cell as XLSX.CellObject).f);
const romeWallClock = (iso: string) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Rome',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
};
/** SheetJS reads a date cell as a local Date of the written wall-clock time. */
const wallClockOf = (value: unknown) => {
  const d = value as Date;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

describe('xlsx downloads', () => {
  let score: string;

  beforeAll(async () => {
    server = await startServer({ env: { DEMO: 'true' } });
    chiara = await signIn(server.url, 'coordinatore@cittadeldialogo.example', PASSWORD);
    marco = await signIn(server.url, 'reggio-emilia@cittadeldialogo.example', PASSWORD);
    paolo = await signIn(server.url, 'arezzo@cittadeldialogo.example', PASSWORD);
    score = await openPoll(server.url, chiara, {
      question: 'Quanto è utile ciascun formato?',
      kind: 'score',
      options: ['Incontro in presenza', 'Webinar'],
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional', maxScore: 5 },
    });
    const [inPerson, webinar] = (await pollView(server.url, chiara, score)).poll.options;
    const vote = async (cookie: string, scores: Record<string, number>, reason: string) =>
      expect((await api(server.url, `/api/polls/${score}/vote`, { method: 'POST', cookie, json: { choice: { kind: 'score', scores }, reason } })).status).toBe(
        200,
      );
    await vote(marco, { [inPerson!.id]: 5, [webinar!.id]: 2 }, '=HYPERLINK("http://evil.example","clic")');
    await vote(paolo, { [inPerson!.id]: 4, [webinar!.id]: 3 }, 'Both work.');

    // An action item in the demo minutes, owned by Reggio Emilia, due 30 June 2020.
    const client = await connectDoc(server, minutesDocName(MEETING), { cookie: chiara });
    client.doc.transact(() => {
      const el = new Y.XmlElement('actionItem');
      for (const [k, v] of Object.entries({ id: 'ai-xlsx', owner: 'city:reggio-emilia', due: '2020-06-30', status: 'in-progress' })) el.setAttribute(k, v);
      el.insert(0, [new Y.XmlText('+Send the list of good practices')]);
      const body = client.doc.getXmlFragment(DocShape.body);
      body.insert(body.length, [el]);
    });
    await eventually(async () =>
      expect(((await (await api(server.url, '/api/action-items', { cookie: chiara })).json()) as { items: unknown[] }).items).toHaveLength(1),
    );
  });

  it('poll results: numbers as numbers (averages too), headers in each reader’s language', async () => {
    const italian = await sheetOf(`/api/polls/${score}/results.xlsx`, marco);
    expect(italian.name).toBe('Risultati');
    expect(italian.rows).toEqual([
      ['opzione', 'totale', 'media'],
      ['Incontro in presenza', 9, 4.5],
      ['Webinar', 5, 2.5],
    ]);
    expect(italian.sheet.C2!.t).toBe('n');
    const english = await sheetOf(`/api/polls/${score}/results.xlsx`, paolo);
    expect(english.name).toBe('Results');
    expect(english.rows[0]).toEqual(['option', 'total', 'average']);
    expect((await sheetOf(`/api/polls/${score}/results.xlsx?lang=en`, marco)).rows[0]).toEqual(['option', 'total', 'average']);
  });

  it('ballots: the moment each was cast as a date at Rome’s time, reasons never formulas', async () => {
    const view = await pollView(server.url, chiara, score);
    const { name, sheet, rows } = await sheetOf(`/api/polls/${score}/ballots.xlsx`, chiara);
    expect(name).toBe('Schede');
    expect(rows[0]).toEqual(['votante', 'espresso da', 'espresso il', 'scelta', 'motivazione']);
    const byCity = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect([...byCity.keys()].sort()).toEqual(['Arezzo', 'Reggio Emilia']);
    expect(byCity.get('Reggio Emilia')![1]).toBe('Marco Ferri');
    expect(byCity.get('Reggio Emilia')![4]).toBe(`'=HYPERLINK("http://evil.example","clic")`);
    expect(formulas(sheet)).toEqual([]);
    const castAt = byCity.get('Reggio Emilia')![2];
    expect(castAt).toBeInstanceOf(Date);
    const ballot = view.ballots!.find((b) => b.voter.name === 'Reggio Emilia')!;
    expect(wallClockOf(castAt)).toBe(romeWallClock(ballot.castAt));
    expect((await sheetOf(`/api/polls/${score}/ballots.xlsx`, paolo)).rows[0]).toEqual(['voter', 'cast by', 'cast at', 'choice', 'reason']);
  });

  it('action items: owner by name, due day as a date, status in words, with the tracker’s filters', async () => {
    const { name, sheet, rows } = await sheetOf('/api/action-items/export.xlsx', marco);
    expect(name).toBe('Azioni');
    expect(rows[0]).toEqual(['cosa', 'responsabile', 'scadenza', 'stato', 'scaduta', 'riunione', 'data della riunione']);
    expect(rows[1]!.slice(0, 5)).toEqual([`'+Send the list of good practices`, 'Reggio Emilia', expect.any(Date), 'in corso', 'sì']);
    expect(wallClockOf(rows[1]![2]).slice(0, 10)).toBe('2020-06-30');
    expect(sheet.C2!.t).toBe('d');
    expect(wallClockOf(rows[1]![6])).toBe('2020-06-18T10:00');
    expect(formulas(sheet)).toEqual([]);
    expect((await sheetOf('/api/action-items/export.xlsx?city=arezzo', marco)).rows).toHaveLength(1); // the header only
    expect((await sheetOf('/api/action-items/export.xlsx', paolo)).rows[0]).toEqual([
      'what',
      'owner',
      'due date',
      'status',
      'overdue',
      'meeting',
      'meeting date',
    ]);
  });

  it('city dashboard: one row per member city, figures as numbers, the profile’s month as a date', async () => {
    const { name, sheet, rows } = await sheetOf('/api/network/dashboard.xlsx', paolo);
    expect(name).toBe('Cities');
    expect(rows[0]).toEqual([
      'city',
      'region',
      'ICC Index profile',
      'profile date',
      'Statement of Intent signed',
      'delegates',
      'meetings attended',
      'polls voted in',
      'polls open to the city',
      'open polls without a vote',
      'open action items',
      'overdue action items',
      'proposals (lead or partner)',
    ]);
    expect(rows).toHaveLength(26); // 25 member cities
    const arezzo = rows.find((r) => r[0] === 'Arezzo')!;
    expect(arezzo[2]).toBe('published');
    expect(wallClockOf(arezzo[3]).slice(0, 7)).toBe('2016-06');
    expect(arezzo[4]).toBe('no');
    expect(arezzo.slice(5, 8)).toEqual([1, 0, 1]); // one delegate, no meeting attended, voted in the score poll
    const reggio = rows.find((r) => r[0] === 'Reggio Emilia')!;
    expect(reggio[10]).toBe(1); // its open action item
    expect(typeof reggio[10]).toBe('number');
    expect(formulas(sheet)).toEqual([]);
    const italian = await sheetOf('/api/network/dashboard.xlsx', marco);
    expect(italian.name).toBe('Città');
    expect(italian.rows[0]!.slice(0, 3)).toEqual(['città', 'regione', 'profilo ICC Index']);
    expect(italian.rows.find((r) => r[0] === 'Arezzo')![2]).toBe('pubblicato');
    expect((await api(server.url, '/api/network/dashboard.xlsx')).status).toBe(401);
  });
});
