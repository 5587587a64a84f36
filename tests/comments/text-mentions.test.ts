import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocShape, MENTION_NODE, type Notification } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * `@Name` typed in a document's text: the server finds the mention in the writer's stored update
 * and tells the person, if they may read the document; never the writer, never twice for one
 * mention, and the notification says who wrote it as the server knows them.
 */

/** A paragraph with text around a mention element, as the editor writes it. */
function paragraphWithMention(before: string, person: { id: string; label: string }, after: string): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  const mention = new Y.XmlElement(MENTION_NODE);
  mention.setAttribute('id', person.id);
  mention.setAttribute('label', person.label);
  paragraph.insert(0, [new Y.XmlText(before), mention, new Y.XmlText(after)]);
  return paragraph;
}

describe('mentions typed in the text', () => {
  let server: TestServer;
  let doc: string;
  const people: Record<'ada' | 'bruno' | 'other', { id: string; cookie: string }> = {} as never;
  const inbox = async (who: keyof typeof people) =>
    ((await (await api(server.url, '/api/notifications', { cookie: people[who].cookie })).json()) as { notifications: Notification[] }).notifications;

  beforeAll(async () => {
    server = await startServer();
    const admin = await server.adminCookie();
    const [bologna, torino] = await Promise.all([createCity(server.url, admin, 'Bologna'), createCity(server.url, admin, 'Torino')]);
    const member = async (key: keyof typeof people, cityId: string) => {
      const m = await createMember(server.url, admin, { role: 'delegate', cityId, name: key === 'ada' ? 'Ada Rossi' : key, email: `${key}@mentions.test` });
      people[key] = { id: m.person.id, cookie: m.cookie };
    };
    await Promise.all([member('ada', bologna), member('bruno', bologna), member('other', torino)]);
    // Only Bologna's people may read it: Torino's delegate must learn nothing of it.
    const res = await api(server.url, '/api/documents', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Verbale riservato', kind: 'minutes', scope: { cities: [bologna], visibility: 'participants' } },
    });
    doc = ((await res.json()) as { document: { name: string } }).document.name;
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  it('tells a reader once, with the paragraph and the writer the server knows; not a non-reader, not the writer', async () => {
    const ada = await connectDoc(server, doc, { cookie: people.ada.cookie });
    const body = ada.doc.getXmlFragment(DocShape.body);
    ada.doc.transact(() => {
      body.insert(0, [
        paragraphWithMention('Budget: ', { id: people.bruno.id, label: 'Bruno' }, ' checks the figures by Friday.'),
        paragraphWithMention('Ask ', { id: people.other.id, label: 'Other' }, ' too.'),
        paragraphWithMention('Note to self: ', { id: people.ada.id, label: 'Ada Rossi' }, ''),
      ]);
    });

    const [told] = await eventually(async () => {
      const list = await inbox('bruno');
      expect(list).toHaveLength(1);
      return list;
    });
    expect(told).toMatchObject({ kind: 'mention', doc, docTitle: 'Verbale riservato', by: { id: people.ada.id, name: 'Ada Rossi' }, read: false });
    expect(told!.excerpt).toBe('Budget: @Bruno checks the figures by Friday.');
    expect(told!.threadId).toBeUndefined();

    // Editing around the mention, or in another paragraph, does not tell Bruno again.
    ((body.get(0) as Y.XmlElement).get(2) as Y.XmlText).insert(0, ' (and the co-funding)');
    const later = await connectDoc(server, doc, { cookie: people.bruno.cookie });
    await eventually(() => expect(later.doc.getXmlFragment(DocShape.body).toString()).toContain('co-funding'));
    expect(await inbox('bruno')).toHaveLength(1);
    expect(await inbox('other')).toEqual([]);
    expect(await inbox('ada')).toEqual([]);
  });

  it('does not tell anyone again when the document is loaded after a restart', async () => {
    destroyAllDocClients();
    await server.stop();
    server = await startServer({ dataDir: server.dataDir });
    const reader = await connectDoc(server, doc, { cookie: people.bruno.cookie });
    expect(reader.doc.getXmlFragment(DocShape.body).toString()).toContain('co-funding');
    expect(await inbox('bruno')).toHaveLength(1);
  });
});
