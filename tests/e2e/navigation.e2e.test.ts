import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, signInThroughForm, waitUntil } from '../helpers/browser.ts';

/** Where documents open, for the coordinator. */
describe('where documents open', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
    context = await newPersonContext(browser, { language: 'it', locale: 'it-IT' });
    page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInThroughForm(page, new URL('/documents', server.url).href, DEMO_PEOPLE.coordinator.email);
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it('leaves agendas out of the documents list and opens one on its meeting’s page', async () => {
    await page.goto(new URL('/documents', server.url).href);
    const list = page.locator('.document-list');
    await list.getByRole('link', { name: 'Coordination meeting — 18 June 2020' }).waitFor();
    expect(await list.locator('a[href^="/d/agenda"]').count()).toBe(0);

    await page.goto(new URL('/d/agenda:2020-06-18-coordination', server.url).href);
    await waitUntil(() => new URL(page.url()).pathname === '/meetings/2020-06-18-coordination', { message: 'the meeting page' });
    await page.getByRole('heading', { level: 1, name: /Coordination meeting/ }).waitFor();
  });
});
