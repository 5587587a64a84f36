import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import {
  ACTION_PLAN_DOC,
  ActionPlanShape,
  actionPlanRows,
  agendaItems,
  AgendaShape,
  applyTextChange,
  budgetLines,
  editableText,
  ProposalShape,
  textChange,
  type MeetingView,
  type Proposal,
} from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Free-text fields of shared documents are Y.Text (issue 18). Documents written before kept them as
 * plain strings in their Y.Maps: such a document, built here with the shapes of before, opens,
 * reads the same everywhere (clients, exports, server writers), and turns each string into a
 * Y.Text with the same content when it is first edited, without losing a character or another
 * field; two people then typing into the field at once both keep every character.
 */

/** What the binding does for one edit: the string becomes a Y.Text in the same transaction. */
function type(client: DocClient, cells: Y.Map<unknown>, field: string, after: string, caret = after.length): void {
  client.doc.transact(() => {
    const text = editableText(cells, field)!;
    const change = textChange(text.toString(), after, caret);
    if (change) applyTextChange(text, change);
  });
}

const ORIGINAL_TITLE = 'Rete dei siti web delle città';

describe('text fields of documents written before', () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startServer({ env: { DEMO: 'true' } });
    admin = await server.adminCookie();
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  it('an agenda of before: read everywhere, converted on first edit without loss, then merged character by character', async () => {
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Old agenda', startsAt: '2026-07-01T08:00:00Z', endsAt: '2026-07-01T09:00:00Z' },
    });
    const { meeting } = (await created.json()) as { meeting: MeetingView };
    const name = `agenda:${meeting.id}`;
    const old = await connectDoc(server, name);
    // The shape of before: strings in the item's map.
    old.doc.transact(() => {
      const cells = new Y.Map<unknown>();
      old.doc.getMap<Y.Map<unknown>>(AgendaShape.items).set('item-1', cells);
      cells.set('order', generateKeyBetween(null, null));
      cells.set('parent', '');
      cells.set('title', ORIGINAL_TITLE);
      cells.set('presenter', 'Marco Ferri');
      cells.set('minutes', '15');
      const description = new Y.XmlFragment();
      cells.set('description', description);
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Descrizione')]);
      description.insert(0, [paragraph]);
    });

    const a = await connectDoc(server, name);
    const b = await connectDoc(server, name);
    const cellsOf = (c: DocClient) => c.doc.getMap<Y.Map<unknown>>(AgendaShape.items).get('item-1')!;
    const read = (c: DocClient) => agendaItems(c.doc.getMap(AgendaShape.items).toJSON() as Record<string, unknown>)[0]!;
    await eventually(() => expect(read(b)).toMatchObject({ title: ORIGINAL_TITLE, presenter: 'Marco Ferri', minutes: 15 }));
    // The server's outline (exports) reads the string.
    expect(await (await api(server.url, `/api/documents/${encodeURIComponent(name)}/export.md`, { cookie: admin })).text()).toContain(ORIGINAL_TITLE);

    // First edit: the string becomes a Y.Text with the same content, in one transaction.
    type(a, cellsOf(a), 'title', `${ORIGINAL_TITLE} (es.`);
    await eventually(() => expect(cellsOf(b).get('title')).toBeInstanceOf(Y.Text));
    expect(read(b)).toMatchObject({ title: `${ORIGINAL_TITLE} (es.`, presenter: 'Marco Ferri', minutes: 15 });
    expect(typeof cellsOf(b).get('presenter')).toBe('string'); // untouched fields stay as they were
    expect((cellsOf(b).get('description') as Y.XmlFragment).toString()).toContain('Descrizione');

    // Two people type at the end at once, one letter at a time: every letter of both stays.
    const mine = ' sito web della rete';
    const theirs = ' portale del Comune';
    for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
      const ta = cellsOf(a).get('title') as Y.Text;
      const tb = cellsOf(b).get('title') as Y.Text;
      if (mine[i]) ta.insert(ta.length, mine[i]!);
      if (theirs[i]) tb.insert(tb.length, theirs[i]!);
    }
    const expectedLength = `${ORIGINAL_TITLE} (es.`.length + mine.length + theirs.length;
    await eventually(() => {
      expect(read(a).title.length).toBe(expectedLength);
      expect(read(b).title).toBe(read(a).title);
    });
    const merged = read(a).title.slice(`${ORIGINAL_TITLE} (es.`.length);
    expect(lettersOf(merged, mine)).toBe(true);
    expect(lettersOf(merged, theirs)).toBe(true);

    // After a reload, from the store.
    const fresh = await connectDoc(server, name);
    expect(read(fresh).title).toBe(read(a).title);
    expect(await (await api(server.url, `/api/documents/${encodeURIComponent(name)}/export.md`, { cookie: admin })).text()).toContain(
      read(a).title.slice(0, 40),
    );
  });

  it('an action plan row of before: the CSV export and the server writers read and write both forms', async () => {
    const old = await connectDoc(server, ACTION_PLAN_DOC);
    const rows = old.doc.getMap<Y.Map<unknown>>(ActionPlanShape.rows);
    const last = actionPlanRows(rows.toJSON()).at(-1)?.order ?? null;
    old.doc.transact(() => {
      const cells = new Y.Map<unknown>();
      rows.set('old-row', cells);
      for (const [k, v] of Object.entries({
        order: generateKeyBetween(last, null),
        event: 'Forum di prova',
        date: '2026-11-20',
        placeKind: 'other',
        place: 'Torino',
        notes: 'Note scritte prima',
        status: 'idea',
      }))
        cells.set(k, v);
    });
    const csv = async () => (await api(server.url, '/api/action-plan/export.csv', { cookie: admin })).text();
    await eventually(async () => expect(await csv()).toContain('Note scritte prima'));

    const a = await connectDoc(server, ACTION_PLAN_DOC);
    const b = await connectDoc(server, ACTION_PLAN_DOC);
    const cellsOf = (c: DocClient) => c.doc.getMap<Y.Map<unknown>>(ActionPlanShape.rows).get('old-row')!;
    await eventually(() => expect(cellsOf(a)).toBeDefined());
    type(a, cellsOf(a), 'notes', 'Note scritte prima, e dopo');
    await eventually(() => expect(cellsOf(b).get('notes')).toBeInstanceOf(Y.Text));
    await eventually(async () => expect(await csv()).toContain('Note scritte prima, e dopo'));

    // A server writer (scheduling the row as a meeting) reads the event whichever its form, and
    // leaves the converted notes as they are.
    const scheduled = await api(server.url, '/api/action-plan/rows/old-row/meeting', { method: 'POST', cookie: admin, json: {} });
    expect(scheduled.status).toBeLessThan(300);
    await eventually(() =>
      expect(actionPlanRows(b.doc.getMap(ActionPlanShape.rows).toJSON()).find((r) => r.id === 'old-row')).toMatchObject({
        status: 'scheduled',
        event: 'Forum di prova',
        notes: 'Note scritte prima, e dopo',
      }),
    );
    expect(cellsOf(b).get('notes')).toBeInstanceOf(Y.Text);
  });

  it('a budget line of before: the proposal export reads it before and after its first edit', async () => {
    const { proposals } = (await (await api(server.url, '/api/proposals', { cookie: admin })).json()) as { proposals: { proposal: Proposal }[] };
    const proposal = proposals[0]!.proposal;
    const client = await connectDoc(server, proposal.name);
    const budget = client.doc.getMap<Y.Map<unknown>>(ProposalShape.budget);
    const last = budgetLines(budget.toJSON()).at(-1)?.order ?? null;
    client.doc.transact(() => {
      const cells = new Y.Map<unknown>();
      budget.set('old-line', cells);
      for (const [k, v] of Object.entries({
        order: generateKeyBetween(last, null),
        city: 'torino',
        category: 'travel',
        description: 'Viaggi di studio',
        amount: 120_000,
        cofunding: 0,
      }))
        cells.set(k, v);
    });
    const markdown = async () => (await api(server.url, `/api/proposals/${proposal.id}/export.md`, { cookie: admin })).text();
    await eventually(async () => expect(await markdown()).toContain('Viaggi di studio'));
    type(client, budget.get('old-line')!, 'description', 'Viaggi di studio a Torino');
    expect(budget.get('old-line')!.get('description')).toBeInstanceOf(Y.Text);
    await eventually(async () => expect(await markdown()).toContain('Viaggi di studio a Torino'));
  });
});

/** Every letter of `word` appears in `text`, in order. */
function lettersOf(text: string, word: string): boolean {
  let i = 0;
  for (const c of text) if (c === word[i]) i++;
  return i === word.length;
}
