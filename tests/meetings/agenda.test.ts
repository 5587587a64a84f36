import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { agendaItems, AgendaShape, type AgendaItem, type MeetingView } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { startServer, stopAllServers } from '../helpers/server.ts';
import { api } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

const items = (client: DocClient): AgendaItem[] => agendaItems(client.doc.getMap(AgendaShape.items).toJSON() as Record<string, unknown>);
const map = (client: DocClient) => client.doc.getMap<Y.Map<unknown>>(AgendaShape.items);

/** Adds an item at the end of the top level, like the agenda editor does. */
function addItem(client: DocClient, id: string, title: string, minutes: number): void {
  const last = items(client)
    .filter((i) => i.depth === 0)
    .at(-1);
  client.doc.transact(() => {
    const cells = new Y.Map<unknown>();
    map(client).set(id, cells);
    cells.set('order', generateKeyBetween(last?.order ?? null, null));
    cells.set('parent', '');
    cells.set('title', title);
    cells.set('presenter', '');
    cells.set('minutes', String(minutes));
    cells.set('description', new Y.XmlFragment());
  });
}

/** Moves an item to the top of the agenda. */
function moveFirst(client: DocClient, id: string): void {
  const first = items(client).find((i) => i.depth === 0);
  map(client).get(id)!.set('order', generateKeyBetween(null, first!.order));
}

function typeDescription(client: DocClient, id: string, text: string): void {
  const fragment = map(client).get(id)!.get('description') as Y.XmlFragment;
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

/** The co-edited agenda: many people editing at once, on two instances over Redis, converge to one agenda. */
describe('agenda co-editing', () => {
  const prefix = uniquePrefix('agenda');
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    await deletePrefix(prefix);
  });

  it('converges when many people add, move, nest, rename and describe items at the same time on two instances', async () => {
    const [a, b] = await Promise.all([startServer({ store: 'redis', prefix }), startServer({ store: 'redis', prefix })]);
    const created = await api(a.url, '/api/meetings', {
      method: 'POST',
      cookie: await a.adminCookie(),
      json: { title: 'Work plan', startsAt: '2026-07-01T08:00:00Z', endsAt: '2026-07-01T09:00:00Z' },
    });
    const { meeting } = (await created.json()) as { meeting: MeetingView };
    const name = `agenda:${meeting.id}`;
    const clients = await Promise.all([a, b, a, b, a, b].map((server) => connectDoc(server, name)));
    addItem(clients[0]!, 'seed-1', 'Analysis of intercultural policies', 45);
    addItem(clients[0]!, 'seed-2', 'Work plan', 30);
    await eventually(() => clients.forEach((c) => expect(items(c)).toHaveLength(2)));

    // Everyone at once, without waiting for the others: 6 people x 5 new items, moves, nesting,
    // concurrent renames of the same item and text typed into the same description.
    for (const [n, client] of clients.entries()) {
      for (let k = 0; k < 5; k++) addItem(client, `c${n}-i${k}`, `Item ${k} of person ${n}`, 5);
      moveFirst(client, `c${n}-i4`);
      map(client).get('seed-2')!.set('title', `Work plan (renamed by ${n})`);
      // Nest person n's second item under their first.
      map(client).get(`c${n}-i1`)!.set('parent', `c${n}-i0`);
      typeDescription(client, 'seed-1', `note from person ${n}`);
    }

    const expected = 2 + clients.length * 5;
    await eventually(
      () => {
        const reference = items(clients[0]!);
        expect(reference).toHaveLength(expected);
        expect(new Set(reference.map((i) => i.id)).size).toBe(expected);
        for (const c of clients) {
          expect(items(c)).toEqual(reference);
          expect((map(c).get('seed-1')!.get('description') as Y.XmlFragment).toString()).toBe(
            (map(clients[0]!).get('seed-1')!.get('description') as Y.XmlFragment).toString(),
          );
        }
      },
      { timeout: 20_000 },
    );
    const final = items(clients[0]!);
    // One rename won, the same everywhere; every sub-item sits under its parent; every note survived.
    expect(final.find((i) => i.id === 'seed-2')!.title).toMatch(/^Work plan \(renamed by \d\)$/);
    for (let n = 0; n < clients.length; n++) {
      const parentIndex = final.findIndex((i) => i.id === `c${n}-i0`);
      expect(final[parentIndex + 1]).toMatchObject({ id: `c${n}-i1`, depth: 1, parent: `c${n}-i0` });
      expect(
        final
          .filter((i) => i.depth === 0)
          .slice(0, clients.length)
          .map((i) => i.id),
      ).toContain(`c${n}-i4`);
    }
    const notes = (map(clients[0]!).get('seed-1')!.get('description') as Y.XmlFragment).toString();
    for (let n = 0; n < clients.length; n++) expect(notes).toContain(`note from person ${n}`);

    // A newcomer loading from the store gets the same agenda.
    const late = await connectDoc(b, name);
    await eventually(() => expect(items(late)).toEqual(final));
  });
});
