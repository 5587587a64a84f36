import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import mammoth from 'mammoth';
import * as XLSX from 'xlsx';
import { parse } from 'csv-parse/sync';
import { ACTION_PLAN_DOC, ActionPlanShape, actionPlanRows, writeText } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, signIn } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The action plan leaves Dialogo as a table (issue 20): Word (a real table, read back with
 * mammoth), Markdown (a table), a page to print and a spreadsheet (read back with SheetJS: dates
 * are dates, headers in the reader's words, formulas made inert), with the `/action-plan` page's
 * filters, in Italian and in English; the generic document export of the plan carries the same
 * table, not an empty text.
 */

const PASSWORD = 'dialogo-demo-2020';
let server: TestServer;
let chiara: string; // coordinator, Italian
let paolo: string; // delegate of Arezzo, English
let torino: string;

const rowsOf = (client: DocClient) => client.doc.getMap<Y.Map<unknown>>(ActionPlanShape.rows);
const plan = (client: DocClient) => actionPlanRows(rowsOf(client).toJSON() as Record<string, unknown>);

afterAll(async () => {
  destroyAllDocClients();
  await stopAllServers();
  if (server) removeDataDir(server.dataDir);
});

async function download(path: string, cookie: string): Promise<Response> {
  const res = await api(server.url, path, { cookie });
  expect(res.status, path).toBe(200);
  return res;
}
const bytes = async (path: string, cookie: string) => Buffer.from(await (await download(path, cookie)).arrayBuffer());
/** Table rows of mammoth's (or the page's) HTML as arrays of cell texts. */
const tableRows = (html: string) =>
  [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) =>
    [...row[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/gs)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()),
  );
/** Markdown table lines as arrays of cell texts. */
const markdownRows = (md: string) =>
  md
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) => l.slice(2, -2).split(' | '));

describe('action plan exports', () => {
  beforeAll(async () => {
    server = await startServer({ env: { DEMO: 'true' } });
    chiara = await signIn(server.url, 'coordinatore@cittadeldialogo.example', PASSWORD);
    paolo = await signIn(server.url, 'arezzo@cittadeldialogo.example', PASSWORD);
    const { cities } = (await (await api(server.url, '/api/cities', { cookie: chiara })).json()) as { cities: { id: string; name: string }[] };
    torino = cities.find((c) => c.name === 'Torino')!.id;

    // Dates, a city and typed markup in the seeded plan.
    const client = await connectDoc(server, ACTION_PLAN_DOC, { cookie: chiara });
    const [forum, first, second] = plan(client);
    client.doc.transact(() => {
      const rows = rowsOf(client);
      rows.get(forum!.id)!.set('date', '2017-10-09');
      const firstRow = rows.get(first!.id)!;
      firstRow.set('date', '2018-03-15');
      firstRow.set('placeKind', 'city');
      writeText(firstRow, 'place', torino);
      writeText(firstRow, 'experts', 'Ivana D’Alessandro | CoE');
      const secondRow = rows.get(second!.id)!;
      secondRow.set('date', '2018-11');
      writeText(secondRow, 'support', '=HYPERLINK("http://evil.example")');
    });
    await eventually(async () => expect(await (await download('/api/action-plan/export.csv?year=2018', chiara)).text()).toContain('HYPERLINK'));
  });

  it('Word: a real table with the columns and values in Italian and in English, filtered as asked', async () => {
    const italian = (await mammoth.convertToHtml({ buffer: await bytes('/api/action-plan/export.docx', chiara) })).value;
    expect(italian.startsWith('<p>Action plan 2017-2020</p>')).toBe(true); // the document's own name, as its title
    expect(italian).toContain('8 eventi');
    const rows = tableRows(italian);
    expect(rows[0]).toEqual(['evento', 'data', 'luogo', 'esperti coinvolti', 'supporto', 'note', 'stato']);
    expect(rows).toHaveLength(9);
    expect(rows[1]).toEqual([
      'On-line forum on (revised) ICC Index and Profile features + City Intercultural Policy Strategy/project',
      '9 ottobre 2017',
      'online',
      '',
      '',
      '',
      'pianificato',
    ]);
    expect(rows[2]).toEqual(['First Good Practice Exchange Meeting', '15 marzo 2018', 'Torino', 'Ivana D’Alessandro | CoE', '', '', 'pianificato']);
    expect(rows[3]!.slice(0, 2)).toEqual(['Second Good Practice Exchange Meeting', 'novembre 2018']);

    // Paolo reads English; the page's filters (year, status, city) apply as in the CSV.
    const english = (await mammoth.convertToHtml({ buffer: await bytes(`/api/action-plan/export.docx?year=2018&city=${torino}`, paolo) })).value;
    expect(english).toContain('1 event · Shown: year 2018 and in Torino');
    expect(tableRows(english)).toEqual([
      ['event', 'date', 'place', 'experts', 'support', 'notes', 'status'],
      ['First Good Practice Exchange Meeting', '15 March 2018', 'Torino', 'Ivana D’Alessandro | CoE', '', '', 'planned'],
    ]);
    const ideas = tableRows((await mammoth.convertToHtml({ buffer: await bytes('/api/action-plan/export.docx?status=idea&lang=it', paolo) })).value);
    expect(ideas.slice(1).map((r) => r[6])).toEqual(Array(6).fill('idea'));
  });

  it('Markdown: a table, cells escaped; print: a page with the table', async () => {
    const md = await (await download('/api/action-plan/export.md?year=2018', chiara)).text();
    expect(md.startsWith('# Action plan 2017-2020\n')).toBe(true);
    const rows = markdownRows(md);
    expect(rows[0]).toEqual(['evento', 'data', 'luogo', 'esperti coinvolti', 'supporto', 'note', 'stato']);
    expect(rows[1]).toEqual(Array(7).fill('---'));
    expect(rows.slice(2).map((r) => r[0])).toEqual(['First Good Practice Exchange Meeting', 'Second Good Practice Exchange Meeting']);
    expect(rows[2]![3]).toBe('Ivana D’Alessandro \\| CoE'); // the pipe stays inside its cell
    expect(rows[3]![4]).toBe('=HYPERLINK("http://evil.example")');

    const page = await (await download('/api/action-plan/export.html?lang=en', chiara)).text();
    expect(page).toContain('<html lang="en">');
    const printed = tableRows(page);
    expect(printed[0]).toEqual(['event', 'date', 'place', 'experts', 'support', 'notes', 'status']);
    expect(printed).toHaveLength(9);
    expect(page).not.toMatch(/<script/i);
  });

  it('spreadsheet: dates as dates, translated headers, formulas inert, the same filters', async () => {
    const book = XLSX.read(await bytes('/api/action-plan/export.xlsx', chiara), { cellDates: true, cellFormula: true, cellNF: true });
    expect(book.SheetNames).toEqual(["Piano d'azione"]);
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true });
    expect(rows[0]).toEqual(['evento', 'data', 'luogo', 'esperti coinvolti', 'supporto', 'note', 'stato']);
    expect(rows).toHaveLength(9);
    expect(sheet.B2.t).toBe('d');
    expect((sheet.B2.v as Date).toISOString().slice(0, 10)).toBe('2017-10-09');
    expect(sheet.B3.t).toBe('d');
    expect((sheet.B3.v as Date).toISOString().slice(0, 10)).toBe('2018-03-15');
    expect((sheet.B4.v as Date).toISOString().slice(0, 7)).toBe('2018-11'); // a month is its first day, shown as the month
    expect(String(sheet.B4.z)).toMatch(/mmmm/);
    expect(sheet.C3.v).toBe('Torino');
    // Typed markup is text, never a formula.
    expect(sheet.E4.f).toBeUndefined();
    expect(sheet.E4.t).toBe('s');
    expect(sheet.E4.v).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(rows[1]![6]).toBe('pianificato');

    const english = XLSX.read(await bytes(`/api/action-plan/export.xlsx?lang=en&city=${torino}`, chiara), { cellDates: true });
    expect(english.SheetNames).toEqual(['Action plan']);
    const only = XLSX.utils.sheet_to_json<unknown[]>(english.Sheets['Action plan']!, { header: 1, raw: true });
    expect(only[0]).toEqual(['event', 'date', 'place', 'experts', 'support', 'notes', 'status']);
    expect(only.slice(1).map((r) => r[0])).toEqual(['First Good Practice Exchange Meeting']);

    // The CSV keeps its ISO dates and the same rows.
    const csv = parse((await (await download('/api/action-plan/export.csv?year=2018', chiara)).text()).replace(/^\uFEFF/, ''), {
      delimiter: ';',
    }) as string[][];
    expect(csv.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['First Good Practice Exchange Meeting', '2018-03-15'],
      ['Second Good Practice Exchange Meeting', '2018-11'],
    ]);
    expect((await api(server.url, '/api/action-plan/export.xlsx')).status).toBe(401);
  });

  it('published pages show what the exports show: the plan’s table, the minutes’ meeting and attendance', async () => {
    const published = await api(server.url, `/api/documents/${encodeURIComponent(ACTION_PLAN_DOC)}/publication`, { method: 'POST', cookie: chiara });
    expect(published.status).toBe(201);
    const page = await (await fetch(((await published.json()) as { url: string }).url)).text();
    expect(tableRows(page)[0]).toEqual(['evento', 'data', 'luogo', 'esperti coinvolti', 'supporto', 'note', 'stato']);
    expect(tableRows(page)).toHaveLength(9);
    expect(page).not.toContain('Questo documento è ancora vuoto.');

    const minutes = await api(server.url, `/api/documents/${encodeURIComponent('minutes:2020-06-18-coordination')}/publication`, {
      method: 'POST',
      cookie: chiara,
    });
    const minutesPage = await (await fetch(((await minutes.json()) as { url: string }).url)).text();
    for (const label of ['Riunione:', 'Data:', 'Città presenti:', 'Persone presenti:', 'Verbale:']) expect(minutesPage).toContain(`<strong>${label}</strong>`);
  });

  it('the plan as a document (Documents, its exports) is the table, not an empty text', async () => {
    const name = encodeURIComponent(ACTION_PLAN_DOC);
    const word = (await mammoth.convertToHtml({ buffer: await bytes(`/api/documents/${name}/export.docx`, paolo) })).value;
    expect(tableRows(word)).toHaveLength(9);
    expect(tableRows(word)[0]![0]).toBe('event');
    const md = await (await download(`/api/documents/${name}/export.md?lang=it`, paolo)).text();
    expect(markdownRows(md)[0]![0]).toBe('evento');
  });
});
