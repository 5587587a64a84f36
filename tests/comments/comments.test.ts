import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocShape, type CommentThread, type Notification } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { closeAllLiveClients, joinRoom, liveClient } from '../helpers/live-client.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Comment threads: the anchor stays on its words while others edit before and inside the range;
 * replies and resolving reach everyone in the document's room; a mention becomes a notification,
 * live on another instance; only readers of the document can be mentioned, guests cannot comment.
 */

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const fromB64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** The one paragraph's text node of a minimal rich-text body. */
function paragraphText(doc: Y.Doc): Y.XmlText {
  const paragraph = doc.getXmlFragment(DocShape.body).get(0) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
}

/** The text a thread's anchor spans now, in `doc`. */
function anchoredText(doc: Y.Doc, thread: CommentThread): string {
  const start = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromB64(thread.anchor.start)), doc);
  const end = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromB64(thread.anchor.end)), doc);
  if (!start || !end) throw new Error('anchor lost');
  return (start.type as Y.XmlText).toString().slice(start.index, end.index);
}

describe('comments and mentions', () => {
  const prefix = uniquePrefix('comments');
  let a: TestServer;
  let b: TestServer;
  let admin: string;
  let doc: string;
  let secret: string;
  const people: Record<'ada' | 'bruno' | 'other' | 'guest', { id: string; cookie: string }> = {} as never;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer({ store: 'redis', prefix }), startServer({ store: 'redis', prefix })]);
    admin = await a.adminCookie();
    const [bologna, torino] = await Promise.all([createCity(a.url, admin, 'Bologna'), createCity(a.url, admin, 'Torino')]);
    const member = async (key: keyof typeof people, role: 'delegate' | 'guest', cityId?: string) => {
      const m = await createMember(a.url, admin, { role, cityId, name: key, email: `${key}@comments.test` });
      people[key] = { id: m.person.id, cookie: m.cookie };
    };
    await Promise.all([
      member('ada', 'delegate', bologna),
      member('bruno', 'delegate', bologna),
      member('other', 'delegate', torino),
      member('guest', 'guest'),
    ]);
    const create = async (title: string, scope?: unknown) => {
      const res = await api(a.url, '/api/documents', { method: 'POST', cookie: admin, json: { title, kind: 'minutes', ...(scope ? { scope } : {}) } });
      return ((await res.json()) as { document: { name: string } }).document.name;
    };
    doc = await create('Verbale con commenti', { cities: [bologna], visibility: 'network', guests: [people.guest.id] });
    secret = await create('Verbale riservato', { cities: [bologna], visibility: 'participants' });
  });

  afterAll(async () => {
    closeAllLiveClients();
    destroyAllDocClients();
    await stopAllServers();
    for (const s of [a, b]) if (s) removeDataDir(s.dataDir);
    await deletePrefix(prefix);
  });

  it('keeps a thread on its words while two people edit before and inside the range at once', async () => {
    const ada = await connectDoc(a, doc, { cookie: people.ada.cookie });
    const bruno = await connectDoc(b, doc, { cookie: people.bruno.cookie });
    ada.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Decision: the network adopts three rotating cities.')]);
      ada.doc.getXmlFragment(DocShape.body).insert(0, [paragraph]);
    });
    await eventually(() => expect(bruno.doc.getXmlFragment(DocShape.body).toString()).toContain('rotating cities'));

    // Ada comments on "three rotating cities".
    const text = paragraphText(ada.doc);
    const from = text.toString().indexOf('three');
    const to = text.toString().indexOf('.');
    const opened = await api(a.url, `/api/documents/${encodeURIComponent(doc)}/comments`, {
      method: 'POST',
      cookie: people.ada.cookie,
      json: {
        anchor: {
          start: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from))),
          end: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, to, -1))),
        },
        quote: 'three rotating cities',
        body: 'Which three? We should name them.',
      },
    });
    expect(opened.status).toBe(201);
    const { thread } = (await opened.json()) as { thread: CommentThread };

    // At the same time: Ada rewrites the start of the sentence, Bruno adds a word inside the range.
    ada.doc.transact(() => {
      paragraphText(ada.doc).delete(0, 'Decision: '.length);
      paragraphText(ada.doc).insert(0, 'Agreed after the vote: ');
    });
    const brunoText = paragraphText(bruno.doc);
    brunoText.insert(brunoText.toString().indexOf('rotating'), 'yearly ');
    await eventually(() => expect(ada.doc.getXmlFragment(DocShape.body).toString()).toBe(bruno.doc.getXmlFragment(DocShape.body).toString()));

    // The stored thread, read back from the other instance, still spans exactly its words.
    const { threads } = (await (await api(b.url, `/api/documents/${encodeURIComponent(doc)}/comments`, { cookie: people.bruno.cookie })).json()) as {
      threads: CommentThread[];
    };
    expect(threads.map((t) => t.id)).toEqual([thread.id]);
    expect(paragraphText(bruno.doc).toString()).toBe('Agreed after the vote: the network adopts three yearly rotating cities.');
    expect(anchoredText(bruno.doc, threads[0]!)).toBe('three yearly rotating cities');
    expect(anchoredText(ada.doc, threads[0]!)).toBe('three yearly rotating cities');
  });

  it('tells a mentioned person live on another instance, and the room sees replies and resolving', async () => {
    // Bruno listens on instance B: his notifications and the document's room.
    const brunoLive = await liveClient(b.url, { cookie: people.bruno.cookie, origin: b.url });
    const watcher = await liveClient(b.url, { cookie: people.other.cookie, origin: b.url });
    expect((await joinRoom(watcher, `doc:${doc}`)).ok).toBe(true);
    const notified: Notification[] = [];
    const changes: CommentThread[] = [];
    brunoLive.on('notification:new', (n) => notified.push(n));
    watcher.on('comments:changed', ({ thread }) => changes.push(thread));

    const base = `/api/documents/${encodeURIComponent(doc)}/comments`;
    const { threads } = (await (await api(a.url, base, { cookie: people.ada.cookie })).json()) as { threads: CommentThread[] };
    const threadId = threads[0]!.id;
    const replied = await api(a.url, `${base}/${threadId}/replies`, {
      method: 'POST',
      cookie: people.ada.cookie,
      json: { body: '@bruno can you list them?', mentions: [people.bruno.id] },
    });
    expect(replied.status).toBe(201);

    await eventually(() => expect(notified).toHaveLength(1));
    expect(notified[0]).toMatchObject({
      kind: 'mention',
      doc,
      threadId,
      by: { id: people.ada.id, name: 'ada' },
      excerpt: '@bruno can you list them?',
      read: false,
    });
    await eventually(() => expect(changes.at(-1)?.comments.map((c) => c.body)).toEqual(['Which three? We should name them.', '@bruno can you list them?']));

    const inbox = (await (await api(b.url, '/api/notifications', { cookie: people.bruno.cookie })).json()) as { notifications: Notification[]; unread: number };
    expect(inbox.unread).toBe(1);
    // Nobody else's inbox holds it.
    expect(((await (await api(a.url, '/api/notifications', { cookie: people.ada.cookie })).json()) as { unread: number }).unread).toBe(0);
    const read = (await (
      await api(b.url, '/api/notifications/read', { method: 'POST', cookie: people.bruno.cookie, json: { ids: [inbox.notifications[0]!.id] } })
    ).json()) as { unread: number };
    expect(read.unread).toBe(0);

    const resolved = await api(b.url, `${base}/${threadId}`, { method: 'PATCH', cookie: people.bruno.cookie, json: { resolved: true } });
    expect(((await resolved.json()) as { thread: CommentThread }).thread).toMatchObject({ resolved: true, resolvedBy: { id: people.bruno.id } });
    await eventually(() => expect(changes.at(-1)?.resolved).toBe(true));
    const reopened = await api(a.url, `${base}/${threadId}`, { method: 'PATCH', cookie: people.ada.cookie, json: { resolved: false } });
    const back = ((await reopened.json()) as { thread: CommentThread }).thread;
    expect(back.resolved).toBe(false);
    expect(back.resolvedBy).toBeUndefined();
  });

  it('refuses mentions of people who cannot read the document, comments by guests, and bad bodies, writing nothing', async () => {
    const anchor = { start: 'AAAA', end: 'AAAB' };
    const base = `/api/documents/${encodeURIComponent(secret)}/comments`;
    const leak = await api(a.url, base, {
      method: 'POST',
      cookie: people.ada.cookie,
      json: { anchor, quote: 'x', body: 'See this, @other', mentions: [people.other.id] },
    });
    expect(leak.status).toBe(400);
    expect(((await leak.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ mentions: 'not-a-reader' });
    // Torino's delegate cannot read the threads of a document for Bologna's participants (to them it does not exist).
    expect((await api(a.url, base, { cookie: people.other.cookie })).status).toBe(404);
    const mentionable = (await (await api(a.url, `${base}/mentionable`, { cookie: people.ada.cookie })).json()) as { people: { id: string }[] };
    // Readers of the document, without the one asking.
    expect(mentionable.people.map((p) => p.id)).toContain(people.bruno.id);
    expect(mentionable.people.map((p) => p.id)).not.toContain(people.other.id);
    expect(mentionable.people.map((p) => p.id)).not.toContain(people.ada.id);

    const open = `/api/documents/${encodeURIComponent(doc)}/comments`;
    expect((await api(a.url, open, { cookie: people.guest.cookie })).status).toBe(200);
    expect((await api(a.url, open, { method: 'POST', cookie: people.guest.cookie, json: { anchor, quote: 'x', body: 'hello' } })).status).toBe(403);
    const empty = await api(a.url, open, {
      method: 'POST',
      cookie: people.ada.cookie,
      json: { anchor: { start: 'not base64!', end: '' }, quote: 'x', body: '   ' },
    });
    expect(empty.status).toBe(400);
    expect(Object.keys(((await empty.json()) as { error: { fields: Record<string, string> } }).error.fields).sort()).toEqual([
      'anchor.end',
      'anchor.start',
      'body',
    ]);
    expect(((await (await api(a.url, base, { cookie: people.ada.cookie })).json()) as { threads: unknown[] }).threads).toEqual([]);
    expect(((await (await api(a.url, '/api/notifications', { cookie: people.other.cookie })).json()) as { unread: number }).unread).toBe(0);
  });
});
