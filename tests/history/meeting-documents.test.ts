import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import * as Y from 'yjs';
import {
  agendaDocName,
  agendaItems,
  AgendaShape,
  DocShape,
  minutesDocName,
  minutesSectionName,
  restoreAgenda,
  restoreMinutes,
  type Ack,
  type BlockChange,
  type MeetingView,
  type VersionSummary,
} from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { closeAllLiveClients, liveClient } from '../helpers/live-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * History, exports and publishing of a meeting's documents: minutes keep one section per agenda
 * item, and every way out of the editor (Word, Markdown, print, the published page, a version's
 * view and comparison) shows those sections under their items' titles, in the agenda's order.
 * Versions say who wrote since the one before, and a meeting starting and ending leaves one.
 */

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

const versionsPath = (name: string) => `/api/documents/${encodeURIComponent(name)}/versions`;

async function versionsOf(server: TestServer, cookie: string, name: string): Promise<VersionSummary[]> {
  const res = await api(server.url, versionsPath(name), { cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { versions: VersionSummary[] }).versions;
}

/** Waits until a fresh connection reads what `check` finds: the server has stored it. */
async function stored(server: TestServer, name: string, check: (doc: Y.Doc) => void): Promise<void> {
  const reader = await connectDoc(server, name);
  await eventually(() => check(reader.doc));
  reader.destroy();
}

describe('the documents of a meeting', () => {
  let server: TestServer;
  let admin: string;
  let meeting: MeetingView;
  let agenda: DocClient;
  let minutes: DocClient;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Coordination meeting', startsAt: '2026-06-18T08:00:00Z', endsAt: '2026-06-18T10:00:00Z' },
    });
    meeting = ((await created.json()) as { meeting: MeetingView }).meeting;

    // The agenda: two items, the second listed first by its order key; a title with markup typed as text.
    agenda = await connectDoc(server, agendaDocName(meeting.id));
    agenda.doc.transact(() => {
      for (const [id, order, title] of [
        ['work-plan', 'a2', 'Work plan <b>2027</b>'],
        ['welcome', 'a1', 'Welcome'],
      ] as const) {
        const cells = new Y.Map<unknown>();
        agenda.doc.getMap(AgendaShape.items).set(id, cells);
        cells.set('order', order);
        cells.set('parent', '');
        cells.set('title', title);
        cells.set('minutes', 10);
        const description = new Y.XmlFragment();
        cells.set('description', description);
        description.insert(0, [paragraph(`About ${id}.`)]);
      }
    });
    minutes = await connectDoc(server, minutesDocName(meeting.id));
    minutes.doc.transact(() => {
      minutes.doc.getXmlFragment(DocShape.body).insert(0, [paragraph('Present: Torino, Arezzo.')]);
      minutes.doc.getXmlFragment(minutesSectionName('welcome')).insert(0, [paragraph('Welcomed the new city.')]);
      minutes.doc.getXmlFragment(minutesSectionName('work-plan')).insert(0, [paragraph('Agreed on <script>alert(1)</script> the plan.')]);
    });
    await stored(server, agendaDocName(meeting.id), (doc) => expect(doc.getMap(AgendaShape.items).size).toBe(2));
    await stored(server, minutesDocName(meeting.id), (doc) => expect(doc.getXmlFragment(minutesSectionName('work-plan')).length).toBe(1));
  });

  afterAll(async () => {
    closeAllLiveClients();
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  const exported = (name: string, format: 'md' | 'html' | 'docx') =>
    api(server.url, `/api/documents/${encodeURIComponent(name)}/export.${format}`, { cookie: admin });

  it('exports the minutes with each agenda item’s section under its title, in the agenda’s order', async () => {
    const md = await (await exported(minutesDocName(meeting.id), 'md')).text();
    const order = [
      'Present: Torino, Arezzo.',
      '## 1. Welcome',
      'Welcomed the new city.',
      '## 2. Work plan \\<b\\>2027\\</b\\>',
      'Agreed on \\<script\\>alert(1)\\</script\\> the plan.',
    ];
    for (const piece of order) expect(md).toContain(piece);
    expect(order.map((piece) => md.indexOf(piece))).toEqual(order.map((piece) => md.indexOf(piece)).sort((a, b) => a - b));

    const html = await (await exported(minutesDocName(meeting.id), 'html')).text();
    expect(html).toContain('<h2>1. Welcome</h2>');
    expect(html).toContain('<h2>2. Work plan &#60;b&#62;2027&#60;/b&#62;</h2>');
    expect(html).toContain('Agreed on &#60;script&#62;alert(1)&#60;/script&#62; the plan.');
    expect(html).not.toContain('<script>');

    const docx = await exported(minutesDocName(meeting.id), 'docx');
    const read = (await mammoth.convertToHtml({ buffer: Buffer.from(await docx.arrayBuffer()) })).value;
    // Each item's heading, then (after its time box) its section, in the agenda's order.
    const inWord = [
      '<h1>1. Welcome</h1>',
      '<p>Welcomed the new city.</p>',
      '<h1>2. Work plan &lt;b&gt;2027&lt;/b&gt;</h1>',
      '<p>Agreed on &lt;script&gt;alert(1)&lt;/script&gt; the plan.</p>',
    ];
    for (const piece of inWord) expect(read).toContain(piece);
    expect(inWord.map((piece) => read.indexOf(piece))).toEqual(inWord.map((piece) => read.indexOf(piece)).sort((a, b) => a - b));
  });

  it('exports the agenda as its items with their descriptions', async () => {
    const md = await (await exported(agendaDocName(meeting.id), 'md')).text();
    expect(md).toMatch(/## 1\. Welcome\n\nAbout welcome\.\n\n## 2\. Work plan/);
  });

  it('publishes the minutes with their sections, markup typed as text kept as text', async () => {
    const published = await api(server.url, `/api/documents/${encodeURIComponent(minutesDocName(meeting.id))}/publication`, { method: 'POST', cookie: admin });
    expect(published.status).toBe(201);
    const { url } = (await published.json()) as { url: string };
    const page = await (await fetch(url)).text();
    expect(page).toContain('<h2>1. Welcome</h2>');
    expect(page).toContain('Welcomed the new city.');
    expect(page).toContain('Agreed on &#60;script&#62;alert(1)&#60;/script&#62; the plan.');
    expect(page).not.toContain('<script>');
  });

  it('views and compares versions of the minutes section by section', async () => {
    const saved = await api(server.url, versionsPath(minutesDocName(meeting.id)), { method: 'POST', cookie: admin, json: { label: 'Draft' } });
    const { version } = (await saved.json()) as { version: VersionSummary };
    const section = minutes.doc.getXmlFragment(minutesSectionName('welcome'));
    minutes.doc.transact(() => {
      section.delete(0, 1);
      section.insert(0, [paragraph('Welcomed Arezzo, the new city.')]);
    });
    await stored(server, minutesDocName(meeting.id), (doc) =>
      expect(doc.getXmlFragment(minutesSectionName('welcome')).toString()).toContain('Arezzo, the new'),
    );

    const view = await api(server.url, `${versionsPath(minutesDocName(meeting.id))}/${version.id}`, { cookie: admin });
    expect(((await view.json()) as { html: string }).html).toContain('<h2>1. Welcome</h2>\n<p>Welcomed the new city.</p>');
    const compared = await api(server.url, `${versionsPath(minutesDocName(meeting.id))}/compare?from=${version.id}&to=current`, { cookie: admin });
    const { changes } = (await compared.json()) as { changes: BlockChange[] };
    expect(changes).toEqual([
      { change: 'same', text: 'Present: Torino, Arezzo.' },
      { change: 'same', text: '## 1. Welcome' },
      { change: 'removed', text: 'Welcomed the new city.' },
      { change: 'added', text: 'Welcomed Arezzo, the new city.' },
      { change: 'same', text: '## 2. Work plan <b>2027</b>' },
      { change: 'same', text: 'Agreed on <script>alert(1)</script> the plan.' },
    ]);
  });

  it('restores the minutes and the agenda, every section and item, for everyone connected', async () => {
    const save = async (name: string) => {
      const res = await api(server.url, versionsPath(name), { method: 'POST', cookie: admin, json: { label: 'Before the changes' } });
      return ((await res.json()) as { version: VersionSummary }).version;
    };
    const earlierOf = async (name: string, version: VersionSummary) => {
      const res = await api(server.url, `${versionsPath(name)}/${version.id}/content`, { cookie: admin });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()));
      return doc;
    };
    const minutesVersion = await save(minutesDocName(meeting.id));
    const agendaVersion = await save(agendaDocName(meeting.id));

    // After the versions: a section is rewritten, a section for a new item appears, an item is renamed and one removed.
    minutes.doc.transact(() => {
      minutes.doc.getXmlFragment(minutesSectionName('work-plan')).insert(0, [paragraph('Postponed.')]);
      minutes.doc.getXmlFragment(minutesSectionName('late-item')).insert(0, [paragraph('Added later.')]);
    });
    agenda.doc.transact(() => {
      agenda.doc.getMap<Y.Map<unknown>>(AgendaShape.items).get('welcome')!.set('title', 'Greetings');
      agenda.doc.getMap(AgendaShape.items).delete('work-plan');
    });
    const other = await connectDoc(server, minutesDocName(meeting.id));
    const otherAgenda = await connectDoc(server, agendaDocName(meeting.id));
    await eventually(() => expect(other.doc.getXmlFragment(minutesSectionName('late-item')).length).toBe(1));
    await eventually(() => expect(otherAgenda.doc.getMap(AgendaShape.items).size).toBe(1));

    restoreMinutes(minutes.doc, await earlierOf(minutesDocName(meeting.id), minutesVersion));
    restoreAgenda(agenda.doc, await earlierOf(agendaDocName(meeting.id), agendaVersion));

    const sectionText = (doc: Y.Doc, id: string) => doc.getXmlFragment(minutesSectionName(id)).toString();
    await eventually(() => {
      expect(sectionText(other.doc, 'work-plan')).not.toContain('Postponed.');
      expect(sectionText(other.doc, 'work-plan')).toContain('Agreed on');
      expect(other.doc.getXmlFragment(minutesSectionName('late-item')).length).toBe(0);
      const items = agendaItems(otherAgenda.doc.getMap(AgendaShape.items).toJSON() as Record<string, unknown>);
      expect(items.map((i) => i.title)).toEqual(['Welcome', 'Work plan <b>2027</b>']);
      const description = otherAgenda.doc.getMap<Y.Map<unknown>>(AgendaShape.items).get('work-plan')!.get('description') as Y.XmlFragment;
      expect(description.toString()).toContain('About work-plan.');
    });
    other.destroy();
    otherAgenda.destroy();
  });

  it('keeps a version of the agenda and the minutes when the meeting starts and when it ends', async () => {
    const chair = await liveClient(server.url, { cookie: admin });
    const control = (command: 'start' | 'end') =>
      new Promise<Ack<unknown>>((resolve) => chair.emit('meeting:control', { meetingId: meeting.id, command }, resolve));
    const reasons = async (name: string) => (await versionsOf(server, admin, name)).flatMap((v) => (v.reason ? [v.reason] : []));

    expect(await control('start')).toMatchObject({ ok: true });
    for (const name of [agendaDocName(meeting.id), minutesDocName(meeting.id)]) expect(await reasons(name)).toEqual(['meeting-started']);

    minutes.doc.getXmlFragment(DocShape.body).push([paragraph('Closing remarks.')]);
    await stored(server, minutesDocName(meeting.id), (doc) => expect(doc.getXmlFragment(DocShape.body).toString()).toContain('Closing remarks.'));
    expect(await control('end')).toMatchObject({ ok: true });
    for (const name of [agendaDocName(meeting.id), minutesDocName(meeting.id)]) expect(await reasons(name)).toEqual(['meeting-ended', 'meeting-started']);

    // The version taken at the end holds what was written during the meeting; the one at the start does not.
    const [ended, started] = (await versionsOf(server, admin, minutesDocName(meeting.id))).filter((v) => v.reason);
    const html = async (v: VersionSummary) =>
      ((await (await api(server.url, `${versionsPath(minutesDocName(meeting.id))}/${v.id}`, { cookie: admin })).json()) as { html: string }).html;
    expect(await html(ended!)).toContain('Closing remarks.');
    expect(await html(started!)).not.toContain('Closing remarks.');
  });
});

describe('who contributed to a version', () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  it('lists the people who wrote since the version before, and their cities', async () => {
    const [torino, arezzo] = await Promise.all([createCity(server.url, admin, 'Torino'), createCity(server.url, admin, 'Arezzo')]);
    const sara = await createMember(server.url, admin, { role: 'delegate', cityId: torino, name: 'Sara Lombardi', email: 'sara@example.org' });
    const luca = await createMember(server.url, admin, { role: 'delegate', cityId: arezzo, name: 'Luca Neri', email: 'luca@example.org' });
    const created = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Joint statement' } });
    const { name } = ((await created.json()) as { document: { name: string } }).document;
    const save = async (label: string) => {
      const res = await api(server.url, versionsPath(name), { method: 'POST', cookie: admin, json: { label } });
      expect(res.status).toBe(201);
      return ((await res.json()) as { version: VersionSummary }).version;
    };

    const saraDoc = await connectDoc(server, name, { cookie: sara.cookie });
    const lucaDoc = await connectDoc(server, name, { cookie: luca.cookie });
    saraDoc.doc.getXmlFragment(DocShape.body).push([paragraph('Torino proposes the theme.')]);
    lucaDoc.doc.getXmlFragment(DocShape.body).push([paragraph('Arezzo agrees.')]);
    await stored(server, name, (doc) => expect(doc.getXmlFragment(DocShape.body).length).toBe(2));

    const first = await save('First draft');
    expect(first.contributors).toEqual({
      people: [
        { id: luca.person.id, name: 'Luca Neri' },
        { id: sara.person.id, name: 'Sara Lombardi' },
      ],
      cities: [
        { id: arezzo, name: 'Arezzo' },
        { id: torino, name: 'Torino' },
      ],
    });

    // Only Sara writes after it: the next version names her alone; the list still shows both.
    saraDoc.doc.getXmlFragment(DocShape.body).push([paragraph('Torino adds a budget line.')]);
    await stored(server, name, (doc) => expect(doc.getXmlFragment(DocShape.body).length).toBe(3));
    const second = await save('Second draft');
    expect(second.contributors).toEqual({ people: [{ id: sara.person.id, name: 'Sara Lombardi' }], cities: [{ id: torino, name: 'Torino' }] });
    expect((await versionsOf(server, admin, name)).map((v) => [v.label, v.contributors.people.length])).toEqual([
      ['Second draft', 1],
      ['First draft', 2],
    ]);
  });
});
