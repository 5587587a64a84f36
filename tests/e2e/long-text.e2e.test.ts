import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { agendaDocName, AgendaShape } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish } from '../helpers/browser.ts';

/**
 * Issue 18: long unbroken text never breaks a layout. An agenda title of 200,000 characters with
 * no space (a paste gone wrong) made the room page millions of pixels wide; titles wrap anywhere.
 */

const MEETING = '2020-06-18-coordination';
const LONG = 'A'.repeat(200_000);

describe('long unbroken text', () => {
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

  const width = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));

  it('keeps the room and meeting pages as wide as the window with a 200,000-character agenda title', async () => {
    // The first agenda item's title, as any co-editor could type or paste it.
    const agenda = await connectDoc(server, agendaDocName(MEETING));
    const items = agenda.doc.getMap<Y.Map<unknown>>(AgendaShape.items);
    const first = [...items.values()].sort((a, b) => String(a.get('order')).localeCompare(String(b.get('order'))))[0]!;
    agenda.doc.transact(() => {
      const title = first.get('title');
      if (title instanceof Y.Text) {
        title.delete(0, title.length);
        title.insert(0, LONG);
      } else first.set('title', new Y.Text(LONG));
    });

    const context = await newPersonContext(browser, { language: 'en' });
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughForm(page, `${server.url}/meetings/${MEETING}/room`, DEMO_PEOPLE.coordinator.email);
    await switchToEnglish(page);
    await page.getByRole('button', { name: 'Start the meeting' }).click();
    await page.getByTestId('current-item').filter({ hasText: 'AAAAAAAAAA' }).waitFor();
    const room = await width(page);
    expect(room.scroll, 'room page width').toBeLessThanOrEqual(room.viewport);
    await screenshot(page, 'long-agenda-title-room');

    await page.goto(`${server.url}/meetings/${MEETING}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForTimeout(500);
    const meeting = await width(page);
    expect(meeting.scroll, 'meeting page width').toBeLessThanOrEqual(meeting.viewport);
  }, 90_000);
});
