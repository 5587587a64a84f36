import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, waitUntil } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';
import { mailsTo, startSmtp, type TestSmtp } from '../mail/smtp.ts';

/**
 * A coordinator cancels a meeting from its page (issue 21): the confirm dialog first (Escape keeps
 * it), then the meeting reads as cancelled and its participants get the calendar cancellation by mail.
 */
describe('cancelling a meeting in the browser', () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    smtp = await startSmtp();
    [server, browser] = await Promise.all([
      startServer({ env: { DEMO: 'true', SMTP_URL: smtp.url, PUBLIC_URL: 'https://dialogo.example.org', MAIL_RETRY_MS: '200' } }),
      launchBrowser(),
    ]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await newPersonContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on('pageerror', (err) => console.error('page error:', err.message));
    return page;
  }

  it('asks first, then cancels the meeting and mails the participants a CANCEL', async () => {
    const page = await newPage();
    await signInThroughForm(page, server.url, DEMO_PEOPLE.coordinator.email);
    await page.getByRole('heading', { level: 1, name: 'Città del Dialogo' }).waitFor();
    const { id } = await page.evaluate(async () => {
      const res = await fetch('/api/meetings', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Riunione di gennaio', startsAt: '2027-01-15T10:00:00+01:00', endsAt: '2027-01-15T12:00:00+01:00' }),
      });
      return ((await res.json()) as { meeting: { id: string } }).meeting;
    });
    const torino = DEMO_PEOPLE.torino.email;
    await eventually(() => expect(mailsTo(smtp, torino)).toHaveLength(1), { timeout: 15_000 });

    await page.goto(`${server.url}/meetings/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Riunione di gennaio' }).waitFor();
    // Registrations are taken while the answer's can.register says so: until the meeting is cancelled.
    const register = page.getByRole('button', { name: 'Iscriviti per partecipare' });
    expect(await register.count()).toBe(1);
    const open = page.getByRole('button', { name: 'Annulla la riunione' });
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'Annullare questa riunione?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("I partecipanti ricevono un'email di annullamento");
    // Focus on the safe choice; no serious accessibility finding with the dialog open.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Annulla');
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'meeting-cancel-dialog');

    // Escape: nothing happens, focus back on the button.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Annulla la riunione');
    expect(await page.getByTestId('meeting-status').textContent()).not.toBe('annullata');

    // With the keyboard: open, Tab to the action, Enter.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Annulla la riunione');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await waitUntil(async () => (await page.getByTestId('meeting-status').textContent()) === 'annullata', { message: 'the meeting reads as cancelled' });
    await page.getByTestId('meeting-cancelled').waitFor();
    expect(await page.getByRole('button', { name: 'Annulla la riunione' }).count()).toBe(0);
    expect(await register.count()).toBe(0);
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'meeting-cancelled');

    // The participants' calendars: a CANCEL of the same event.
    await eventually(() => expect(mailsTo(smtp, torino)).toHaveLength(2), { timeout: 15_000 });
    const cancel = mailsTo(smtp, torino)[1]!;
    const part = cancel.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    const calendar = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
    expect(String(calendar.getFirstPropertyValue('method'))).toBe('CANCEL');
    expect(new ICAL.Event(calendar.getFirstSubcomponent('vevent')!).uid).toBe(`${id}@dialogo`);

    // Reloaded, it is still cancelled.
    await page.reload();
    await page.getByTestId('meeting-cancelled').waitFor();
  });
});
