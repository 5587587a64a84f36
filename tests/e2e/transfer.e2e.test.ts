import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import mammoth from 'mammoth';
import { readFileSync } from 'node:fs';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish } from '../helpers/browser.ts';

/** Import a Markdown file from the documents page, see it in the editor, download it as Word. */
describe('import and export in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it('imports a Markdown file into a new document and downloads it as Word', async () => {
    context = await newPersonContext(browser, { language: 'en' });
    const page = await context.newPage();
    await signInThroughForm(page, new URL('/documents', server.url).href, DEMO_PEOPLE.torino.email);
    await switchToEnglish(page);

    // Nothing chosen: the reason is next to the field.
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('import-file-error').filter({ hasText: 'Choose a file to import.' }).waitFor();

    const markdown =
      '# Torino action points\n\n- Share the **newsletter** template\n- Host the exchange\n\n| City | When |\n| --- | --- |\n| Torino | 2020-09 |\n';
    await page.getByLabel('Word or Markdown file').setInputFiles({ name: 'torino.md', mimeType: 'text/markdown', buffer: Buffer.from(markdown) });
    await page.getByLabel('Title (optional)').fill('Torino action points');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const editor = page.getByTestId('minutes-editor');
    await editor.locator('table').getByText('2020-09').waitFor();
    expect(await editor.locator('strong').innerText()).toBe('newsletter');
    await screenshot(page, '23-imported');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Word (.docx)' }).click()]);
    expect(download.suggestedFilename()).toBe('torino-action-points.docx');
    const html = (await mammoth.convertToHtml({ buffer: readFileSync((await download.path())!) })).value;
    expect(html).toContain('<strong>newsletter</strong>');
    expect(html).toContain('<table>');
  }, 90_000);
});
