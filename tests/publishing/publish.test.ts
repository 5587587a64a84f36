import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocShape } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Publishing: a coordinator makes a revocable public link; anyone with it reads the document as
 * static HTML, without signing in, with every piece of typed markup shown as text; revoking the
 * link (or publishing again) makes the old link answer 404 at once.
 */

const HOSTILE_TITLE = 'Verbale <script>alert("title")</script>';
const HOSTILE_TEXT = '<img src=x onerror=alert(1)> and <script>alert("body")</script>';

/** Writes a heading, a paragraph with bold text and links (one safe, one not) into the body. */
function writeBody(doc: Y.Doc): void {
  const body = doc.getXmlFragment(DocShape.body);
  doc.transact(() => {
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', '2');
    heading.insert(0, [new Y.XmlText('Decisioni')]);
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    body.insert(0, [heading, paragraph]);
    // Formatted runs are written once the text is in the document (Yjs reads its length).
    text.insert(0, HOSTILE_TEXT);
    text.insert(text.length, ' bold', { bold: true });
    text.insert(text.length, ' good link', { link: { href: 'https://www.coe.int/interculturalcities' } });
    text.insert(text.length, ' bad link', { link: { href: 'javascript:alert(2)' } });
  });
}

describe('published documents', () => {
  let server: TestServer;
  let admin: string;
  let delegate: string;
  let name: string;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
    const city = await createCity(server.url, admin, 'Fucecchio');
    delegate = (await createMember(server.url, admin, { role: 'delegate', cityId: city, name: 'Delegata Fucecchio', email: 'fucecchio@example.test' })).cookie;
    const created = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: HOSTILE_TITLE } });
    expect(created.status).toBe(201);
    name = ((await created.json()) as { document: { name: string } }).document.name;
    const writer = await connectDoc(server, name);
    writeBody(writer.doc);
    // Written means stored: a second client sees it only after the store has it.
    const reader = await connectDoc(server, name);
    await eventually(() => expect(reader.doc.getXmlFragment(DocShape.body).length).toBe(2));
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  const publish = async (cookie?: string) => api(server.url, `/api/documents/${encodeURIComponent(name)}/publication`, { method: 'POST', cookie });

  it('lets only those who manage the document publish it', async () => {
    expect((await publish()).status).toBe(401);
    expect((await publish(delegate)).status).toBe(403);
    expect((await api(server.url, `/api/documents/${encodeURIComponent(name)}/publication`, { method: 'DELETE', cookie: delegate })).status).toBe(403);
    expect((await api(server.url, `/api/documents/${encodeURIComponent('minutes:nope')}/publication`, { method: 'POST', cookie: admin })).status).toBe(404);
  });

  it('serves the current text to anyone with the link, as HTML with no script and every typed tag escaped', async () => {
    const res = await publish(admin);
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    expect(url).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);

    const page = await fetch(url); // no cookie: the public
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<html lang="it">');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain('Verbale &#60;script&#62;alert(&#34;title&#34;)&#60;/script&#62;');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('<h2>Decisioni</h2>');
    expect(html).toContain('<strong> bold</strong>');
    expect(html).toContain('<a href="https://www.coe.int/interculturalcities" rel="noopener noreferrer nofollow"> good link</a>');
    expect(html).toContain(' bad link'); // the text stays, without its link

    // The link opens this page only: not the API, not the document socket.
    expect((await fetch(`${server.url}/api/documents`)).status).toBe(401);
  });

  it('shows edits made after publishing', async () => {
    const { url } = (await (await publish(admin)).json()) as { url: string };
    const editor = await connectDoc(server, name);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Aggiunto dopo la pubblicazione.')]);
    editor.doc.getXmlFragment(DocShape.body).push([paragraph]);
    await eventually(async () => expect(await (await fetch(url)).text()).toContain('Aggiunto dopo la pubblicazione.'));
    // With the time of that change, in the page's language (the coordinator's: Italian).
    const before = Date.now();
    const changedAt = await eventually(async () => {
      const match = /Ultima modifica: <time datetime="([^"]+)">/.exec(await (await fetch(url)).text());
      expect(match).not.toBeNull();
      return new Date(match![1]!).getTime();
    });
    expect(Math.abs(changedAt - before)).toBeLessThan(60_000);
  });

  it('answers 404 at once after revoking, and publishing again replaces the link', async () => {
    const first = ((await (await publish(admin)).json()) as { url: string }).url;
    const second = ((await (await publish(admin)).json()) as { url: string }).url;
    expect(second).not.toBe(first);
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);

    const status = await api(server.url, `/api/documents/${encodeURIComponent(name)}/publication`, { cookie: admin });
    expect(status.status).toBe(200);
    const revoked = await api(server.url, `/api/documents/${encodeURIComponent(name)}/publication`, { method: 'DELETE', cookie: admin });
    expect(revoked.status).toBe(204);
    const gone = await fetch(second);
    expect(gone.status).toBe(404);
    expect(await gone.text()).not.toContain('Decisioni');
    // "Not published" is an answer, not an error (issue 20: every page of an unpublished document
    // logged a 404 in the browser's console).
    const unpublished = await api(server.url, `/api/documents/${encodeURIComponent(name)}/publication`, { cookie: admin });
    expect(unpublished.status).toBe(200);
    expect(await unpublished.json()).toEqual({ publication: null });
    expect((await fetch(`${server.url}/p/not-a-token`)).status).toBe(404);
  });
});
