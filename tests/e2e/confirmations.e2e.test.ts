import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish, waitUntil } from '../helpers/browser.ts';

/**
 * Issue 18: irreversible actions ask first, in one modal dialog (native `<dialog>`): ending a
 * meeting, approving its minutes, closing a poll early, submitting a proposal, revoking a
 * published link. Focus moves to Cancel, Escape cancels (nothing happens) and focus returns to the
 * button; the confirming button names the action.
 */

const POLL = 'anti-rumours-event';
const PROPOSAL = 'citta-del-dialogo-competenze-interculturali';
const MEETING = '2020-06-18-coordination';
const MINUTES = 'Coordination meeting — 18 June 2020';

describe('irreversible actions ask first', () => {
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

  async function openAs(person: { name: string; email: string }, path: string, english = true): Promise<Page> {
    const context = await newPersonContext(browser, { language: english ? 'en' : 'it', locale: english ? 'en-GB' : 'it-IT' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${person.name}] page error:`, err.message));
    await signInThroughForm(page, new URL(path, server.url).href, person.email);
    if (english) await switchToEnglish(page);
    return page;
  }

  const dialog = (page: Page) => page.getByRole('dialog');
  const focused = (page: Page) =>
    page.evaluate(() => ({ text: document.activeElement?.textContent?.trim() ?? '', inDialog: !!document.activeElement?.closest('dialog') }));

  /** Opens the dialog with `button`, checks it (name, focus on Cancel), presses Escape and checks nothing else happened. */
  async function escapeCancels(page: Page, button: Locator, title: RegExp, cancel: RegExp) {
    await button.click();
    await expect(dialog(page).isVisible()).resolves.toBe(true);
    await expect(dialog(page).getByRole('heading').innerText()).resolves.toMatch(title);
    // Named by its title, modal, and holding focus (on Cancel, the safe choice).
    expect(await page.getByRole('dialog', { name: title }).count()).toBe(1);
    expect(await dialog(page).evaluate((d) => (d as HTMLDialogElement).open && d.matches(':modal'))).toBe(true);
    await waitUntil(async () => (await focused(page)).inDialog, { message: 'focus inside the dialog' });
    expect((await focused(page)).text).toMatch(cancel);
    await page.keyboard.press('Escape');
    await waitUntil(async () => (await dialog(page).count()) === 0, { message: 'Escape closes the dialog' });
    // Focus is back on the button that opened it.
    await waitUntil(async () => button.evaluate((b) => b === document.activeElement), { message: 'focus back on the button' });
  }

  it('closing a poll early: Escape keeps it open, confirming closes it', async () => {
    const page = await openAs(DEMO_PEOPLE.coordinator, `/polls/${POLL}`);
    await page.getByRole('button', { name: 'Open the poll' }).click();
    await page
      .getByTestId('poll-status')
      .filter({ hasText: /^Open$/ })
      .waitFor();
    const close = page.getByRole('button', { name: 'Close now' });
    await escapeCancels(page, close, /^Close the poll now\?$/, /^Cancel$/);
    await page.reload();
    await page
      .getByTestId('poll-status')
      .filter({ hasText: /^Open$/ })
      .waitFor();

    await close.click();
    await expect(dialog(page).innerText()).resolves.toMatch(/Voting stops at once for everyone/);
    await screenshot(page, 'confirm-close-poll-en');
    // Keyboard only: Tab from Cancel to the confirming button, Enter.
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Close the poll');
    await page.keyboard.press('Enter');
    await page
      .getByTestId('poll-status')
      .filter({ hasText: /^Closed$/ })
      .waitFor();
    // The live update can show 'Closed' before the HTTP answer that closes the dialog arrives.
    await waitUntil(async () => (await dialog(page).count()) === 0, { message: 'the dialog closes with the poll' });
  }, 60_000);

  it('submitting a proposal asks first (in Italian), moving it to review does not', async () => {
    const page = await openAs(DEMO_PEOPLE.reggioEmilia, `/proposals/${PROPOSAL}`, false);
    await page.getByLabel('Sposta a').selectOption('in-review');
    await page.getByRole('button', { name: 'Cambia stato' }).click();
    await page.getByTestId('proposal-status').filter({ hasText: 'In revisione' }).waitFor();
    expect(await dialog(page).count()).toBe(0);

    await page.getByLabel('Sposta a').selectOption('submitted');
    const move = page.getByRole('button', { name: 'Cambia stato' });
    await escapeCancels(page, move, /^Segnare la proposta come presentata\?$/, /^Annulla$/);
    await expect(page.getByTestId('proposal-status').innerText()).resolves.toBe('In revisione');

    await move.click();
    await expect(dialog(page).innerText()).resolves.toMatch(/sola lettura per tutti/);
    await screenshot(page, 'confirm-submit-proposal-it');
    await dialog(page).getByRole('button', { name: 'Segna come presentata' }).click();
    await page.getByTestId('proposal-status').filter({ hasText: 'Presentata' }).waitFor();
    // Submitted: read-only for everyone, the lead included, until it is reopened.
    await page.getByTestId('read-only-notice').filter({ hasText: 'sola lettura per tutti' }).waitFor();
  }, 60_000);

  it('revoking a published link asks first', async () => {
    const page = await openAs(DEMO_PEOPLE.coordinator, '/documents');
    await page.getByRole('link', { name: MINUTES }).click();
    await page.getByRole('button', { name: 'Publish a read-only link' }).click();
    const link = await page.getByTestId('public-link').inputValue();
    const stop = page.getByRole('button', { name: 'Stop publishing' });
    await escapeCancels(page, stop, /^Stop publishing this document\?$/, /^Cancel$/);
    expect((await fetch(link)).status).toBe(200);

    await stop.click();
    await screenshot(page, 'confirm-stop-publishing-en');
    await dialog(page).getByRole('button', { name: 'Stop publishing' }).click();
    await page.getByRole('button', { name: 'Publish a read-only link' }).waitFor();
    expect((await fetch(link)).status).toBe(404);
  }, 60_000);

  it('ending a meeting and approving its minutes ask first', async () => {
    const page = await openAs(DEMO_PEOPLE.coordinator, `/meetings/${MEETING}/room`);
    await page.getByRole('button', { name: 'Start the meeting' }).click();
    const end = page.getByRole('button', { name: 'End the meeting' });
    await escapeCancels(page, end, /^End the meeting\?$/, /^Cancel$/);
    await expect(page.getByTestId('room-status').innerText()).resolves.toMatch(/live|in corso/i);

    await end.click();
    await dialog(page).getByRole('button', { name: 'End the meeting' }).click();
    await waitUntil(async () => /draft/.test(await page.getByTestId('minutes-status').innerText()), { message: 'draft minutes' });

    const approve = page.getByRole('button', { name: 'Approve the minutes' });
    await escapeCancels(page, approve, /^Approve the minutes\?$/, /^Cancel$/);
    await expect(page.getByTestId('minutes-status').innerText()).resolves.toMatch(/draft/);
    await approve.click();
    await screenshot(page, 'confirm-approve-minutes-en');
    await dialog(page).getByRole('button', { name: 'Approve', exact: true }).click();
    await waitUntil(async () => /approved/.test(await page.getByTestId('minutes-status').innerText()), { message: 'approved minutes' });
  }, 60_000);
});
