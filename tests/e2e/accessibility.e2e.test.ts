import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, signInThroughForm, switchToEnglish } from '../helpers/browser.ts';
import { axeViolations, expectNoSeriousAxeViolations, seriousFindings, type AxeFinding } from '../helpers/axe.ts';

/**
 * The main pages, as the coordinator sees them (every tool shown), checked by axe-core in Italian
 * and in English: no serious or critical violation. Each page is opened and given time to show its
 * data; every page's findings are gathered so that one run lists them all.
 */

const PAGES: { path: string; ready: (page: Page) => Promise<unknown> }[] = [
  { path: '/', ready: (p) => p.getByRole('heading', { level: 1 }).waitFor() },
  { path: '/documents', ready: (p) => p.locator('a[href^="/d/"]').first().waitFor() },
  { path: '/d/minutes:2020-06-18-coordination', ready: (p) => p.getByTestId('minutes-editor').locator('p').first().waitFor() },
  { path: '/meetings', ready: (p) => p.locator('a[href^="/meetings/"]').first().waitFor() },
  { path: '/meetings/2020-06-18-coordination', ready: (p) => p.getByRole('heading', { level: 1 }).waitFor() },
  { path: '/meetings/2020-06-18-coordination/room', ready: (p) => p.locator('.minutes-editor').first().waitFor() },
  { path: '/polls', ready: (p) => p.locator('a[href^="/polls/"]').first().waitFor() },
  { path: '/polls/anti-rumours-event', ready: (p) => p.getByTestId('results-summary').waitFor() },
  { path: '/proposals', ready: (p) => p.getByRole('heading', { level: 1 }).waitFor() },
  { path: '/action-plan', ready: (p) => p.getByRole('heading', { level: 1 }).waitFor() },
];

describe('accessibility of the main pages (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
    context = await newPersonContext(browser, { language: 'it', locale: 'it-IT' });
    page = await context.newPage();
    await signInThroughForm(page, new URL('/', server.url).href, DEMO_PEOPLE.coordinator.email);
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  for (const language of ['it', 'en'] as const) {
    it(`finds no serious or critical violation on the main pages in ${language === 'it' ? 'Italian' : 'English'}`, async () => {
      if (language === 'en') await switchToEnglish(page);
      const found: Record<string, AxeFinding[]> = {};
      for (const { path, ready } of PAGES) {
        await page.goto(new URL(path, server.url).href);
        await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
        await ready(page);
        const findings = seriousFindings(await axeViolations(page));
        if (findings.length > 0) found[path] = findings;
      }
      expect(found).toEqual({});
    }, 180_000);
  }

  it('finds none on a document with an open and then a resolved comment thread', async () => {
    // In English since the test before.
    await page.goto(new URL('/d/minutes:2020-06-18-coordination', server.url).href);
    const paragraph = page.getByTestId('minutes-editor').locator('p').first();
    await paragraph.waitFor();
    await paragraph.click({ clickCount: 3 });
    const comments = page.getByTestId('comments');
    await comments.getByLabel('Your comment').fill('Can Torino check this sentence?');
    await comments.getByRole('button', { name: 'Comment', exact: true }).click();
    const thread = comments.getByTestId('comment-thread').filter({ hasText: 'Can Torino check this sentence?' });
    await thread.waitFor();
    await expectNoSeriousAxeViolations(page);

    await thread.getByRole('button', { name: 'Resolve' }).click();
    await comments.getByLabel(/Show the resolved thread/).check();
    await thread.getByText(`Resolved by ${DEMO_PEOPLE.coordinator.name}.`).waitFor();
    await expectNoSeriousAxeViolations(page);
  }, 60_000);
});
