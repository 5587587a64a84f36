import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ACTION_PLAN_DOC, AgendaShape, DocShape, LIMITS, type MeetingView } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Issue 18: co-edited text fields have a limit the server enforces, not only the editor. A client
 * that writes an agenda title past it (a paste gone wrong, a script: a 2 MB title made the room page
 * 26 million pixels wide) has it cut back by the server for everyone, and after a reload; a field at
 * the limit and rich text are left alone; the action plan's multi-line cells take the longer limit.
 */
describe('limits of co-edited text fields', () => {
  let server: TestServer;
  let admin: string;
  let meetingId: string;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
    const res = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Limits', startsAt: '2026-06-18T08:00:00Z', endsAt: '2026-06-18T10:00:00Z' },
    });
    meetingId = ((await res.json()) as { meeting: MeetingView }).meeting.id;
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  const title = (doc: Y.Doc, id: string) => (doc.getMap<Y.Map<unknown>>(AgendaShape.items).get(id)?.get('title') as Y.Text | undefined)?.toString() ?? '';

  it('cuts an agenda title past the limit back to it, for every client and after a reload', async () => {
    const writer = await connectDoc(server, `agenda:${meetingId}`);
    const reader = await connectDoc(server, `agenda:${meetingId}`);
    const items = writer.doc.getMap<Y.Map<unknown>>(AgendaShape.items);
    // A new item with a long title at once, another at the limit, and a third typed past it afterwards.
    writer.doc.transact(() => {
      for (const [id, text] of [
        ['long', 'L'.repeat(200_000)],
        ['exact', 'E'.repeat(LIMITS.docField)],
        ['typed', 'T'.repeat(LIMITS.docField - 2)],
      ] as const) {
        const cells = new Y.Map<unknown>();
        items.set(id, cells);
        cells.set('order', id);
        cells.set('parent', '');
        cells.set('title', new Y.Text(text));
      }
    });
    await eventually(() => expect(title(reader.doc, 'exact')).toHaveLength(LIMITS.docField));
    (items.get('typed')!.get('title') as Y.Text).insert(LIMITS.docField - 2, 'ABCDE');

    for (const client of [writer, reader]) {
      await eventually(() => {
        expect(title(client.doc, 'long')).toBe('L'.repeat(LIMITS.docField));
        // What fits is kept, the rest of what was typed is cut.
        expect(title(client.doc, 'typed')).toBe(`${'T'.repeat(LIMITS.docField - 2)}AB`);
      });
      expect(title(client.doc, 'exact')).toBe('E'.repeat(LIMITS.docField));
    }
    const reloaded = await connectDoc(server, `agenda:${meetingId}`);
    expect(title(reloaded.doc, 'long')).toHaveLength(LIMITS.docField);
    expect(title(reloaded.doc, 'typed')).toHaveLength(LIMITS.docField);
  });

  it('leaves rich text alone and gives the action plan’s cells the longer limit', async () => {
    const created = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Long notes' } });
    const { document } = (await created.json()) as { document: { name: string } };
    const notes = await connectDoc(server, document.name);
    const body = notes.doc.getXmlFragment(DocShape.body);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('R'.repeat(LIMITS.notes + 1000))]);
    body.insert(0, [paragraph]);

    const plan = await connectDoc(server, ACTION_PLAN_DOC);
    const rows = plan.doc.getMap<Y.Map<unknown>>('rows');
    const row = new Y.Map<unknown>();
    rows.set('long-row', row);
    row.set('notes', new Y.Text('N'.repeat(LIMITS.notes + 10)));
    row.set('place', new Y.Text('P'.repeat(LIMITS.docField + 10)));

    const check = await connectDoc(server, ACTION_PLAN_DOC);
    await eventually(() => expect((check.doc.getMap<Y.Map<unknown>>('rows').get('long-row')?.get('notes') as Y.Text | undefined)?.length).toBe(LIMITS.notes));
    // A single-line cell of the plan is held to the plan's limit on the server (the editor stops sooner).
    expect((check.doc.getMap<Y.Map<unknown>>('rows').get('long-row')!.get('place') as Y.Text).length).toBe(LIMITS.docField + 10);
    const again = await connectDoc(server, document.name);
    await eventually(() => expect(again.doc.getXmlFragment(DocShape.body).toString()).toContain('R'.repeat(LIMITS.notes + 1000)));
  });

  it('cuts a field of a row inserted into a list, as a script might build one', async () => {
    const writer = await connectDoc(server, `agenda:${meetingId}`);
    const list = writer.doc.getArray<Y.Map<unknown>>('scripted-rows');
    writer.doc.transact(() => {
      const row = new Y.Map<unknown>();
      list.push([row]);
      row.set('title', new Y.Text('S'.repeat(LIMITS.docField + 50)));
    });
    const reader = await connectDoc(server, `agenda:${meetingId}`);
    await eventually(() =>
      expect((reader.doc.getArray<Y.Map<unknown>>('scripted-rows').get(0)?.get('title') as Y.Text | undefined)?.length).toBe(LIMITS.docField),
    );
  });
});
