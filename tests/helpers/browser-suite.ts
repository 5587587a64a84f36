import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from './server.ts';
import { launchBrowser, newPersonContext, signInThroughForm, switchToEnglish } from './browser.ts';

/** What {@link demoBrowserSuite} gives a test file. */
export interface DemoBrowserSuite {
  /** The demo server (valid inside tests). */
  readonly server: TestServer;
  /** The shared Chromium (valid inside tests). */
  readonly browser: Browser;
  /** A person signed in through the form on `path`, in English, in a context of their own. */
  openAs(person: { name: string; email: string }, path?: string): Promise<Page>;
  /** A new context for a page the test signs in itself, closed with the others. */
  newContext(): Promise<BrowserContext>;
}

/**
 * The usual browser-test setup: one server with the demo data and one Chromium for the whole file,
 * a context per person, everything closed after; page errors are printed with the person's name.
 */
export function demoBrowserSuite(): DemoBrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  const suite: DemoBrowserSuite = {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    async newContext() {
      const context = await newPersonContext(suite.browser, { language: 'en' });
      contexts.push(context);
      return context;
    },
    async openAs(person, path = '/documents') {
      const page = await (await suite.newContext()).newPage();
      page.on('pageerror', (err) => console.error(`[${person.name}] page error:`, err.message));
      await signInThroughForm(page, new URL(path, suite.server.url).href, person.email);
      await switchToEnglish(page);
      return page;
    },
  };
  return suite;
}
