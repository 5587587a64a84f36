import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import mammoth from 'mammoth';
import * as XLSX from 'xlsx';
import { startServer, type TestServer } from '../helpers/server.ts';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish } from '../helpers/browser.ts';

/**
 * The action plan's outputs in a real browser (issue 20): "Action plan 2017-2020" in Documents
 * opens the plan's table (not an empty text editor); the page's Word and spreadsheet links carry
 * its filters (read back with mammoth and SheetJS); a coordinator publishes the plan and a visitor
 * without an account sees the table in Chromium, in Italian, then in English after a new link in
 * the publisher's new language; and no page of an unpublished document gets a 404 from asking
 * whether it is published.
 */

describe('the action plan published and exported, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function newPage(language: 'it' | 'en' = 'it'): Promise<Page> {
    const context = await newPersonContext(browser, { language });
    contexts.push(context);
    return context.newPage();
  }

  /** The rows of the first table of a page, as cell texts. */
  const tableOf = (page: Page) =>
    page
      .locator('table tr')
      .evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').trim())));

  it('opens from Documents as the table, exports with the filters, publishes the table in Italian and English', async () => {
    const chiara = await newPage('it');
    const notFound: string[] = [];
    chiara.on('response', (response) => {
      if (response.status() === 404) notFound.push(response.url());
    });
    await signInThroughForm(chiara, new URL('/documents', server.url).href, DEMO_PEOPLE.coordinator.email);
    await chiara.getByRole('link', { name: 'Action plan 2017-2020' }).click();
    await chiara.waitForURL(/\/action-plan$/);
    await chiara.getByTestId('plan-count').filter({ hasText: '8 eventi' }).waitFor();

    // Only the ideas: the Word and spreadsheet links carry the filter.
    await chiara
      .getByRole('search')
      .getByRole('combobox', { name: /^Stato/ })
      .selectOption('idea');
    await chiara.getByTestId('plan-count').filter({ hasText: '6 di 8' }).waitFor();
    const word = await chiara.request.get(new URL((await chiara.getByTestId('plan-export-docx').getAttribute('href'))!, server.url).href);
    expect(word.status()).toBe(200);
    const html = (await mammoth.convertToHtml({ buffer: await word.body() })).value;
    const wordRows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((r) =>
      [...r[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')),
    );
    expect(wordRows[0]).toEqual(['evento', 'data', 'luogo', 'esperti coinvolti', 'supporto', 'note', 'stato']);
    expect(wordRows.slice(1).map((r) => r[6])).toEqual(Array(6).fill('idea'));
    expect(html).toContain('Mostrati: stato idea');
    const sheet = await chiara.request.get(new URL((await chiara.getByTestId('plan-export-xlsx').getAttribute('href'))!, server.url).href);
    const book = XLSX.read(await sheet.body());
    const sheetRows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 });
    expect(sheetRows[0]).toEqual(['evento', 'data', 'luogo', 'esperti coinvolti', 'supporto', 'note', 'stato']);
    expect(sheetRows).toHaveLength(7);
    await expectNoSeriousAxeViolations(chiara);
    await screenshot(chiara, '20-action-plan-outputs');

    // Published (the whole plan, in the publisher's language): a visitor without an account sees the table.
    await chiara.getByRole('button', { name: 'Pubblica un link in sola lettura' }).click();
    const italianLink = await chiara.getByTestId('public-link').inputValue();
    const visitor = await newPage('it');
    await visitor.goto(italianLink);
    expect(await visitor.locator('html').getAttribute('lang')).toBe('it');
    const published = await tableOf(visitor);
    expect(published[0]).toEqual(['evento', 'data', 'luogo', 'esperti coinvolti', 'supporto', 'note', 'stato']);
    expect(published).toHaveLength(9);
    expect(published[1]).toEqual([
      'On-line forum on (revised) ICC Index and Profile features + City Intercultural Policy Strategy/project',
      '',
      'online',
      '',
      '',
      '',
      'pianificato',
    ]);
    expect(await visitor.getByText('Questo documento è ancora vuoto.').count()).toBe(0);
    await expectNoSeriousAxeViolations(visitor);
    await screenshot(visitor, '20-action-plan-published-it');

    // In English: the publisher switches language and makes a new link; the old one stops.
    await switchToEnglish(chiara);
    await chiara.getByRole('button', { name: 'New link' }).click();
    await chiara.getByRole('dialog').getByRole('button', { name: 'Replace the link' }).click();
    await expect.poll(() => chiara.getByTestId('public-link').inputValue()).not.toBe(italianLink);
    const englishLink = await chiara.getByTestId('public-link').inputValue();
    await visitor.goto(englishLink);
    expect(await visitor.locator('html').getAttribute('lang')).toBe('en');
    const english = await tableOf(visitor);
    expect(english[0]).toEqual(['event', 'date', 'place', 'experts', 'support', 'notes', 'status']);
    expect(english[2]!.at(-1)).toBe('planned');
    expect((await visitor.goto(italianLink))!.status()).toBe(404);

    // An unpublished document's page says so without any 404 (the status is an answer).
    await chiara.goto(new URL(`/d/${encodeURIComponent('minutes:2020-06-18-coordination')}`, server.url).href);
    await chiara.getByText('Only members of the network can read this document.').waitFor();
    expect(notFound.filter((url) => url.includes('/publication'))).toEqual([]);
  }, 120_000);
});
