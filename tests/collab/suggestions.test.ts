import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocShape } from '@dialogo/shared';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Suggested changes name their author in their id, and the document server holds it: a person
 * may start suggestions only in their own name, may extend one already in the document and may
 * accept or reject anyone's. Exports read the text with pending suggestions accepted, or marked.
 */
describe('suggested changes', () => {
  let server: TestServer;
  let doc: string;
  const people: Record<'ada' | 'bruno', { id: string; cookie: string }> = {} as never;

  beforeAll(async () => {
    server = await startServer();
    const admin = await server.adminCookie();
    const bologna = await createCity(server.url, admin, 'Bologna');
    for (const key of ['ada', 'bruno'] as const) {
      const m = await createMember(server.url, admin, { role: 'delegate', cityId: bologna, name: key, email: `${key}@suggestions.test` });
      people[key] = { id: m.person.id, cookie: m.cookie };
    }
    const res = await api(server.url, '/api/documents', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Proposta', kind: 'minutes', scope: { cities: [bologna], visibility: 'network' } },
    });
    doc = ((await res.json()) as { document: { name: string } }).document.name;
  });

  afterAll(async () => {
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  /** The one paragraph's text of the body. */
  const textOf = (d: Y.Doc) => (d.getXmlFragment(DocShape.body).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  /** Its characters (`toString()` would add the formatting as tags). */
  const plain = (text: Y.XmlText) => (text.toDelta() as { insert: string }[]).map((op) => op.insert).join('');

  it('keeps each suggestion in its author’s name, and the exports read it accepted or marked', async () => {
    const ada = openRawDoc(server.wsUrl, doc, { cookie: people.ada.cookie });
    await ada.sync();
    ada.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('The network meets twice a year.')]);
      ada.doc.getXmlFragment(DocShape.body).insert(0, [paragraph]);
    });
    // Ada suggests: "twice" out, "three times" in, under her own id.
    const mine = `${people.ada.id}:a1`;
    ada.doc.transact(() => {
      const text = textOf(ada.doc);
      const at = plain(text).indexOf('twice');
      text.format(at, 'twice'.length, { deletion: { id: mine } });
      text.insert(at + 'twice'.length, 'three times', { insertion: { id: mine } });
    });
    await ada.sync();

    // Bruno extends Ada's suggestion (typing next to it reuses its id): allowed.
    const bruno = openRawDoc(server.wsUrl, doc, { cookie: people.bruno.cookie });
    await bruno.sync();
    // The sync answer may come before Ada's last updates are stored; they follow as updates.
    await eventually(() => expect(bruno.doc.getXmlFragment(DocShape.body).toString()).toContain('three times'));
    const brunoText = textOf(bruno.doc);
    const end = plain(brunoText).indexOf('three times') + 'three times'.length;
    brunoText.insert(end, ' or more', { insertion: { id: mine } });
    await bruno.sync();

    // Exports: accepted by default, marked on request.
    const md = async (query = '') =>
      (await api(server.url, `/api/documents/${encodeURIComponent(doc)}/export.md${query}`, { cookie: people.bruno.cookie })).text();
    await eventually(async () => expect(await md()).toContain('The network meets three times or more a year.'));
    const marked = await md('?suggestions=marked');
    expect(marked).toContain('<del>twice</del>');
    expect(marked).toContain('<ins>three times or more</ins>');

    // A new suggestion in Ada's name from Bruno's connection is a forgery: refused, nothing stored.
    brunoText.format(0, 3, { deletion: { id: `${people.ada.id}:forged` } });
    const { code, reason } = await bruno.closed;
    expect(code).toBe(4400);
    expect(reason).toBe('invalid-update');
    const again = openRawDoc(server.wsUrl, doc, { cookie: people.ada.cookie });
    await again.sync();
    await eventually(() => expect(again.doc.getXmlFragment(DocShape.body).toString()).toContain('or more'));
    expect(textOf(again.doc).toDelta()).not.toContainEqual(
      expect.objectContaining({ attributes: expect.objectContaining({ deletion: { id: `${people.ada.id}:forged` } }) }),
    );

    // Bruno, back, accepts Ada's suggestion (marks removed, the deleted word dropped): allowed.
    const back = openRawDoc(server.wsUrl, doc, { cookie: people.bruno.cookie });
    await back.sync();
    await eventually(() => expect(back.doc.getXmlFragment(DocShape.body).toString()).toContain('or more'));
    back.doc.transact(() => {
      const text = textOf(back.doc);
      const at = plain(text).indexOf('twice');
      text.delete(at, 'twice'.length);
      text.format(0, text.length, { insertion: null });
    });
    await back.sync();
    await eventually(async () => expect(await md('?suggestions=marked')).toContain('The network meets three times or more a year.'));
    expect(await md('?suggestions=marked')).not.toMatch(/<ins>|<del>/);
    for (const socket of [ada, again, back]) socket.close();
  });

  /** A new document of Ada's with four paragraphs, "Due." suggested for removing, "Nuovo." for adding, "Tre." and "Quattro." for joining. */
  async function blockDoc(): Promise<{ name: string; close(): void }> {
    const res = await api(server.url, '/api/documents', {
      method: 'POST',
      cookie: people.ada.cookie,
      json: { title: 'Blocchi', kind: 'minutes', scope: { cities: [], visibility: 'network' } },
    });
    expect(res.status).toBe(201);
    const name = ((await res.json()) as { document: { name: string } }).document.name;
    const paragraph = (text: string, attributes: Record<string, string> = {}) => {
      const element = new Y.XmlElement('paragraph');
      for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
      element.insert(0, [new Y.XmlText(text)]);
      return element;
    };
    const ada = openRawDoc(server.wsUrl, name, { cookie: people.ada.cookie });
    await ada.sync();
    const body = ada.doc.getXmlFragment(DocShape.body);
    ada.doc.transact(() =>
      body.insert(
        0,
        ['Uno.', 'Due.', 'Tre.', 'Quattro.'].map((text) => paragraph(text)),
      ),
    );
    const mine = (n: string) => `${people.ada.id}:${n}`;
    ada.doc.transact(() => {
      (body.get(1) as Y.XmlElement).setAttribute('blockSuggestion', `deletion:${mine('b1')}`);
      body.insert(2, [paragraph('Nuovo.', { blockSuggestion: `insertion:${mine('b2')}` })]);
      const tre = (body.get(3) as Y.XmlElement).get(0) as Y.XmlText;
      tre.insert(tre.length, ZW, { deletion: { id: mine('b3') } });
      ((body.get(4) as Y.XmlElement).get(0) as Y.XmlText).insert(0, ZW, { deletion: { id: mine('b3') } });
    });
    await ada.sync();
    return { name, close: () => ada.close() };
  }
  const ZW = '\u200B';
  const exportOf =
    (name: string) =>
    async (query = '') =>
      (await api(server.url, `/api/documents/${encodeURIComponent(name)}/export.md${query}`, { cookie: people.bruno.cookie })).text();

  it('exports whole-block suggestions, splits and joins accepted, or marked on request', async () => {
    const { name, close } = await blockDoc();
    const md = exportOf(name);
    await eventually(async () => expect(await md()).toContain('Tre.Quattro.'));
    const final = await md();
    expect(final).toContain('Uno.\n\nNuovo.\n\nTre.Quattro.');
    expect(final).not.toContain('Due.');
    expect(final).not.toContain(ZW);
    const marked = await md('?suggestions=marked');
    expect(marked).toContain('<del>Due.</del>');
    expect(marked).toContain('<ins>Nuovo.</ins>');
    expect(marked).toContain('Tre.<del>¶</del>');
    expect(marked).not.toContain(ZW);
    close();
  });

  it('refuses a block suggestion in another person’s name, on a new block attribute or over an old one', async () => {
    const { name, close } = await blockDoc();
    const md = exportOf(name);
    // Bruno may mark a block in his own name, and not in Ada's: neither on a block never marked,
    // nor over his own mark (an attribute set again names its key only through the value it replaces).
    const bruno = openRawDoc(server.wsUrl, name, { cookie: people.bruno.cookie });
    await bruno.sync();
    await eventually(() => expect(bruno.doc.getXmlFragment(DocShape.body).length).toBe(5));
    const first = bruno.doc.getXmlFragment(DocShape.body).get(0) as Y.XmlElement;
    first.setAttribute('blockSuggestion', `deletion:${people.bruno.id}:ok`);
    await bruno.sync();
    first.setAttribute('blockSuggestion', `deletion:${people.ada.id}:forged`);
    expect(await bruno.closed).toEqual({ code: 4400, reason: 'invalid-update' });
    const other = openRawDoc(server.wsUrl, name, { cookie: people.bruno.cookie });
    await other.sync();
    await eventually(() =>
      expect((other.doc.getXmlFragment(DocShape.body).get(0) as Y.XmlElement).getAttribute('blockSuggestion')).toBe(`deletion:${people.bruno.id}:ok`),
    );
    const fresh = other.doc.getXmlFragment(DocShape.body).get(4) as Y.XmlElement;
    fresh.setAttribute('blockSuggestion', `insertion:${people.ada.id}:forged`);
    expect(await other.closed).toEqual({ code: 4400, reason: 'invalid-update' });
    // Bruno's own suggestion counts: the first paragraph goes once accepted; the forged ones are nowhere.
    await eventually(async () => expect(await md()).not.toContain('Uno.'));
    const stored = openRawDoc(server.wsUrl, name, { cookie: people.ada.cookie });
    await stored.sync();
    await eventually(() => expect(stored.doc.getXmlFragment(DocShape.body).length).toBe(5));
    expect(JSON.stringify(stored.doc.getXmlFragment(DocShape.body).toJSON())).not.toContain('forged');
    stored.close();
    close();
  });

  it('keeps block suggestions, splits and joins through a restart: in the document and in the exports', async () => {
    const { name, close } = await blockDoc();
    await eventually(async () => expect(await exportOf(name)()).toContain('Tre.Quattro.'));
    close();
    await server.stop();
    server = await startServer({ dataDir: server.dataDir });
    const md = exportOf(name);
    expect(await md()).toContain('Uno.\n\nNuovo.\n\nTre.Quattro.');
    expect(await md('?suggestions=marked')).toContain('<del>Due.</del>');
    const reader = openRawDoc(server.wsUrl, name, { cookie: people.bruno.cookie });
    await reader.sync();
    await eventually(() => expect(reader.doc.getXmlFragment(DocShape.body).length).toBe(5));
    const body = reader.doc.getXmlFragment(DocShape.body);
    expect((body.get(1) as Y.XmlElement).getAttribute('blockSuggestion')).toBe(`deletion:${people.ada.id}:b1`);
    expect((body.get(2) as Y.XmlElement).getAttribute('blockSuggestion')).toBe(`insertion:${people.ada.id}:b2`);
    reader.close();
  });
});
