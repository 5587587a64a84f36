import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocShape, minutesDocName, minutesSectionName } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, signIn } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { pollView } from './poll-helpers.ts';

/**
 * A poll's results go under the agenda item chosen for them (issue 20): the item is one of the
 * minutes' agenda items, picked from the list the server gives (free text such as "Evento
 * Anti-dicerie" matched nothing and the block landed in the general notes: it is now refused),
 * and the block is written into that item's section of the minutes, in the network's language.
 */

const PASSWORD = 'dialogo-demo-2020';
const MINUTES = minutesDocName('2020-06-18-coordination');
let server: TestServer;
let chiara: string;
let marco: string;

afterAll(async () => {
  destroyAllDocClients();
  await stopAllServers();
  if (server) removeDataDir(server.dataDir);
});

const textOf = (fragment: Y.XmlFragment) =>
  fragment
    .toArray()
    .map((node) => (node instanceof Y.XmlElement || node instanceof Y.XmlText ? node.toString().replace(/<[^>]+>/g, '') : ''))
    .join('\n');

describe('poll results under an agenda item of the minutes', () => {
  let items: { id: string; number: string; title: string }[];

  beforeAll(async () => {
    server = await startServer({ env: { DEMO: 'true' } });
    chiara = await signIn(server.url, 'coordinatore@cittadeldialogo.example', PASSWORD);
    marco = await signIn(server.url, 'reggio-emilia@cittadeldialogo.example', PASSWORD);
  });

  it('lists the minutes’ agenda items for the picker', async () => {
    const res = await api(server.url, `/api/polls/agenda-items?minutes=${encodeURIComponent(MINUTES)}`, { cookie: chiara });
    expect(res.status).toBe(200);
    items = ((await res.json()) as { items: typeof items }).items;
    expect(items.length).toBeGreaterThan(1);
    expect(items[0]).toEqual({ id: expect.any(String), number: '1', title: expect.any(String) });
    expect((await api(server.url, '/api/polls/agenda-items?minutes=minutes%3Anope', { cookie: chiara })).status).toBe(404);
    expect((await api(server.url, `/api/polls/agenda-items?minutes=${encodeURIComponent(MINUTES)}`)).status).toBe(401);
  });

  it('refuses an agenda item that is not one of the minutes’ items, or one without minutes', async () => {
    const base = {
      question: 'Riprogrammare l’evento?',
      kind: 'proposal',
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
    };
    const free = await api(server.url, '/api/polls', {
      method: 'POST',
      cookie: chiara,
      json: { ...base, minutes: MINUTES, agendaItem: 'Evento Anti-dicerie' },
    });
    expect(free.status).toBe(400);
    expect(((await free.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ agendaItem: 'not-in-agenda' });
    const alone = await api(server.url, '/api/polls', { method: 'POST', cookie: chiara, json: { ...base, agendaItem: items[0]!.id } });
    expect(alone.status).toBe(400);
    expect(((await alone.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ agendaItem: 'needs-minutes' });

    // A draft whose minutes change keeps no item of the other minutes.
    const draft = await api(server.url, '/api/polls', { method: 'POST', cookie: chiara, json: base });
    const { poll } = (await draft.json()) as { poll: { id: string } };
    const patched = await api(server.url, `/api/polls/${poll.id}`, { method: 'PATCH', cookie: chiara, json: { agendaItem: items[0]!.id } });
    expect(patched.status).toBe(400);
  });

  it('writes the results block into the chosen item’s section, not the general notes', async () => {
    const item = items[1]!;
    const created = await api(server.url, '/api/polls', {
      method: 'POST',
      cookie: chiara,
      json: {
        question: 'Rinviare l’evento Anti-dicerie?',
        kind: 'proposal',
        settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
        minutes: MINUTES,
        agendaItem: item.id,
      },
    });
    expect(created.status).toBe(201);
    const { poll } = (await created.json()) as { poll: { id: string; agendaItem: string } };
    expect(poll.agendaItem).toBe(item.id);
    expect((await api(server.url, `/api/polls/${poll.id}/open`, { method: 'POST', cookie: chiara })).status).toBe(200);
    expect(
      (await api(server.url, `/api/polls/${poll.id}/vote`, { method: 'POST', cookie: marco, json: { choice: { kind: 'proposal', answer: 'agree' } } })).status,
    ).toBe(200);
    expect((await api(server.url, `/api/polls/${poll.id}/close`, { method: 'POST', cookie: chiara })).status).toBe(200);
    expect((await pollView(server.url, chiara, poll.id)).status).toBe('closed');

    const client = await connectDoc(server, MINUTES, { cookie: chiara });
    await eventually(() =>
      expect(textOf(client.doc.getXmlFragment(minutesSectionName(item.id)))).toContain('Risultati del sondaggio: Rinviare l’evento Anti-dicerie?'),
    );
    expect(textOf(client.doc.getXmlFragment(DocShape.body))).not.toContain('Rinviare l’evento Anti-dicerie?');
    expect(textOf(client.doc.getXmlFragment(minutesSectionName(item.id)))).toContain('Favorevole: 1');
  });
});
