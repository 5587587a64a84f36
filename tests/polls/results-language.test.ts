import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { PollView } from '@dialogo/shared';
import { bodyText, connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { openPoll, pollView } from './poll-helpers.ts';

/**
 * What the server writes about a poll speaks its reader's language (issue 20): the results block in
 * the minutes is in the network's language, with the closing time in Europe/Rome as the reader
 * writes it; a CSV download is in the language of whoever downloads it, with a byte-order mark and
 * the separator their spreadsheet expects. Read back with an independent CSV parser (csv-parse).
 */

/** The moment as an Italian or English reader writes it in Rome, computed here with Intl alone. */
const romeTime = (iso: string, locale: string) =>
  `${new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Rome', dateStyle: 'full' }).format(new Date(iso))}, ${new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))}`;

let server: TestServer;
afterAll(async () => {
  destroyAllDocClients();
  await stopAllServers();
  if (server) removeDataDir(server.dataDir);
});

/** A download as its bytes say, byte-order mark included (`Response.text()` would drop it). */
async function download(path: string, cookie: string): Promise<string> {
  const res = await api(server.url, path, { cookie });
  expect(res.status).toBe(200);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
}

async function vote(cookie: string, id: string, choice: unknown) {
  const res = await api(server.url, `/api/polls/${id}/vote`, { method: 'POST', cookie, json: { choice } });
  expect(res.status).toBe(200);
}

async function close(cookie: string, id: string): Promise<PollView> {
  const res = await api(server.url, `/api/polls/${id}/close`, { method: 'POST', cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as PollView;
}

describe('poll results in the reader’s language', () => {
  it('writes the results block of an Italian network in Italian, with the time in Europe/Rome, and CSVs in each person’s language', async () => {
    server = await startServer();
    const admin = await server.adminCookie();
    // The network speaks Italian: what the server writes into its minutes is Italian.
    const setting = await api(server.url, '/api/network', { method: 'PATCH', cookie: admin, json: { language: 'it' } });
    expect(setting.status).toBe(200);
    expect(((await setting.json()) as { network: { language: string } }).network.language).toBe('it');

    const reggio = await createCity(server.url, admin, 'Reggio Emilia');
    const torino = await createCity(server.url, admin, 'Torino');
    const marco = await createMember(server.url, admin, { role: 'delegate', cityId: reggio, name: 'Marco Ferri', email: 'marco@example.org', language: 'it' });
    const sara = await createMember(server.url, admin, { role: 'delegate', cityId: torino, name: 'Sara Lombardi', email: 'sara@example.org', language: 'en' });
    const created = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Riunione di coordinamento', kind: 'minutes' } });
    const minutes = ((await created.json()) as { document: { name: string } }).document.name;

    const proposal = await openPoll(server.url, admin, {
      question: 'Riprogrammare l’evento Anti-rumours?',
      kind: 'proposal',
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
      minutes,
    });
    const single = await openPoll(server.url, admin, {
      question: 'Quale struttura di coordinamento?',
      kind: 'single',
      options: ['Tre città a rotazione', 'Una città capofila', 'Un ente esterno'],
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
      minutes,
    });
    await vote(marco.cookie, proposal, { kind: 'proposal', answer: 'agree' });
    await vote(sara.cookie, proposal, { kind: 'proposal', answer: 'abstain' });
    const options = (await pollView(server.url, admin, single)).poll.options;
    await vote(marco.cookie, single, { kind: 'single', option: options[0]!.id });
    await vote(sara.cookie, single, { kind: 'single', option: options[0]!.id });
    const closedProposal = (await close(admin, proposal)).poll.closedAt!;
    await close(admin, single);

    const doc = await connectDoc(server, minutes);
    const text = await eventually(() => {
      const body = bodyText(doc.doc);
      expect(body).toContain('Risultati del sondaggio: Quale struttura di coordinamento?');
      return body;
    });
    expect(text).toContain('Risultati del sondaggio: Riprogrammare l’evento Anti-rumours?');
    expect(text).toContain(`Chiuso ${romeTime(closedProposal, 'it-IT')}.`);
    expect(text).toMatch(/Chiuso (lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica) \d{1,2} \w+ \d{4}, \d\d:\d\d\./);
    expect(text).toContain('Hanno votato 2 città su 2.');
    expect(text).toContain('Esito: approvata.');
    expect(text).toContain('Favorevole: 1');
    expect(text).toContain('Astenuto: 1');
    // Plurals: one vote, two votes, none.
    expect(text).toContain('Tre città a rotazione: 2 voti');
    expect(text).toContain('Una città capofila: 0 voti');
    expect(text).toContain('Risultato: Tre città a rotazione.');
    for (const english of ['Poll results', 'UTC', 'Closed', 'voted', 'Agree', 'votes', 'Outcome']) expect(text).not.toContain(english);

    // The CSV of an English-speaking person: English, comma-separated, with a BOM.
    const english = await download(`/api/polls/${proposal}/results.csv`, sara.cookie);
    expect(english.startsWith('\uFEFF')).toBe(true);
    expect(english.split('\r\n')[0]).toBe('\uFEFFanswer,ballots');
    expect(parse(english, { bom: true, delimiter: ',' })).toEqual([
      ['answer', 'ballots'],
      ['Agree', '1'],
      ['Disagree', '0'],
      ['Abstain', '1'],
    ]);
    // ...and of an Italian one: Italian, semicolon-separated, with a BOM.
    const italian = await download(`/api/polls/${proposal}/results.csv`, marco.cookie);
    expect(italian.startsWith('\uFEFF')).toBe(true);
    expect(italian.split('\r\n')[0]).toBe('\uFEFFrisposta;schede');
    expect(parse(italian, { bom: true, delimiter: ';' })).toEqual([
      ['risposta', 'schede'],
      ['Favorevole', '1'],
      ['Contrario', '0'],
      ['Astenuto', '1'],
    ]);
    // `?lang=` chooses another language for one download.
    expect(parse(await download(`/api/polls/${single}/results.csv?lang=en`, marco.cookie), { bom: true })).toEqual([
      ['option', 'votes'],
      ['Tre città a rotazione', '2'],
      ['Una città capofila', '0'],
      ['Un ente esterno', '0'],
    ]);

    // Ballots: answers translated, the time of each ballot in Rome (ISO order, read by spreadsheets as a date).
    const ballots = parse(await download(`/api/polls/${proposal}/ballots.csv`, marco.cookie), { bom: true, delimiter: ';' }) as string[][];
    expect(ballots[0]).toEqual(['votante', 'espresso da', 'espresso il', 'scelta', 'motivazione']);
    expect(
      ballots
        .slice(1)
        .map((row) => [row[0], row[3]])
        .sort(),
    ).toEqual([
      ['Reggio Emilia', 'Favorevole'],
      ['Torino', 'Astenuto'],
    ]);
    for (const row of ballots.slice(1)) expect(row[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  }, 60_000);

  it('writes English results into the minutes of a network that speaks English', async () => {
    const admin = await server.adminCookie();
    expect((await api(server.url, '/api/network', { method: 'PATCH', cookie: admin, json: { language: 'en' } })).status).toBe(200);
    const created = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Coordination meeting', kind: 'minutes' } });
    const minutes = ((await created.json()) as { document: { name: string } }).document.name;
    const id = await openPoll(server.url, admin, {
      question: 'Which structure?',
      kind: 'single',
      options: ['Three rotating cities', 'One lead city'],
      settings: { ballot: 'person', anonymous: false, results: 'live', reasons: 'optional' },
      minutes,
    });
    const marco = await api(server.url, '/api/auth/login', { method: 'POST', json: { email: 'marco@example.org', password: 'member-password-123' } });
    const cookie = marco.headers.get('set-cookie')!.split(';')[0]!;
    const options = (await pollView(server.url, admin, id)).poll.options;
    await vote(cookie, id, { kind: 'single', option: options[1]!.id });
    const closedAt = (await close(admin, id)).poll.closedAt!;
    const doc = await connectDoc(server, minutes);
    const text = await eventually(() => {
      const body = bodyText(doc.doc);
      expect(body).toContain('Poll results: Which structure?');
      return body;
    });
    expect(text).toContain(`Closed ${romeTime(closedAt, 'en-GB')}.`);
    expect(text).toContain('One lead city: 1 vote');
    expect(text).toContain('Three rotating cities: 0 votes');
    expect(text).toMatch(/1 of \d+ people voted\./);
  }, 60_000);
});
