import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocShape, restoreFragment, type BlockChange, type VersionSummary } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Versions: named and automatic ones, viewing, comparing and restoring. A restore is a new change
 * on top: while two people keep editing, all of them end with the restored text plus what was
 * written after it, and nothing of that is lost.
 */

const body = (client: DocClient) => client.doc.getXmlFragment(DocShape.body);

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

/** The text of each paragraph, as a reader sees it. */
const paragraphs = (client: DocClient) =>
  body(client)
    .toArray()
    .map((node) =>
      (node as Y.XmlElement)
        .toArray()
        .map((t) => (t as Y.XmlText).toString())
        .join(''),
    );

describe('versions of a document', () => {
  let server: TestServer;
  let admin: string;
  let outsider: string;
  let name: string;
  const path = () => `/api/documents/${encodeURIComponent(name)}/versions`;

  beforeAll(async () => {
    server = await startServer({ env: { VERSION_IDLE_MS: '300', VERSION_MAX_INTERVAL_MS: '1000' } });
    admin = await server.adminCookie();
    const city = await createCity(server.url, admin, 'Olbia');
    outsider = (await createMember(server.url, admin, { role: 'delegate', cityId: city, name: 'Delegato Olbia', email: 'olbia@example.test' })).cookie;
    const created = await api(server.url, '/api/documents', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Verbale ristretto', scope: { people: ['nobody-else'], visibility: 'participants' } },
    });
    name = ((await created.json()) as { document: { name: string } }).document.name;
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  it('takes an automatic version after a burst of edits, and none when nothing changed', async () => {
    const a = await connectDoc(server, name);
    body(a).push([paragraph('Presenti: Olbia, Lodi, Ravenna.')]);
    const autos = async () =>
      ((await (await api(server.url, path(), { cookie: admin })).json()) as { versions: VersionSummary[] }).versions.filter((v) => v.auto);
    await eventually(async () => expect(await autos()).toHaveLength(1), { timeout: 10_000 });
    // Reconnecting or reading changes nothing: no second automatic version.
    const reader = await connectDoc(server, name);
    expect(paragraphs(reader)).toEqual(['Presenti: Olbia, Lodi, Ravenna.']);
    await new Promise((r) => setTimeout(r, 1200)); // longer than the idle and max intervals
    expect(await autos()).toHaveLength(1);
    a.destroy();
    reader.destroy();
  });

  it('restores a named version while two people edit, keeping what they write after the restore', async () => {
    const a = await connectDoc(server, name);
    const b = await connectDoc(server, name);
    body(a).push([paragraph('Decisione: evento anti-dicerie in autunno.')]);
    await eventually(() => expect(paragraphs(b)).toHaveLength(2));

    const saved = await api(server.url, path(), { method: 'POST', cookie: admin, json: { label: 'Inviato al ministero' } });
    expect(saved.status).toBe(201);
    const { version } = (await saved.json()) as { version: VersionSummary };
    expect(version).toMatchObject({ label: 'Inviato al ministero', auto: false, savedBy: { name: expect.any(String) } });

    // B deletes a paragraph; the comparison shows it removed since the version.
    body(b).delete(1, 1);
    await eventually(() => expect(paragraphs(a)).toHaveLength(1));
    await eventually(async () => {
      const { changes } = (await (await api(server.url, `${path()}/compare?from=${version.id}&to=current`, { cookie: admin })).json()) as {
        changes: BlockChange[];
      };
      expect(changes).toEqual([
        { change: 'same', text: 'Presenti: Olbia, Lodi, Ravenna.' },
        { change: 'removed', text: 'Decisione: evento anti-dicerie in autunno.' },
      ]);
    });
    const viewed = (await (await api(server.url, `${path()}/${version.id}`, { cookie: admin })).json()) as { html: string };
    expect(viewed.html).toContain('<p>Decisione: evento anti-dicerie in autunno.</p>');

    // A restores from the version's state, as the history panel does; B types right after.
    const content = await api(server.url, `${path()}/${version.id}/content`, { cookie: admin });
    expect(content.status).toBe(200);
    const earlier = new Y.Doc();
    Y.applyUpdate(earlier, new Uint8Array(await content.arrayBuffer()));
    restoreFragment(body(a), earlier.getXmlFragment(DocShape.body));
    body(b).push([paragraph('Aggiunto da B durante il ripristino.')]);

    const expected = (texts: string[]) =>
      texts.includes('Decisione: evento anti-dicerie in autunno.') && texts.includes('Aggiunto da B durante il ripristino.');
    await eventually(() => {
      expect(expected(paragraphs(a))).toBe(true);
      expect(paragraphs(a)).toEqual(paragraphs(b));
    });
    const c = await connectDoc(server, name);
    expect(paragraphs(c)).toEqual(paragraphs(a));
    expect(paragraphs(c).filter((t) => t === 'Presenti: Olbia, Lodi, Ravenna.')).toHaveLength(1);
  });

  it('shows versions only to those who may read the document, and restores only for those who edit', async () => {
    expect((await api(server.url, path())).status).toBe(401);
    // Unreadable: answered as a document that does not exist.
    expect((await api(server.url, path(), { cookie: outsider })).status).toBe(404);
    expect((await api(server.url, path(), { method: 'POST', cookie: outsider, json: { label: 'x' } })).status).toBe(404);
    const bad = await api(server.url, path(), { method: 'POST', cookie: admin, json: { label: ' ' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ label: 'required' });
    expect((await api(server.url, `${path()}/nope`, { cookie: admin })).status).toBe(404);
  });
});
