import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import * as Y from 'yjs';
import { DocShape } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, signInThroughForm } from '../helpers/browser.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * A link straight to a document (minutes shared in a chat) is the page people open most cold. The
 * page asks who is signed in, loads its strings and opens the document at once, before the first
 * render; the editor then takes the document that was opened early (one connection, not two), and
 * everything typed reaches the others.
 */

const EDITOR = '[data-testid="minutes-editor"][contenteditable="true"]';

describe('first load of a document link', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    destroyAllDocClients();
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it('opens the document once, with its chunks hinted in the page, and what is typed reaches another participant', async () => {
    const context = await newPersonContext(browser, { language: 'en' });
    contexts.push(context);
    const page = await context.newPage();
    // Signed in on this device before (the app remembers who, for the device copy of documents).
    await signInThroughForm(page, `${server.url}/documents`, DEMO_PEOPLE.coordinator.email);

    const created = await page.request.post(`${server.url}/api/documents`, {
      data: { title: 'Verbale condiviso', kind: 'minutes' },
      headers: { origin: server.url },
    });
    expect(created.status()).toBe(201);
    const { name } = ((await created.json()) as { document: { name: string } }).document;
    const other = await connectDoc(server, name);
    other.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Testo già scritto')]);
      other.doc.getXmlFragment(DocShape.body).insert(0, [paragraph]);
    });
    const sockets: string[] = [];
    page.on('websocket', (ws) => {
      if (ws.url().includes('/collab/')) sockets.push(ws.url());
    });
    const response = await page.goto(`${server.url}/d/${encodeURIComponent(name)}`);
    expect(await response!.text(), 'the editor chunk is hinted in the page').toMatch(/<link rel="modulepreload" href="\/assets\/CollabEditor-[\w-]+\.js">/);
    const editor = page.locator(EDITOR);
    await editor.waitFor();
    // The text another participant wrote, from the server.
    await page.locator(EDITOR).filter({ hasText: 'Testo già scritto' }).waitFor();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' primo caricamento');
    await eventually(() => expect(other.doc.getXmlFragment(DocShape.body).toString()).toContain('primo caricamento'));

    expect(sockets, 'one document connection: the editor adopted the one opened early').toHaveLength(1);
    expect(await page.evaluate(() => window.location.pathname)).toBe(`/d/${encodeURIComponent(name)}`);
  });
});
