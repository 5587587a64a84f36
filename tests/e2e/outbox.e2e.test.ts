import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm } from '../helpers/browser.ts';

/**
 * Mail without an SMTP server (the demo): an invitation with an address lands in the outbox, which
 * the coordinator reads from the People page, with the keyboard; a delegate turns off mention mails
 * on their profile and the choice is still there after a reload.
 */
describe('outbox and mail preferences in the browser', () => {
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

  async function newPage(): Promise<Page> {
    const context = await newPersonContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    page.on('pageerror', (err) => console.error('page error:', err.message));
    return page;
  }

  it('shows the coordinator the invitation mail kept in the outbox, opened with the keyboard', async () => {
    const page = await newPage();
    await signInThroughForm(page, server.url, DEMO_PEOPLE.coordinator.email);
    await page.getByRole('heading', { level: 1, name: 'Città del Dialogo' }).waitFor();
    const status = await page.evaluate(async () => {
      const res = await fetch('/api/invites', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'expert', email: 'giulia.rossi@unibo.example', name: 'Giulia <Rossi>', language: 'it' }),
      });
      return res.status;
    });
    expect(status).toBe(201);

    await page.goto(`${server.url}/people`);
    await page.getByRole('link', { name: 'Posta in uscita: le email inviate da Dialogo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Posta in uscita' }).waitFor();
    await page.getByText('Nessun server di posta è configurato').waitFor();
    const item = page.getByTestId('outbox-item').filter({ hasText: 'giulia.rossi@unibo.example' });
    await item.waitFor();
    expect(await item.textContent()).toContain('Invito a Città del Dialogo su Dialogo');
    await item.getByText('Conservata (non inviata)').waitFor({ timeout: 15_000 });

    // Keyboard: focus the toggle, open the message, read it.
    await item.getByRole('button', { name: 'Mostra il messaggio' }).waitFor();
    // The same button, whose name changes with its state.
    const toggle = item.locator('button[aria-controls]');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await toggle.textContent()).toBe('Nascondi il messaggio');
    const message = item.locator('pre');
    await message.waitFor();
    const text = (await message.textContent()) ?? '';
    expect(text).toContain('Gentile Giulia <Rossi>,');
    expect(text).toContain('ti invita a partecipare a Città del Dialogo');
    // The single-use link is not kept with the mail (the coordinator was shown it when inviting).
    expect(text).not.toMatch(/\/invite\/[A-Za-z0-9_-]+/);
    expect(text).toContain('[link non conservato: mostrato al coordinatore]');
    // The name a person typed is text, not markup.
    expect(await item.locator('b, script').count()).toBe(0);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('PRE');
    await screenshot(page, 'outbox');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('lets a delegate turn off mention mails on their profile', async () => {
    const page = await newPage();
    await signInThroughForm(page, server.url, DEMO_PEOPLE.torino.email);
    await page.goto(`${server.url}/profile`);
    const form = page.getByTestId('mail-preferences');
    await form.getByRole('heading', { name: 'Email' }).waitFor();
    const mentions = form.getByRole('checkbox', { name: /Menzioni nei commenti/ });
    await waitChecked(mentions, true);
    await mentions.focus();
    await page.keyboard.press('Space');
    await form.getByRole('button', { name: 'Salva' }).click();
    await form.getByRole('status').getByText('Salvato.').waitFor();
    await screenshot(page, 'mail-preferences');
    await page.reload();
    await waitChecked(page.getByTestId('mail-preferences').getByRole('checkbox', { name: /Menzioni nei commenti/ }), false);
    expect(
      await page
        .getByTestId('mail-preferences')
        .getByRole('checkbox', { name: /Riunioni/ })
        .isChecked(),
    ).toBe(true);
    // Every kind with its own choice (issue 21): reminders, polls, proposals and minutes too, on by default.
    for (const name of [/^Promemoria delle riunioni/, /^Votazioni aperte/, /^Proposte della tua città/, /^Verbali approvati o pubblicati/]) {
      expect(await page.getByTestId('mail-preferences').getByRole('checkbox', { name }).isChecked()).toBe(true);
    }
  });
});

async function waitChecked(box: import('playwright-core').Locator, checked: boolean) {
  await box.waitFor();
  const deadline = Date.now() + 10_000;
  while ((await box.isChecked()) !== checked || !(await box.isEnabled())) {
    if (Date.now() > deadline) throw new Error(`checkbox never became ${checked}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
