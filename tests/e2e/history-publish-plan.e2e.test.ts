import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish, waitUntil, writtenText } from '../helpers/browser.ts';

/**
 * Versions, publishing and the action plan in real browsers: a named version is compared with the
 * text after someone deleted a paragraph and restored for everyone; a published link shows the
 * document to a visitor without an account and stops at once when revoked; two people edit
 * different cells of one action-plan row at the same time and both changes stay.
 */

const MINUTES = 'Coordination meeting — 18 June 2020';
const DELETED = 'Explore new solutions and tools to systematize contents and smooth communication among the network.';

describe('history, publishing and the action plan in the browser', () => {
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

  async function openAs(person: { name: string; email: string }, path = '/documents'): Promise<Page> {
    const context = await newPersonContext(browser, { language: 'en' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${person.name}] page error:`, err.message));
    page.on('dialog', (dialog) => void dialog.accept());
    await signInThroughForm(page, new URL(path, server.url).href, person.email);
    await switchToEnglish(page);
    return page;
  }

  const editorText = (page: Page) => writtenText(page.getByTestId('minutes-editor'));

  it('saves a named version, compares it after a deletion and restores it for everyone', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator);
    await chiara.getByRole('link', { name: MINUTES }).click();
    await waitUntil(async () => (await editorText(chiara)).includes(DELETED), { message: 'minutes loaded' });
    const minutesUrl = chiara.url();

    await chiara.getByLabel('Name a version of the document as it is now').fill('Before the meeting');
    await chiara.getByRole('button', { name: 'Save version' }).click();
    await chiara.getByTestId('versions').getByText('Before the meeting').waitFor();

    // Another participant deletes the last paragraph.
    const sara = await openAs(DEMO_PEOPLE.torino, minutesUrl);
    await waitUntil(async () => (await editorText(sara)).includes(DELETED), { message: 'minutes loaded for Sara' });
    await sara.getByText(DELETED).click();
    await sara.keyboard.press('End');
    await sara.keyboard.press('Shift+Home');
    await sara.keyboard.press('Backspace');
    await waitUntil(async () => !(await editorText(chiara)).includes(DELETED), { message: 'deletion reaches Chiara' });

    await chiara.getByRole('button', { name: 'Compare with now' }).click();
    const removed = chiara.getByTestId('comparison').locator('del');
    await removed.first().waitFor();
    expect(await removed.allInnerTexts()).toContain(DELETED);
    await screenshot(chiara, '10-history-compare');

    await chiara.getByRole('button', { name: 'Restore' }).click();
    await waitUntil(async () => (await editorText(sara)).includes(DELETED), { message: 'restore reaches Sara' });
    expect(await editorText(chiara)).toContain(DELETED);
    await chiara.getByRole('status').filter({ hasText: 'restored for everyone' }).waitFor();
  }, 90_000);

  it('publishes a read-only link that works without an account and stops when revoked', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator);
    await chiara.getByRole('link', { name: MINUTES }).click();
    await chiara.getByRole('button', { name: 'Publish a read-only link' }).click();
    const link = await chiara.getByTestId('public-link').inputValue();
    expect(link).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);

    const visitorContext = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(visitorContext);
    const visitor = await visitorContext.newPage();
    const answer = await visitor.goto(link);
    expect(answer?.status()).toBe(200);
    expect(await visitor.getByRole('heading', { level: 1 }).innerText()).toBe(MINUTES);
    expect(await visitor.locator('article').innerText()).toContain('Analysis of intercultural policies');
    await screenshot(visitor, '11-published-page');

    await chiara.getByRole('button', { name: 'Stop publishing' }).click();
    await chiara.getByRole('dialog').getByRole('button', { name: 'Stop publishing' }).click();
    await chiara.getByRole('button', { name: 'Publish a read-only link' }).waitFor();
    expect((await visitor.goto(link))?.status()).toBe(404);
  }, 90_000);

  it("keeps two people's edits of different cells of one action-plan row, and moves a row from the keyboard", async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator, '/action-plan');
    const marco = await openAs(DEMO_PEOPLE.reggioEmilia, '/action-plan');
    const row = (page: Page, event: string) => page.getByTestId('plan-row').filter({ has: page.getByLabel(`Event — ${event}`, { exact: true }) });
    const second = 'Second Good Practice Exchange Meeting';
    await row(chiara, second).waitFor();
    await row(marco, second).waitFor();

    // At the same time: Chiara writes the date, Marco the notes.
    await Promise.all([
      row(chiara, second).getByLabel(`Date — ${second}`).fill('2018-05'),
      row(marco, second).getByLabel(`Notes — ${second}`).fill('Hosted by Reggio Emilia.'),
    ]);
    for (const page of [chiara, marco]) {
      await waitUntil(
        async () =>
          (await row(page, second).getByLabel(`Date — ${second}`).inputValue()) === '2018-05' &&
          (await row(page, second).getByLabel(`Notes — ${second}`).inputValue()) === 'Hosted by Reggio Emilia.',
        { message: 'both cells on both pages' },
      );
    }

    // Alt+↑ on the row's event cell moves it above the first good-practice meeting, for both.
    await row(marco, second).getByLabel(`Event — ${second}`).focus();
    await marco.keyboard.press('Alt+ArrowUp');
    const order = async (page: Page) =>
      page
        .getByTestId('plan-row')
        .locator('td[data-col="event"] textarea')
        .evaluateAll((els) => els.map((el) => (el as HTMLTextAreaElement).value));
    await waitUntil(async () => (await order(chiara)).indexOf(second) === 1, { message: "row moved up on Chiara's page" });
    expect(await order(marco)).toEqual(await order(chiara));
    await screenshot(chiara, '12-action-plan');
  }, 90_000);
});
