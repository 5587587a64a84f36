import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { demoBrowserSuite } from '../helpers/browser-suite.ts';
import { DEMO_PEOPLE } from '../helpers/browser.ts';
import { readPdf } from '../helpers/pdf.ts';

/**
 * The PDFs as a person gets them (issue 20): on the meeting page, the "Meeting pack (PDF)" button
 * and the export panel's PDF link each download a PDF, read back with PDF.js.
 */

describe('PDF downloads in the browser', () => {
  const { openAs } = demoBrowserSuite();

  /** Clicks a link that downloads, and reads the file it gave. */
  async function downloaded(page: Page, link: Locator) {
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    return readPdf(new Uint8Array(await readFile((await download.path())!)));
  }

  it('downloads the meeting pack and the agenda as PDF from the meeting page', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator, '/meetings/2020-06-18-coordination');
    const pack = await downloaded(chiara, chiara.getByRole('link', { name: 'Meeting pack (PDF)' }));
    expect(pack.text).toContain('Meeting pack — Coordination meeting of the Cities of Dialogue');
    expect(pack.text).toContain('Presenter: Lorenzo Kihlgren Grandi');
    expect(pack.text).toContain('Linked polls');

    const agenda = await downloaded(chiara, chiara.getByTestId('export-pdf'));
    expect(agenda.text).toContain('1. Analysis of intercultural policies during the Covid-19 emergency');
    expect(agenda.marked).toBe(true);
  }, 60_000);
});
