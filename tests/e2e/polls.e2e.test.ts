import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, waitUntil } from '../helpers/browser.ts';

/**
 * Journey 4 in real browsers on the demo network: the coordinator opens the three polls of the
 * 18 June 2020 meeting, the delegates of Torino and Reggio Emilia vote from their own browsers,
 * the coordinator watches the results change live, closes a poll, finds its results block in the
 * minutes, and the CSV export says what the page says.
 */

const POLLS = {
  antiRumours: { id: 'anti-rumours-event', question: /reprogramme the thematic event on the Anti-rumours/ },
  activities: { id: 'activities-2nd-semester-2020', question: /new activities/ },
  structure: { id: 'coordination-structure', question: /coordination structure/ },
};

const summary = (page: Page) => page.getByTestId('results-summary');
const status = (page: Page) => page.getByTestId('poll-status');

describe('polls in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let coordinator: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function openAs(person: { name: string; email: string }, path: string, language: 'en' | 'it' = 'en'): Promise<Page> {
    const context = await newPersonContext(browser, { language, locale: language === 'it' ? 'it-IT' : 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${person.name}] page error:`, err.message));
    await signInThroughForm(page, `${server.url}${path}`, person.email);
    return page;
  }

  /** Waits until a poll page is live (watching over socket.io). */
  const live = (page: Page) => waitUntil(async () => (await page.getByTestId('poll-live').getAttribute('data-live')) === 'true', { message: 'poll page live' });

  it('the coordinator opens the three seed polls', async () => {
    coordinator = await openAs(DEMO_PEOPLE.coordinator, '/polls');
    // The list and every poll page listen on the tab's one live connection: moving between them opens no other.
    const liveSockets: string[] = [];
    coordinator.on('websocket', (ws) => {
      if (new URL(ws.url()).pathname.startsWith('/live')) liveSockets.push(ws.url());
    });
    const list = coordinator.getByTestId('poll-list');
    for (const poll of Object.values(POLLS)) {
      await list.getByRole('link', { name: poll.question }).click();
      await coordinator.getByRole('heading', { level: 1, name: poll.question }).waitFor();
      await expect(status(coordinator).textContent()).resolves.toMatch(/Draft|Bozza/);
      await coordinator.getByRole('button', { name: /^(Open the poll|Apri la votazione)$/ }).click();
      await status(coordinator)
        .filter({ hasText: /^(Open|Aperta)$/ })
        .waitFor();
      await coordinator.getByRole('link', { name: /^(All polls|Tutte le votazioni)$/ }).click();
    }
    await waitUntil(async () => (await list.textContent())?.match(/(Open|Aperta)/g)?.length === 3, { message: 'three open polls in the list' });
    expect(liveSockets.length).toBeLessThanOrEqual(1);
  });

  it('delegates of two cities vote from their own browsers while the coordinator sees the results change live', async () => {
    await coordinator.goto(`${server.url}/polls/${POLLS.antiRumours.id}`);
    await live(coordinator);
    await waitUntil(async () => /\b0\b.*25/.test((await summary(coordinator).textContent()) ?? ''), { message: 'no votes yet' });

    const torino = await openAs(DEMO_PEOPLE.torino, `/polls/${POLLS.antiRumours.id}`);
    await torino.getByRole('radio', { name: /^(Agree|Favorevole)$/ }).check();
    await torino.getByLabel(/Reason|Motivazione/).fill('Feasible in the autumn, online if restrictions continue.');
    await torino.getByRole('button', { name: /^(Cast ballot|Vota)$/ }).click();
    await torino
      .getByTestId('ballot-status')
      .filter({ hasText: /cast|registrato/i })
      .waitFor();

    // The coordinator's page changed without a reload: turnout and the agreed outcome.
    await waitUntil(async () => /\b1\b.*25/.test((await summary(coordinator).textContent()) ?? ''), { message: 'coordinator sees 1 of 25' });
    await expect(coordinator.getByTestId('poll-outcome').textContent()).resolves.toMatch(/agreed|approvata/);

    const reggio = await openAs(DEMO_PEOPLE.reggioEmilia, `/polls/${POLLS.antiRumours.id}`, 'it');
    await reggio.getByRole('radio', { name: /^(Disagree|Contrario)$/ }).check();
    await reggio.getByRole('button', { name: /^(Cast ballot|Vota)$/ }).click();
    await reggio
      .getByTestId('ballot-status')
      .filter({ hasText: /cast|registrato/i })
      .waitFor();
    await waitUntil(async () => /\b2\b.*25/.test((await summary(coordinator).textContent()) ?? ''), { message: 'coordinator sees 2 of 25' });
    await waitUntil(async () => /tied|parità/.test((await coordinator.getByTestId('poll-outcome').textContent()) ?? ''), { message: 'tied outcome' });

    // Ranked choice by keyboard: add three activities, then move the last one to the top with Alt+↑.
    await torino.goto(`${server.url}/polls/${POLLS.activities.id}`);
    for (const name of [/Trainings on intercultural/, /National communication campaign/, /Joint project proposal/]) {
      await torino.getByRole('button', { name: new RegExp(`^(Rank|Aggiungi): ${name.source}`) }).click();
    }
    const items = torino.getByTestId('ranking').getByRole('listitem');
    await items.nth(2).focus();
    await torino.keyboard.press('Alt+ArrowUp');
    await torino.keyboard.press('Alt+ArrowUp');
    await waitUntil(async () => (await items.first().textContent())?.includes('Joint project proposal'), { message: 'moved to the top by keyboard' });
    // Focus followed the moved option, so one more Alt+↓ moves it back down one place.
    await torino.keyboard.press('Alt+ArrowDown');
    await waitUntil(async () => (await items.nth(1).textContent())?.includes('Joint project proposal'), { message: 'moved down by keyboard' });
    await torino.getByRole('button', { name: /^(Cast ballot|Vota)$/ }).click();
    await torino
      .getByTestId('ballot-status')
      .filter({ hasText: /cast|registrato/i })
      .waitFor();

    await reggio.goto(`${server.url}/polls/${POLLS.activities.id}`);
    await reggio.getByRole('button', { name: /^(Rank|Aggiungi): National communication campaign/ }).click();
    await reggio.getByRole('button', { name: /^(Cast ballot|Vota)$/ }).click();
    await reggio
      .getByTestId('ballot-status')
      .filter({ hasText: /registrato|cast/i })
      .waitFor();

    // Coordination structure: both cities choose the three rotating cities.
    for (const page of [torino, reggio]) {
      await page.goto(`${server.url}/polls/${POLLS.structure.id}`);
      await page.getByRole('radio', { name: /^Three cities rotating/ }).check();
      await page.getByRole('button', { name: /^(Cast ballot|Vota)$/ }).click();
      await page
        .getByTestId('ballot-status')
        .filter({ hasText: /cast|registrato/i })
        .waitFor();
    }

    await coordinator.goto(`${server.url}/polls/${POLLS.activities.id}`);
    await live(coordinator);
    // Round 1: National 1 (Reggio), Trainings 1 (Torino's first), ...: the rounds table shows the count.
    await expect(coordinator.getByTestId('poll-rounds').textContent()).resolves.toMatch(/(Round|Turno) 1/);
    await screenshot(coordinator, 'polls-ranked-results');
  });

  it('closing a poll puts its results block in the minutes, and the CSV export matches the page', async () => {
    await coordinator.goto(`${server.url}/polls/${POLLS.antiRumours.id}`);
    await live(coordinator);
    await coordinator.getByRole('button', { name: /^(Close now|Chiudi ora)$/ }).click();
    await coordinator
      .getByRole('dialog')
      .getByRole('button', { name: /^(Close the poll|Chiudi la votazione)$/ })
      .click();
    await status(coordinator)
      .filter({ hasText: /^(Closed|Chiusa)$/ })
      .waitFor();
    await waitUntil(async () => /(Final result|Risultato finale)/.test((await summary(coordinator).textContent()) ?? ''), {
      message: 'final result announced',
    });

    // What the page shows, answer by answer...
    const bars = await coordinator
      .getByTestId('poll-bars')
      .locator('li')
      .evaluateAll((rows) =>
        rows.map((row) => [
          row.querySelector('.poll-bars__label')?.textContent ?? '',
          (row.querySelector('.poll-bars__value')?.textContent ?? '').replace(/\D+/g, ''),
        ]),
      );
    // ...and what the export says, fetched with the coordinator's session (in English: `?lang=en`).
    const csv = await coordinator.evaluate(async (id) => (await fetch(`/api/polls/${id}/results.csv?lang=en`)).text(), POLLS.antiRumours.id);
    const rows = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(rows[0]).toEqual(['answer', 'ballots']);
    const exported = Object.fromEntries(rows.slice(1).map(([answer, n]) => [answer, n]));
    expect(exported).toMatchObject({ Agree: '1', Disagree: '1', Abstain: '0' });
    const shown = Object.fromEntries(bars.map(([label, n]) => [label, n]));
    expect(shown[(await translate(coordinator, 'agree'))!]).toBe(exported.Agree);
    expect(shown[(await translate(coordinator, 'disagree'))!]).toBe(exported.Disagree);
    expect(shown[(await translate(coordinator, 'abstain'))!]).toBe(exported.Abstain);

    // The results block is in the minutes, as the editor shows them: in Italian, the demo network's language.
    await coordinator.getByRole('link', { name: /results go into the minutes|risultati vanno nel verbale/i }).click();
    const editor = coordinator.getByTestId('minutes-editor');
    await waitUntil(
      async () => {
        const text = (await editor.textContent()) ?? '';
        return (
          text.includes('Risultati del sondaggio: Should we reprogramme the thematic event on the Anti-rumours strategy?') &&
          text.includes('Favorevole: 1') &&
          text.includes('Contrario: 1') &&
          text.includes('Hanno votato 2 città su 25')
        );
      },
      { message: 'results block in the minutes' },
    );
    await screenshot(coordinator, 'polls-minutes-block');
  });

  it('a coordinator creates a poll: each bad field is explained next to it, and a draft’s options can be reordered', async () => {
    await coordinator.goto(`${server.url}/polls`);
    const form = coordinator.locator('form.poll-create');
    const question = form.getByLabel(/^(Question|Domanda)$/);
    await form.getByRole('button', { name: /^(Create draft|Crea bozza)$/ }).click();
    await form.getByTestId('question-error').waitFor();
    await waitUntil(() => question.evaluate((el) => el === document.activeElement && el.getAttribute('aria-invalid') === 'true'), {
      message: 'question focused and invalid',
    });

    await question.fill('How many points for each training?');
    await form.getByLabel(/^(Kind of poll|Tipo di votazione)$/).selectOption('dot');
    const options = form.getByLabel(/^(Options|Opzioni)$/);
    await options.fill('Intercultural competences');
    await form.getByRole('button', { name: /^(Create draft|Crea bozza)$/ }).click();
    await expect(form.getByTestId('options-error').textContent()).resolves.toMatch(/at least two|almeno due/);
    await expect(form.getByTestId('question-error').count()).resolves.toBe(0);
    await screenshot(coordinator, 'polls-create-errors');

    await options.fill('Intercultural competences\nAnti-rumours agents\nCommunication');
    await form.getByRole('button', { name: /^(Create draft|Crea bozza)$/ }).click();
    await coordinator.getByRole('heading', { level: 1, name: 'How many points for each training?' }).waitFor();
    await expect(status(coordinator).textContent()).resolves.toMatch(/Draft|Bozza/);
    await coordinator.getByRole('button', { name: /(Move|Sposta) “Communication” (up|in su)/ }).click();
    const order = coordinator
      .locator('section', { has: coordinator.getByRole('heading', { name: /Run the poll|Gestisci la votazione/ }) })
      .getByRole('listitem');
    await waitUntil(async () => (await order.nth(1).textContent())?.includes('Communication'), { message: 'option moved up' });
  });
});

/** The label the page uses for a proposal answer, in the page's language. */
async function translate(page: Page, answer: 'agree' | 'disagree' | 'abstain'): Promise<string> {
  const lang = await page.evaluate(() => document.documentElement.lang);
  const it = { agree: 'Favorevole', disagree: 'Contrario', abstain: 'Astenuto' };
  const en = { agree: 'Agree', disagree: 'Disagree', abstain: 'Abstain' };
  return (lang.startsWith('it') ? it : en)[answer];
}
