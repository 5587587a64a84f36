import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocShape, ProposalShape, sectionField, type CommentThread, type Notification, type Proposal } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { closeAllLiveClients, joinRoom, liveClient } from '../helpers/live-client.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Comments on a proposal's sections are the documents' comment threads: server records with the
 * author taken from the session, anchored to the section's text, with replies, resolve/reopen and
 * mentions that notify. An editor who signs a comment with someone else's name (in the proposal's
 * Yjs document, as the old client stored comments, or in the API body) is shown to everyone else
 * under their own name.
 */

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

/** The anchor of `words` in the first paragraph of a section, as the client computes it. */
function anchorOf(client: DocClient, section: string, words: string) {
  const text = (client.doc.getXmlFragment(sectionField(section)).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const from = text.toString().indexOf(words);
  if (from < 0) throw new Error(`"${words}" not in ${section}`);
  return {
    start: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from))),
    end: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from + words.length, -1))),
  };
}

/** Writes a comment into the proposal document the way the old proposal client did. */
function writeInDocComment(client: DocClient, fields: { section: string; author: string; text: string }): void {
  const comment = new Y.Map<unknown>();
  for (const [k, v] of Object.entries({ id: crypto.randomUUID(), ...fields, at: new Date().toISOString(), resolved: false })) comment.set(k, v);
  client.doc.getArray<Y.Map<unknown>>(ProposalShape.comments).push([comment]);
}

describe('comments on proposal sections', () => {
  const prefix = uniquePrefix('proposal-comments');
  let a: TestServer;
  let b: TestServer;
  let admin: string;
  let proposal: Proposal;
  let base: string;
  const people = {} as Record<'lead' | 'partner' | 'colleague' | 'outsider', { id: string; cookie: string; name: string }>;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer({ store: 'redis', prefix }), startServer({ store: 'redis', prefix })]);
    admin = await a.adminCookie();
    const [lead, partner, outsider] = await Promise.all(['Reggio Emilia', 'Arezzo', 'Olbia'].map((n) => createCity(a.url, admin, n)));
    const member = async (key: keyof typeof people, cityId: string, name: string) => {
      const m = await createMember(a.url, admin, { role: 'delegate', cityId, name, email: `${key}@proposal-comments.test` });
      people[key] = { id: m.person.id, cookie: m.cookie, name };
    };
    await Promise.all([
      member('lead', lead!, 'Marco Ferri'),
      member('partner', partner!, 'Sara Lombardi'),
      member('colleague', partner!, 'Luca Bianchi'),
      member('outsider', outsider!, 'Olbia Delegate'),
    ]);
    const res = await api(a.url, '/api/proposals', {
      method: 'POST',
      cookie: people.lead.cookie,
      json: {
        title: 'Proposta con commenti',
        funderId: 'ministero-interno',
        templateId: 'ministry',
        deadline: '2027-03-31',
        leadCityId: lead,
        partners: [{ cityId: partner, role: 'Comunicazione' }],
      },
    });
    expect(res.status).toBe(201);
    ({ proposal } = (await res.json()) as { proposal: Proposal });
    base = `/api/documents/${encodeURIComponent(proposal.name)}/comments`;
  });

  afterAll(async () => {
    closeAllLiveClients();
    destroyAllDocClients();
    await stopAllServers();
    for (const s of [a, b]) if (s) removeDataDir(s.dataDir);
    await deletePrefix(prefix);
  });

  const threadsSeenBy = async (server: TestServer, who: keyof typeof people) => {
    const res = await api(server.url, base, { cookie: people[who].cookie });
    expect(res.status).toBe(200);
    return ((await res.json()) as { threads: CommentThread[] }).threads;
  };

  it('names the real author when an editor signs a comment as someone else', async () => {
    const partner = await connectDoc(a, proposal.name, { cookie: people.partner.cookie });
    partner.doc.getXmlFragment(sectionField('objectives')).insert(0, [paragraph('Train 200 municipal staff in intercultural competences.')]);

    // A proposal stored with comments in its Yjs document, as the proposal page wrote them until
    // now: Sara's client signed one with the lead's name.
    writeInDocComment(partner, { section: 'objectives', author: people.lead.name, text: 'Approved by the lead city.' });
    await eventually(() => expect(partner.doc.getMap(DocShape.authors).has(String(partner.doc.clientID))).toBe(true));

    // What the lead sees, on the other instance: the comment, under the name of the person who wrote it.
    const first = await threadsSeenBy(b, 'lead');
    const imported = first.find((t) => t.comments[0]?.body === 'Approved by the lead city.');
    expect(imported?.comments[0]).toMatchObject({ author: { id: people.partner.id, name: 'Sara Lombardi' }, signedAs: 'Marco Ferri' });
    expect(imported).toMatchObject({ section: 'objectives', imported: true, resolved: false });
    // Read once: the import is not repeated (same thread, not a second copy).
    expect((await threadsSeenBy(a, 'colleague')).filter((t) => t.comments[0]?.body === 'Approved by the lead city.').map((t) => t.id)).toEqual([imported!.id]);

    // Through the API, with an author field naming the lead.
    const forged = await api(a.url, base, {
      method: 'POST',
      cookie: people.partner.cookie,
      json: {
        section: 'objectives',
        anchor: anchorOf(partner, 'objectives', '200 municipal staff'),
        quote: '200 municipal staff',
        body: 'The lead agrees with 200.',
        author: { id: people.lead.id, name: people.lead.name },
      },
    });
    expect(forged.status).toBe(201);
    // Through the Yjs document again, now that comments are records: it is not a comment any more.
    writeInDocComment(partner, { section: 'objectives', author: people.lead.name, text: 'Signed by the lead, honestly.' });
    await eventually(() => expect(partner.provider.synced).toBe(true));

    for (const who of ['lead', 'colleague'] as const) {
      const seen = await threadsSeenBy(b, who);
      const byBody = new Map(seen.flatMap((t) => t.comments.map((c) => [c.body, { ...c, section: t.section }] as const)));
      expect(byBody.get('The lead agrees with 200.')).toMatchObject({ author: { id: people.partner.id, name: 'Sara Lombardi' }, section: 'objectives' });
      expect(byBody.has('Signed by the lead, honestly.')).toBe(false);
      expect(seen.flatMap((t) => t.comments).filter((c) => c.author.name === people.lead.name || c.author.id === people.lead.id)).toEqual([]);
    }
    partner.destroy();
  });

  it('refuses a thread on a proposal without its section, and comments by people who may only read', async () => {
    const anchor = { start: 'AAAA', end: 'AAAB' };
    const noSection = await api(a.url, base, { method: 'POST', cookie: people.partner.cookie, json: { anchor, quote: 'x', body: 'Where?' } });
    expect(noSection.status).toBe(400);
    expect(((await noSection.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ section: 'required' });
    // A delegate of a city outside a partners-only proposal: it does not exist for them.
    expect((await api(a.url, base, { cookie: people.outsider.cookie })).status).toBe(404);
    expect(
      (await api(a.url, base, { method: 'POST', cookie: people.outsider.cookie, json: { section: 'objectives', anchor, quote: 'x', body: 'Hi' } })).status,
    ).toBe(404);
  });

  it('notifies a mentioned partner, and the room sees replies, resolving and reopening', async () => {
    const colleagueLive = await liveClient(b.url, { cookie: people.colleague.cookie, origin: b.url });
    const leadLive = await liveClient(b.url, { cookie: people.lead.cookie, origin: b.url });
    expect((await joinRoom(leadLive, `doc:${proposal.name}`)).ok).toBe(true);
    const notified: Notification[] = [];
    const changes: CommentThread[] = [];
    colleagueLive.on('notification:new', (n) => notified.push(n));
    leadLive.on('comments:changed', ({ thread }) => changes.push(thread));

    // Only readers of the proposal can be mentioned: the outsider is not offered, and refused.
    const mentionable = (await (await api(a.url, `${base}/mentionable`, { cookie: people.partner.cookie })).json()) as { people: { id: string }[] };
    expect(mentionable.people.map((p) => p.id)).toEqual(expect.arrayContaining([people.lead.id, people.colleague.id]));
    expect(mentionable.people.map((p) => p.id)).not.toContain(people.outsider.id);

    const partner = await connectDoc(a, proposal.name, { cookie: people.partner.cookie });
    const leak = await api(a.url, base, {
      method: 'POST',
      cookie: people.partner.cookie,
      json: {
        section: 'objectives',
        anchor: anchorOf(partner, 'objectives', 'intercultural'),
        quote: 'intercultural',
        body: 'Olbia?',
        mentions: [people.outsider.id],
      },
    });
    expect(leak.status).toBe(400);

    const opened = await api(a.url, base, {
      method: 'POST',
      cookie: people.partner.cookie,
      json: {
        section: 'objectives',
        anchor: anchorOf(partner, 'objectives', 'intercultural competences'),
        quote: 'intercultural competences',
        body: '@Luca can you check this wording?',
        mentions: [people.colleague.id],
      },
    });
    expect(opened.status).toBe(201);
    const { thread } = (await opened.json()) as { thread: CommentThread };
    await eventually(() => expect(notified).toHaveLength(1));
    expect(notified[0]).toMatchObject({
      kind: 'mention',
      doc: proposal.name,
      docTitle: 'Proposta con commenti',
      threadId: thread.id,
      by: { id: people.partner.id, name: 'Sara Lombardi' },
    });

    const replied = await api(b.url, `${base}/${thread.id}/replies`, {
      method: 'POST',
      cookie: people.colleague.cookie,
      json: { body: 'Fine by me.', author: { id: people.lead.id, name: people.lead.name } },
    });
    expect(replied.status).toBe(201);
    await eventually(() =>
      expect(changes.at(-1)?.comments.map((c) => [c.author.name, c.body])).toEqual([
        ['Sara Lombardi', '@Luca can you check this wording?'],
        ['Luca Bianchi', 'Fine by me.'],
      ]),
    );

    const resolved = await api(b.url, `${base}/${thread.id}`, { method: 'PATCH', cookie: people.lead.cookie, json: { resolved: true } });
    expect(((await resolved.json()) as { thread: CommentThread }).thread).toMatchObject({
      resolved: true,
      resolvedBy: { id: people.lead.id, name: 'Marco Ferri' },
      section: 'objectives',
    });
    await eventually(() => expect(changes.at(-1)?.resolved).toBe(true));
    const reopened = await api(a.url, `${base}/${thread.id}`, { method: 'PATCH', cookie: people.partner.cookie, json: { resolved: false } });
    expect(((await reopened.json()) as { thread: CommentThread }).thread.resolved).toBe(false);
    expect((await threadsSeenBy(b, 'lead')).find((t) => t.id === thread.id)).toMatchObject({
      resolved: false,
      section: 'objectives',
      quote: 'intercultural competences',
    });
    partner.destroy();
  });
});
