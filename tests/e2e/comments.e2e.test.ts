import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish, waitUntil } from '../helpers/browser.ts';

/**
 * Comments in real browsers: the coordinator comments on a sentence of the minutes and mentions a
 * delegate who is elsewhere in the app; a second editor sees the thread and its highlight live; the
 * mentioned delegate's bell counts it live and leads to the document; a reply and resolving reach
 * the others.
 */

const MINUTES = 'Coordination meeting — 18 June 2020';
const SENTENCE = 'Explore new solutions and tools to systematize contents and smooth communication among the network.';

describe('comments and mentions in the browser', () => {
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
    await signInThroughForm(page, new URL(path, server.url).href, person.email);
    await switchToEnglish(page);
    return page;
  }

  it('comments on a sentence, mentions a delegate who sees it live, and the thread is answered and resolved', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator);
    await chiara.getByRole('link', { name: MINUTES }).click();
    await chiara.getByText(SENTENCE).waitFor();
    const minutesUrl = chiara.url();
    const sara = await openAs(DEMO_PEOPLE.torino, minutesUrl);
    await sara.getByText(SENTENCE).waitFor();
    // Marco is on the documents list, not in the minutes.
    const marco = await openAs(DEMO_PEOPLE.reggioEmilia);
    await expect(marco.getByTestId('notification-count').count()).resolves.toBe(0);

    // Chiara selects the sentence (a triple click selects its paragraph) and comments on it, mentioning Marco.
    await chiara.getByText(SENTENCE).click({ clickCount: 3 });
    const comments = chiara.getByTestId('comments');
    await comments.getByText(`New comment on “Explore new solutions`).waitFor();
    // Marco is mentioned inline, as in the text: @, a few letters, Enter.
    await comments.getByLabel('Your comment').fill('Can Reggio Emilia propose a tool?');
    await comments.getByLabel('Your comment').press('End');
    await chiara.keyboard.type(' @marc');
    await chiara.getByRole('option', { name: DEMO_PEOPLE.reggioEmilia.name }).waitFor();
    await chiara.keyboard.press('Enter');
    await comments.getByRole('button', { name: 'Comment', exact: true }).click();
    await comments.getByTestId('comment-thread').getByText(`Can Reggio Emilia propose a tool? @${DEMO_PEOPLE.reggioEmilia.name}`).waitFor();

    // Sara sees the thread and the highlighted sentence without reloading.
    const saraThread = sara.getByTestId('comments').getByTestId('comment-thread');
    await saraThread.getByText(`Can Reggio Emilia propose a tool? @${DEMO_PEOPLE.reggioEmilia.name}`).waitFor();
    await waitUntil(async () => (await sara.locator('.comment-anchor').allInnerTexts()).join('') === SENTENCE, { message: "highlight on Sara's page" });

    // Marco's bell counts it live; the notification leads to the minutes.
    await marco.getByTestId('notification-count').filter({ hasText: '1' }).waitFor();
    await marco.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await screenshot(marco, '20-notifications');
    await marco.getByRole('link', { name: `${DEMO_PEOPLE.coordinator.name} mentioned you in “${MINUTES}”` }).click();
    await marco.getByTestId('minutes-editor').getByText(SENTENCE).waitFor();
    await marco.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    // Sara replies, Chiara sees it and resolves the thread; it leaves Sara's list of open threads.
    await saraThread.getByLabel('Your reply').fill('We can share our newsletter template.');
    await saraThread.getByRole('button', { name: 'Reply' }).click();
    const chiaraThread = comments.getByTestId('comment-thread');
    await chiaraThread.getByText('We can share our newsletter template.').waitFor();
    await screenshot(chiara, '21-comments');
    await chiaraThread.getByRole('button', { name: 'Resolve' }).click();
    await waitUntil(async () => (await saraThread.count()) === 0, { message: 'resolved thread hidden for Sara' });
    expect(await sara.locator('.comment-anchor').count()).toBe(0);
    await sara.getByLabel('Show the resolved thread (1)').check();
    await saraThread.getByText('Resolved by Chiara Bellini.').waitFor();
  }, 120_000);

  it('colours the text by who wrote it, by person and by city, with a legend', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator);
    await chiara.getByRole('link', { name: MINUTES }).click();
    const editor = chiara.getByTestId('minutes-editor');
    await editor.getByText(SENTENCE).waitFor();
    const sara = await openAs(DEMO_PEOPLE.torino, chiara.url());
    await sara.getByTestId('minutes-editor').getByText(SENTENCE).waitFor();

    // Each writes a paragraph at the end.
    await sara.getByTestId('minutes-editor').getByText(SENTENCE).click();
    await sara.keyboard.press('Control+End');
    await sara.keyboard.press('Enter');
    await sara.keyboard.type('Torino will host the next exchange.');
    await editor.getByText('Torino will host the next exchange.').waitFor();
    await editor.getByText('Torino will host the next exchange.').click();
    await chiara.keyboard.press('Control+End');
    await chiara.keyboard.press('Enter');
    await chiara.keyboard.type('The coordination agrees.');

    await chiara.getByRole('radio', { name: 'By person' }).check();
    const legend = chiara.getByTestId('attribution-legend');
    await waitUntil(
      async () => (await legend.getByRole('listitem').allInnerTexts()).join('|') === `${DEMO_PEOPLE.coordinator.name}|${DEMO_PEOPLE.torino.name}`,
      { message: 'legend of two authors' },
    );
    const colourOf = (text: string) => editor.locator('.authored', { hasText: text }).evaluate((el) => (el as HTMLElement).style.getPropertyValue('--author'));
    await waitUntil(async () => (await editor.locator('.authored').count()) >= 2, { message: 'authored spans' });
    const saraColour = await colourOf('Torino will host the next exchange.');
    const chiaraColour = await colourOf('The coordination agrees.');
    expect(saraColour).not.toBe(chiaraColour);
    // The seeded text was written by nobody in the network: it stays uncoloured.
    expect(await editor.locator('.authored', { hasText: 'Analysis of intercultural policies' }).count()).toBe(0);
    await screenshot(chiara, '22-attribution');

    await chiara.getByRole('radio', { name: 'By city' }).check();
    await waitUntil(async () => (await legend.getByRole('listitem').allInnerTexts()).includes('Torino'), { message: 'legend by city' });
    await chiara.getByRole('radio', { name: 'Off' }).check();
    await waitUntil(async () => (await editor.locator('.authored').count()) === 0, { message: 'colours off' });
  }, 120_000);
});
