import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { DocShape } from '@dialogo/shared';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, waitUntil, writtenText } from '../helpers/browser.ts';

/**
 * Minutes written together in real browsers against the real server serving the built client:
 * two people type and see each other's text and carets, a latecomer gets everything, and edits
 * made offline merge with the others' when the connection returns.
 */

// Two delegates of the demo network: Reggio Emilia's works in Italian, Arezzo's in English.
const GIULIA = DEMO_PEOPLE.reggioEmilia;
const MARCO = DEMO_PEOPLE.arezzo;

const TEXT_A = 'Presenti: Reggio Emilia, Torino, Bergamo.';
const TEXT_B = 'Agreed: reprogramme the Anti-rumours event in autumn.';
const OFFLINE_B = 'Offline note from Torino: trainings for municipal staff.';
const ONLINE_A = 'Nota di Reggio Emilia: campagna di comunicazione nazionale.';

const editor = (page: Page) => page.getByTestId('minutes-editor');
const editorText = (page: Page) => writtenText(editor(page));
/** The shared document itself, as Yjs serialises the `body` fragment. */
const sharedBody = (page: Page) => page.evaluate((field) => (window as unknown as DialogoWindow).__dialogo.doc.getXmlFragment(field).toString(), DocShape.body);

/** What the editor page exposes for tests. */
interface DialogoWindow {
  __dialogo: { doc: Y.Doc; provider: { disconnect(): void; connect(): void } };
}
const connection = (page: Page) => page.getByTestId('connection-status');

/** Waits until the page's connection indicator shows `state` (and, if given, the unsynced flag). */
async function waitForConnection(page: Page, state: 'connected' | 'connecting' | 'offline', unsynced?: boolean) {
  await waitUntil(
    async () => {
      const indicator = connection(page);
      if ((await indicator.getAttribute('data-state')) !== state) return false;
      return unsynced === undefined || (await indicator.getAttribute('data-unsynced')) === String(unsynced);
    },
    { message: `connection ${state}${unsynced === undefined ? '' : `, unsynced=${unsynced}`}` },
  );
}

/** Waits until the editor's text contains every snippet. */
async function waitForText(page: Page, ...snippets: string[]) {
  await waitUntil(
    async () => {
      const text = await editorText(page);
      return snippets.every((s) => text.includes(s));
    },
    { message: `editor text containing ${JSON.stringify(snippets)}` },
  );
}

/** Puts the caret at the very end of the document and types a new paragraph. */
async function typeParagraphAtEnd(page: Page, text: string) {
  await editor(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(text);
}

/**
 * Rebuilds the document from what y-indexeddb wrote to the page's IndexedDB (`dbName`), outside
 * the app: proof that an edit is on the device's disk, not only in memory.
 */
async function readIndexedDbDoc(page: Page, dbName: string): Promise<Y.Doc> {
  const updates = await page.evaluate(
    (name) =>
      new Promise<number[][]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('updates', 'readonly').objectStore('updates').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            db.close();
            resolve((request.result as Uint8Array[]).map((u) => Array.from(u)));
          };
        };
      }),
    dbName,
  );
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, Uint8Array.from(update));
  return doc;
}

describe('minutes in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let giulia: Page;
  let marco: Page;
  let docUrl = '';
  let docName = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  /** A new browser profile, signed in through the form as `person`, at `path`. */
  async function openAs(person: { name: string; email: string }, path: string): Promise<Page> {
    const context = await newPersonContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${person.name}] page error:`, err.message));
    await signInThroughForm(page, new URL(path, server.url).href, person.email);
    return page;
  }

  it('lists the demo minutes and refuses an empty title next to the field', async () => {
    giulia = await openAs(GIULIA, '/documents');
    await giulia.getByRole('link', { name: 'Coordination meeting — 18 June 2020' }).waitFor();
    expect(await giulia.evaluate(() => document.documentElement.lang)).toBe('it');
    expect(await giulia.getByRole('heading', { level: 1 }).innerText()).toBe('Documenti');

    await giulia.getByRole('button', { name: 'Crea' }).click();
    const error = giulia.getByTestId('title-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('Questo campo è obbligatorio.');
    const title = giulia.getByLabel('Titolo', { exact: true });
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await title.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
    await screenshot(giulia, '01-documents-validation-it');
  }, 60_000);

  it("creates minutes, and a second participant sees the text and the first one's caret", async () => {
    await giulia.getByLabel('Titolo', { exact: true }).fill('Riunione di coordinamento, 18 giugno');
    await giulia.getByRole('button', { name: 'Crea' }).click();
    await giulia.waitForURL(/\/d\/minutes:/);
    docUrl = giulia.url();
    docName = decodeURIComponent(new URL(docUrl).pathname.slice('/d/'.length));
    await waitForConnection(giulia, 'connected', false);
    await waitUntil(async () => (await editor(giulia).getAttribute('aria-label')) === 'Verbale: Riunione di coordinamento, 18 giugno', {
      message: 'the editor named after the document title',
    });
    expect(await connection(giulia).getAttribute('aria-live')).toBe('polite');
    await editor(giulia).click();
    await giulia.keyboard.type(TEXT_A);

    // A shared link opens the sign-in form, then the minutes themselves.
    marco = await openAs(MARCO, docUrl);
    await waitForConnection(marco, 'connected', false);
    expect(await marco.evaluate(() => document.documentElement.lang)).toBe('en');
    await waitForText(marco, TEXT_A);

    // Giulia's caret is drawn in Marco's editor with her name.
    await waitUntil(async () => (await marco.locator('.collaboration-carets__label').allInnerTexts()).includes(GIULIA.name), {
      message: "Giulia's caret label in Marco's editor",
    });

    await typeParagraphAtEnd(marco, TEXT_B);
    await waitForText(giulia, TEXT_A, TEXT_B);
    await waitUntil(async () => (await giulia.locator('.collaboration-carets__label').allInnerTexts()).includes(MARCO.name), {
      message: "Marco's caret label in Giulia's editor",
    });
    await screenshot(giulia, '02-editor-giulia-it');
    await screenshot(marco, '03-editor-marco-en');
  }, 60_000);

  it('shows the whole text to a participant who opens the minutes later', async () => {
    const late = await openAs(DEMO_PEOPLE.expert, docUrl);
    await waitForConnection(late, 'connected');
    await waitForText(late, TEXT_A, TEXT_B);
    expect((await editorText(late)).split('\n')).toEqual([TEXT_A, TEXT_B]);

    // Toolbar buttons are named for assistive technology and report their state.
    await editor(late).click();
    const bold = late.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Bold' });
    expect(await bold.getAttribute('aria-pressed')).toBe('false');
    await bold.click();
    await waitUntil(async () => (await bold.getAttribute('aria-pressed')) === 'true', { message: 'bold pressed' });

    // Switching the language relabels everything, the editor included, and sets <html lang>.
    await late.getByRole('button', { name: 'Italiano' }).click();
    await waitUntil(async () => (await late.evaluate(() => document.documentElement.lang)) === 'it', { message: 'html lang=it' });
    expect(await editor(late).getAttribute('aria-label')).toBe('Verbale: Riunione di coordinamento, 18 giugno');
    expect(await connection(late).innerText()).toContain('Connesso');
    await late.context().close();
  }, 60_000);

  it("keeps edits made offline and merges them with the others' when back online", async () => {
    // Chromium's offline emulation cuts new connections but keeps an open WebSocket alive (its
    // frames are held until the network returns). The client drops the socket itself on the
    // browser's `offline` event and reconnects on `online`, so setOffline is a real disconnect.
    await marco.context().setOffline(true);
    await waitForConnection(marco, 'offline', false);

    // Both write at the same time: Marco offline, Giulia online.
    await Promise.all([typeParagraphAtEnd(marco, OFFLINE_B), typeParagraphAtEnd(giulia, ONLINE_A)]);
    await waitForConnection(marco, 'offline', true);
    expect(await connection(marco).innerText()).toContain('Unsynced changes');
    await waitForText(giulia, ONLINE_A);
    expect(await editorText(giulia)).not.toContain(OFFLINE_B);
    expect(await editorText(marco)).not.toContain(ONLINE_A);
    // The offline edit is on Marco's disk (y-indexeddb, in his own copy), not only in memory.
    const marcoId = await marco.evaluate(() => (JSON.parse(localStorage.getItem('dialogo.me') ?? '{}') as { person?: { id: string } }).person?.id);
    expect(marcoId).toBeTruthy();
    await waitUntil(async () => (await readIndexedDbDoc(marco, `dialogo:${marcoId}:${docName}`)).getXmlFragment(DocShape.body).toString().includes(OFFLINE_B), {
      message: 'offline edit in IndexedDB',
    });
    await screenshot(marco, '04-editor-marco-offline');

    await marco.context().setOffline(false);
    await waitForConnection(marco, 'connected', false);
    await waitForText(marco, TEXT_A, TEXT_B, OFFLINE_B, ONLINE_A);
    await waitForText(giulia, TEXT_A, TEXT_B, OFFLINE_B, ONLINE_A);
    expect(await editorText(marco)).toBe(await editorText(giulia));
    await waitUntil(async () => (await sharedBody(marco)) === (await sharedBody(giulia)), { message: 'identical Y.Docs' });
    await screenshot(marco, '05-editor-marco-merged');

    // And the server kept the merge: a fresh participant gets all four paragraphs.
    const late = await openAs(DEMO_PEOPLE.coordinator, docUrl);
    await waitForText(late, TEXT_A, TEXT_B, OFFLINE_B, ONLINE_A);
    await late.context().close();
  }, 60_000);
});
