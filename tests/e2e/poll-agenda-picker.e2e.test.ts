import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm } from '../helpers/browser.ts';

/**
 * The agenda item a poll's results go under is picked from the chosen minutes' agenda (issue 20),
 * not typed: the list appears once minutes are chosen, offers the general notes and each item by
 * number and title, and the poll's page names the item by its title.
 */

describe('poll form: the agenda item picker', () => {
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

  it('offers the minutes’ items, and the poll shows the item chosen', async () => {
    context = await newPersonContext(browser, { language: 'it' });
    const page = await context.newPage();
    await signInThroughForm(page, `${server.url}/polls`, DEMO_PEOPLE.coordinator.email);
    const form = page.locator('form.poll-create');
    await form.getByLabel(/^Domanda$/).fill('Rinviare l’evento Anti-dicerie?');
    await form.getByLabel(/^Tipo di votazione$/).selectOption('proposal');
    // No minutes, no agenda item to choose.
    expect(await form.getByLabel("Punto all'ordine del giorno").count()).toBe(0);
    await form.getByLabel('Inserisci i risultati in questo verbale').selectOption({ index: 1 });
    const picker = form.getByLabel("Punto all'ordine del giorno");
    await picker.locator('option').nth(1).waitFor({ state: 'attached' });
    const options = await picker.locator('option').allTextContents();
    expect(options[0]).toBe('Note generali');
    expect(options.slice(1)).toEqual([
      '1. Analysis of intercultural policies during the Covid-19 emergency',
      '2. Work plan & next steps for the Cities (2nd semester of 2020)',
      '2.1. Reprogramming the thematic event on the Anti-rumours strategy',
      '2.2. New activities: national communication campaign, trainings on intercultural competences',
      '3. Communication activities of the Network',
    ]);
    expect(await picker.evaluate((el) => el.tagName)).toBe('SELECT');
    await picker.selectOption({ index: 3 }); // 2.1, the Anti-rumours event
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, '20-poll-agenda-picker');
    await form.getByRole('button', { name: 'Crea bozza' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rinviare l’evento Anti-dicerie?' }).waitFor();
    await page.getByText(`Punto all'ordine del giorno: ${options[3]}`).waitFor();
  }, 90_000);
});
