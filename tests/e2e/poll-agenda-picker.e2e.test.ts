import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm } from '../helpers/browser.ts';
import { api, signIn } from '../helpers/session.ts';

/**
 * The agenda item a poll's results go under is picked from the chosen minutes' agenda (issue 20),
 * not typed: the list appears once minutes are chosen, offers the general notes and each item by
 * number and title, and the poll's page names the item by its title. Averages are written with the
 * reader's decimal mark (numbers one way everywhere).
 */

describe('poll form: the agenda item picker', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let readerContext: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await readerContext?.close().catch(() => {});
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

  it('writes a score poll’s average as the reader writes decimals', async () => {
    const chiara = await signIn(server.url, DEMO_PEOPLE.coordinator.email, DEMO_PASSWORD);
    const created = await api(server.url, '/api/polls', {
      method: 'POST',
      cookie: chiara,
      json: {
        question: 'Quanto è utile il webinar?',
        kind: 'score',
        options: ['Webinar', 'Incontro'],
        settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'off', maxScore: 5 },
      },
    });
    const { poll } = (await created.json()) as { poll: { id: string; options: { id: string }[] } };
    expect((await api(server.url, `/api/polls/${poll.id}/open`, { method: 'POST', cookie: chiara })).status).toBe(200);
    for (const [email, score] of [
      [DEMO_PEOPLE.reggioEmilia.email, 5],
      [DEMO_PEOPLE.arezzo.email, 4],
    ] as const) {
      const cookie = await signIn(server.url, email, DEMO_PASSWORD);
      const vote = await api(server.url, `/api/polls/${poll.id}/vote`, {
        method: 'POST',
        cookie,
        json: { choice: { kind: 'score', scores: { [poll.options[0]!.id]: score, [poll.options[1]!.id]: 1 } } },
      });
      expect(vote.status).toBe(200);
    }
    readerContext = await newPersonContext(browser, { language: 'it' });
    const page = await readerContext.newPage();
    await signInThroughForm(page, `${server.url}/polls/${poll.id}`, DEMO_PEOPLE.coordinator.email);
    await page.getByText('media 4,5').waitFor();
    expect(await page.getByText('media 4.5').count()).toBe(0);
  }, 60_000);
});
