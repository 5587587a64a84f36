import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish, waitUntil } from '../helpers/browser.ts';

/**
 * Issue 18: every co-edited field merges like the editor. Two people type 30+ characters each, at
 * the same time, at the end of the same agenda item title, the same action-plan Notes cell and the
 * same budget line description: every character of both is there, in both browsers, in each
 * person's order, and still after a reload.
 */

const MEETING = '2020-06-18-coordination';
// 50 characters each, typed at once into the same field.
const CHIARA = ' - nuovo portale della rete (es. sito web comune)!';
const MARCO = ' + una pagina per ogni città del network, bilingue';

/** Every character of `typed` is in `text`, in order. */
function keeps(text: string, typed: string): boolean {
  let i = 0;
  for (const c of text) if (i < typed.length && c === typed[i]) i++;
  return i === typed.length;
}

describe('text fields typed into by two people at once', () => {
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

  async function openAs(person: { name: string; email: string }, path: string): Promise<Page> {
    const context = await newPersonContext(browser, { language: 'en' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${person.name}] page error:`, err.message));
    await signInThroughForm(page, new URL(path, server.url).href, person.email);
    await switchToEnglish(page);
    return page;
  }

  /** Both type into their field at once, a key at a time, starting at its end. */
  async function typeTogether(a: Locator, b: Locator): Promise<void> {
    for (const field of [a, b]) {
      await field.click();
      await field.press('ControlOrMeta+End');
    }
    await Promise.all([a.pressSequentially(CHIARA, { delay: 25 }), b.pressSequentially(MARCO, { delay: 25 })]);
  }

  /** Waits until both fields hold the same text with every character of both people, and returns it. */
  async function merged(fields: Locator[], before: string, what: string): Promise<string> {
    let value = '';
    await waitUntil(
      async () => {
        const values = await Promise.all(fields.map((f) => f.inputValue()));
        value = values[0]!;
        return values.every((v) => v === value) && value.length === before.length + CHIARA.length + MARCO.length;
      },
      { message: `${what}: the same text in both browsers`, timeout: 15_000 },
    );
    expect(value.startsWith(before)).toBe(true);
    expect(keeps(value.slice(before.length), CHIARA)).toBe(true);
    expect(keeps(value.slice(before.length), MARCO)).toBe(true);
    return value;
  }

  it('keeps every character of both in an agenda title, an action-plan cell and a budget description, and after a reload', async () => {
    // The agenda of the 18 June meeting.
    const chiara = await openAs(DEMO_PEOPLE.coordinator, `/meetings/${MEETING}`);
    const marco = await openAs(DEMO_PEOPLE.reggioEmilia, `/meetings/${MEETING}`);
    const title = (page: Page) => page.getByLabel('Title of item 1', { exact: true });
    await Promise.all([title(chiara).waitFor(), title(marco).waitFor()]);
    const titleBefore = await title(chiara).inputValue();
    expect(titleBefore.length).toBeGreaterThan(0);
    await typeTogether(title(chiara), title(marco));
    const agendaTitle = await merged([title(chiara), title(marco)], titleBefore, 'agenda title');
    // Each sees the other in the field.
    await chiara.getByTestId('field-presence').filter({ hasText: DEMO_PEOPLE.reggioEmilia.name }).waitFor();
    await marco.getByTestId('field-presence').filter({ hasText: DEMO_PEOPLE.coordinator.name }).waitFor();
    await screenshot(chiara, '60-agenda-title-together');

    // The action plan: the Notes cell of the first row.
    await Promise.all([chiara, marco].map((page) => page.goto(new URL('/action-plan', server.url).href)));
    const notes = (page: Page) =>
      page
        .getByTestId('plan-row')
        .first()
        .getByLabel(/^Notes — /);
    await Promise.all([notes(chiara).waitFor(), notes(marco).waitFor()]);
    const notesBefore = await notes(chiara).inputValue();
    await typeTogether(notes(chiara), notes(marco));
    const planNotes = await merged([notes(chiara), notes(marco)], notesBefore, 'action-plan notes');
    await screenshot(marco, '61-plan-notes-together');

    // A budget line of the demo proposal (Reggio Emilia leads it, the coordinator sees every proposal).
    await marco.goto(new URL('/proposals', server.url).href);
    await marco
      .getByRole('link', { name: /./ })
      .filter({ has: marco.locator('[href^="/proposals/"]') })
      .first()
      .waitFor({ state: 'attached' })
      .catch(() => {});
    const href = await marco.locator('a[href^="/proposals/"]:not([href="/proposals/new"]):not([href^="/proposals/settings"])').first().getAttribute('href');
    expect(href).toBeTruthy();
    await Promise.all([chiara, marco].map((page) => page.goto(new URL(href!, server.url).href)));
    const description = (page: Page) => page.getByLabel(/^Description — /).first();
    await Promise.all([description(chiara).waitFor(), description(marco).waitFor()]);
    const descriptionBefore = await description(chiara).inputValue();
    await typeTogether(description(chiara), description(marco));
    const budgetDescription = await merged([description(chiara), description(marco)], descriptionBefore, 'budget description');
    await screenshot(chiara, '62-budget-description-together');

    // After a reload, from the server, in both browsers.
    for (const page of [chiara, marco]) {
      await page.reload();
      await description(page).waitFor();
      await waitUntil(async () => (await description(page).inputValue()) === budgetDescription, { message: 'budget description after a reload' });
      await page.goto(new URL('/action-plan', server.url).href);
      await waitUntil(async () => (await notes(page).inputValue()) === planNotes, { message: 'notes after a reload' });
      await page.goto(new URL(`/meetings/${MEETING}`, server.url).href);
      await waitUntil(async () => (await title(page).inputValue()) === agendaTitle, { message: 'title after a reload' });
    }
  });
});
