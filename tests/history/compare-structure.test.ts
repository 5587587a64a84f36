import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocShape, ProposalShape, type BlockChange, type VersionSummary } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * A version comparison keeps the shape of what it compares (issue 20): a table is compared row by
 * row and shown as a table (it read "CittàDelegatoPresenteTorino…", flattened), a list as a list,
 * and budget lines read as people write them (city by name, category in words, euros), never
 * cents or ids; in the reader's language.
 */

const cell = (tag: string, text: string) => {
  const el = new Y.XmlElement(tag);
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  el.insert(0, [p]);
  return el;
};
const row = (tag: string, texts: string[]) => {
  const el = new Y.XmlElement('tableRow');
  el.insert(
    0,
    texts.map((t) => cell(tag, t)),
  );
  return el;
};
const list = (items: string[]) => {
  const el = new Y.XmlElement('bulletList');
  el.insert(
    0,
    items.map((text) => {
      const li = new Y.XmlElement('listItem');
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text)]);
      li.insert(0, [p]);
      return li;
    }),
  );
  return el;
};

describe('comparing versions', () => {
  let server: TestServer;
  let admin: string;
  let torino: string;
  let name: string;
  const path = () => `/api/documents/${encodeURIComponent(name)}/versions`;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
    torino = await createCity(server.url, admin, 'Torino');
    const created = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Presenze' } });
    name = ((await created.json()) as { document: { name: string } }).document.name;
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  it('shows tables and lists as tables and lists, and budget lines in words and euros', async () => {
    const client = await connectDoc(server, name);
    const body = client.doc.getXmlFragment(DocShape.body);
    const table = new Y.XmlElement('table');
    table.insert(0, [row('tableHeader', ['Città', 'Delegato', 'Presente']), row('tableCell', ['Torino', 'Sara Lombardi', 'sì'])]);
    body.insert(0, [table, list(['Evento anti-dicerie', 'Campagna nazionale'])]);
    const budget = client.doc.getMap<Y.Map<unknown>>(ProposalShape.budget);
    const line = new Y.Map<unknown>();
    budget.set('line-1', line);
    for (const [k, v] of Object.entries({
      id: 'line-1',
      order: 'a0',
      city: torino,
      category: 'staff',
      description: 'Formatori',
      amount: 246_933,
      cofunding: 50_000,
    }))
      line.set(k, v);
    const reader = await connectDoc(server, name);
    await eventually(() => expect(reader.doc.getXmlFragment(DocShape.body).length).toBe(2));

    const saved = await api(server.url, path(), { method: 'POST', cookie: admin, json: { label: 'Prima' } });
    const { version } = (await saved.json()) as { version: VersionSummary };

    // One cell changes, a list item is added, the line's amount changes.
    client.doc.transact(() => {
      const presente = ((table.get(1) as Y.XmlElement).get(2) as Y.XmlElement).get(0) as Y.XmlElement;
      const text = presente.get(0) as Y.XmlText;
      text.delete(0, text.length);
      text.insert(0, 'no');
      const li = new Y.XmlElement('listItem');
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('Formazione')]);
      li.insert(0, [p]);
      (body.get(1) as Y.XmlElement).push([li]);
      line.set('amount', 1_234_577);
    });

    const changes = await eventually(async () => {
      const res = await api(server.url, `${path()}/compare?from=${version.id}&to=current&lang=it`, { cookie: admin });
      const { changes } = (await res.json()) as { changes: BlockChange[] };
      expect(changes.some((c) => c.change === 'added' && c.text.includes('Formazione'))).toBe(true);
      return changes;
    });
    const removedTable = changes.find((c) => c.change === 'removed' && c.text.startsWith('Città'))!;
    expect(removedTable.text).toBe('Città | Delegato | Presente\nTorino | Sara Lombardi | sì');
    expect(removedTable.html).toBe(
      '<table><tr><th><p>Città</p></th><th><p>Delegato</p></th><th><p>Presente</p></th></tr><tr><td><p>Torino</p></td><td><p>Sara Lombardi</p></td><td><p>sì</p></td></tr></table>',
    );
    expect(changes.find((c) => c.change === 'added' && c.text.startsWith('Città'))!.text).toBe('Città | Delegato | Presente\nTorino | Sara Lombardi | no');
    const addedList = changes.find((c) => c.change === 'added' && c.text.includes('Formazione'))!;
    expect(addedList.text).toBe('Evento anti-dicerie\nCampagna nazionale\nFormazione');
    expect(addedList.html).toBe('<ul><li><p>Evento anti-dicerie</p></li><li><p>Campagna nazionale</p></li><li><p>Formazione</p></li></ul>');
    expect(changes.filter((c) => c.text.startsWith('Budget'))).toEqual([
      { change: 'removed', text: 'Budget di Torino: Personale, Formatori, 2.469,33\u00a0€, cofinanziamento 500,00\u00a0€' },
      { change: 'added', text: 'Budget di Torino: Personale, Formatori, 12.345,77\u00a0€, cofinanziamento 500,00\u00a0€' },
    ]);
    // Never an id or cents.
    for (const change of changes) expect(change.text).not.toMatch(new RegExp(`${torino}|246933|1234577|line-1|staff`));

    const english = (await (await api(server.url, `${path()}/compare?from=${version.id}&to=current&lang=en`, { cookie: admin })).json()) as {
      changes: BlockChange[];
    };
    expect(english.changes.filter((c) => c.text.startsWith('Budget')).map((c) => c.text)).toEqual([
      'Budget of Torino: Staff, Formatori, €2,469.33, co-funding €500.00',
      'Budget of Torino: Staff, Formatori, €12,345.77, co-funding €500.00',
    ]);
  });
});
