import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import {
  ARTIFACTS_DIR,
  DEMO_PEOPLE,
  launchBrowser,
  newPersonContext,
  screenshot,
  signInThroughForm,
  switchToEnglish,
  waitUntil,
  writtenText,
} from '../helpers/browser.ts';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';

/**
 * Issue 18: undo and redo for each person in the structured parts of documents. Chiara deletes an
 * agenda item, an action-plan row, a budget line and a timeline activity; each deletion shows the
 * Undo notice, and Undo (the notice's button, Ctrl+Z, the Undo button) brings the row back with
 * its content, in Marco's browser too. When both type into one field, Chiara's Ctrl+Z takes back
 * only what she typed, and Ctrl+Shift+Z puts it back; Ctrl+Z inside a rich-text editor still
 * undoes the editor.
 */

const MEETING = '2020-06-18-coordination';
const PROPOSAL = 'citta-del-dialogo-competenze-interculturali';

describe('undo and redo of one’s own changes', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let chiara: Page;
  let marco: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
    [chiara, marco] = await Promise.all([openAs(DEMO_PEOPLE.coordinator), openAs(DEMO_PEOPLE.reggioEmilia)]);
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function openAs(person: { name: string; email: string }, english = true): Promise<Page> {
    const context = await newPersonContext(browser, english ? { language: 'en' } : { language: 'it', locale: 'it-IT' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${person.name}] page error:`, err.message));
    await signInThroughForm(page, new URL('/', server.url).href, person.email);
    if (english) await switchToEnglish(page);
    return page;
  }

  const both = (path: string) => Promise.all([chiara, marco].map((page) => page.goto(new URL(path, server.url).href)));
  const notice = (page: Page) => page.getByTestId('undo-notice');
  const noticeUndo = (page: Page) => notice(page).getByRole('button', { name: 'Undo' });
  const history = (page: Page) => page.getByTestId('undo-buttons');
  const value = (field: Locator) => field.inputValue();

  it('brings back a deleted agenda item with its title, presenter and description, for everyone', async () => {
    await both(`/meetings/${MEETING}`);
    const name = '3. Communication activities of the Network';
    const title = (page: Page) => page.getByLabel('Title of item 3', { exact: true });
    const description = (page: Page) => page.getByRole('textbox', { name: `Description of ${name}` });
    await Promise.all([title(chiara).waitFor(), title(marco).waitFor()]);
    const presenter = await chiara.locator('[data-item="part-3"] [data-field="presenter"]').inputValue();

    await chiara.getByRole('button', { name: `Remove ${name}` }).click();
    await notice(chiara).getByText(`${name} removed.`).waitFor();
    await waitUntil(async () => (await title(marco).count()) === 0, { message: 'the item gone in the second browser' });
    // The button that deleted went with the item: the focus is on the notice's Undo, not lost.
    await waitUntil(async () => noticeUndo(chiara).evaluate((b) => b === document.activeElement), { message: 'focus on Undo' });
    await screenshot(chiara, '70-undo-notice-agenda');
    await notice(chiara).screenshot({ path: path.join(ARTIFACTS_DIR, '70-undo-notice-agenda-close.png') });
    await expectNoSeriousAxeViolations(chiara);

    await noticeUndo(chiara).click();
    for (const page of [chiara, marco]) {
      await waitUntil(async () => (await title(page).count()) === 1 && (await value(title(page))) === 'Communication activities of the Network', {
        message: 'the item back with its title',
      });
      expect(await page.locator('[data-item="part-3"] [data-field="presenter"]').inputValue()).toBe(presenter);
      await waitUntil(async () => (await writtenText(description(page))).startsWith('New solutions and tools'), {
        message: 'the item back with its description',
      });
    }
    await waitUntil(async () => (await notice(chiara).innerText()).trim() === '', { message: 'the notice gone after Undo' });
    // The focus is back on the button that deleted the item.
    await waitUntil(async () => chiara.getByRole('button', { name: `Remove ${name}` }).evaluate((b) => b === document.activeElement), {
      message: 'focus back on Remove',
    });
  });

  it('undoes nesting and moving an item, step by step, for everyone', async () => {
    const number = (page: Page) => page.locator('[data-item="part-3"] .agenda__number').innerText();
    // Item 3 becomes a sub-item of item 2 (2.3), then moves up (2.1).
    await chiara.getByRole('button', { name: 'Make 3. Communication activities of the Network a sub-item' }).click();
    await waitUntil(async () => (await number(marco)) === '2.3', { message: 'nested in the second browser' });
    await chiara.getByRole('button', { name: 'Move 2.3. Communication activities of the Network up' }).click();
    await chiara.getByRole('button', { name: 'Move 2.2. Communication activities of the Network up' }).click();
    await waitUntil(async () => (await number(marco)) === '2.1', { message: 'moved in the second browser' });
    // Each step is undone on its own.
    await chiara.keyboard.press('Control+z');
    await waitUntil(async () => (await number(marco)) === '2.2', { message: 'the last move undone' });
    await history(chiara).getByRole('button', { name: 'Undo' }).click();
    await waitUntil(async () => (await number(marco)) === '2.3', { message: 'the first move undone' });
    await history(chiara).getByRole('button', { name: 'Undo' }).click();
    for (const page of [chiara, marco]) await waitUntil(async () => (await number(page)) === '3', { message: 'the nesting undone' });
  });

  it('undoes only what this person typed, never what another typed after, and redoes it', async () => {
    const title = (page: Page) => page.getByLabel('Title of item 1', { exact: true });
    const before = await value(title(chiara));
    await title(chiara).click();
    await title(chiara).press('End');
    await title(chiara).pressSequentially(' (Chiara)');
    await waitUntil(async () => (await value(title(marco))) === `${before} (Chiara)`, { message: 'Chiara’s text in the second browser' });
    await title(marco).click();
    await title(marco).press('End');
    await title(marco).pressSequentially(' [Marco]');
    await waitUntil(async () => (await value(title(chiara))) === `${before} (Chiara) [Marco]`, { message: 'Marco’s text in the first browser' });

    // Chiara, still in the field, presses Ctrl+Z: her text goes, Marco's stays, everywhere.
    await title(chiara).press('Control+z');
    for (const page of [chiara, marco])
      await waitUntil(async () => (await value(title(page))) === `${before} [Marco]`, { message: 'only Chiara’s text undone' });
    await chiara.getByTestId('undo-status').getByText('Your last change was undone.').waitFor();
    // Ctrl+Shift+Z puts it back, still around Marco's.
    await title(chiara).press('Control+Shift+z');
    for (const page of [chiara, marco])
      await waitUntil(async () => (await value(title(page))) === `${before} (Chiara) [Marco]`, { message: 'Chiara’s text redone' });
    // Ctrl+Y redoes too (nothing left to redo: no change).
    await title(chiara).press('Control+y');
    expect(await value(title(chiara))).toBe(`${before} (Chiara) [Marco]`);

    // Marco's own Ctrl+Z takes back his text only.
    await title(marco).press('Control+z');
    for (const page of [chiara, marco])
      await waitUntil(async () => (await value(title(page))) === `${before} (Chiara)`, { message: 'only Marco’s text undone by Marco' });
  });

  it('leaves Ctrl+Z inside a rich-text editor to the editor', async () => {
    const title = chiara.getByLabel('Title of item 1', { exact: true });
    const titleBefore = await value(title);
    const editor = chiara.getByRole('textbox', { name: /^Description of 1\. / });
    const text = await writtenText(editor);
    await editor.click();
    await chiara.keyboard.press('Control+End');
    await chiara.keyboard.type(' Editor words.');
    await waitUntil(async () => (await writtenText(editor)) === `${text} Editor words.`, { message: 'typed into the description' });
    await chiara.keyboard.press('Control+z');
    await waitUntil(async () => (await writtenText(editor)) === text, { message: 'the editor’s own undo' });
    // The agenda's history was not used: the title keeps what Chiara typed in it.
    expect(await value(title)).toBe(titleBefore);
  });

  it('brings back a deleted action-plan row with its cells, for everyone', async () => {
    await both('/action-plan');
    const first = (page: Page) => page.getByTestId('plan-row').first();
    await Promise.all([first(chiara).waitFor(), first(marco).waitFor()]);
    const event = await first(chiara)
      .getByLabel(/^Event — /)
      .inputValue();
    const row = (page: Page) => page.getByTestId('plan-row').filter({ has: page.getByLabel(`Event — ${event}`, { exact: true }) });
    const notes = await row(chiara)
      .getByLabel(/^Notes — /)
      .inputValue();
    const count = await chiara.getByTestId('plan-row').count();

    await row(chiara)
      .getByRole('button', { name: `Remove “${event}”` })
      .click();
    await notice(chiara).getByText(`“${event}” removed.`).waitFor();
    await waitUntil(async () => (await row(marco).count()) === 0, { message: 'the row gone in the second browser' });
    await screenshot(chiara, '71-undo-notice-plan');
    await expectNoSeriousAxeViolations(chiara);

    // Keyboard: the focus is on the notice's Undo; Enter presses it.
    await waitUntil(async () => noticeUndo(chiara).evaluate((b) => b === document.activeElement), { message: 'focus on Undo' });
    await chiara.keyboard.press('Enter');
    for (const page of [chiara, marco]) {
      await waitUntil(async () => (await row(page).count()) === 1, { message: 'the row back' });
      expect(
        await row(page)
          .getByLabel(/^Notes — /)
          .inputValue(),
      ).toBe(notes);
      expect(await page.getByTestId('plan-row').count()).toBe(count);
    }
    await waitUntil(
      async () =>
        row(chiara)
          .getByRole('button', { name: `Remove “${event}”` })
          .evaluate((b) => b === document.activeElement),
      { message: 'focus back on Remove' },
    );
  });

  it('brings back a deleted budget line and timeline activity with their content, and redoes a deletion', async () => {
    await both(`/proposals/${PROPOSAL}`);
    const line = (page: Page) => page.getByLabel('Description — Line 2 of Reggio Emilia', { exact: true });
    await Promise.all([line(chiara).waitFor(), line(marco).waitFor()]);
    const description = await value(line(chiara));
    expect(description).toBe('Coordinamento del progetto');
    const lines = (page: Page) => page.getByTestId('budget-reggio-emilia').getByTestId('budget-line');
    const total = await chiara.getByTestId('total-amount').innerText();

    await chiara.getByRole('button', { name: 'Remove line 2 of Reggio Emilia' }).click();
    await notice(chiara).getByText('Line 2 of Reggio Emilia removed.').waitFor();
    await waitUntil(async () => (await lines(marco).count()) === 1, { message: 'the line gone in the second browser' });
    await screenshot(chiara, '72-undo-notice-budget');
    await expectNoSeriousAxeViolations(chiara);
    await noticeUndo(chiara).click();
    for (const page of [chiara, marco]) {
      await waitUntil(async () => (await lines(page).count()) === 2 && (await value(line(page))) === description, {
        message: 'the line back with its description',
      });
      await waitUntil(async () => (await page.getByTestId('total-amount').innerText()) === total, { message: 'the total as before' });
    }

    // Redo (the visible button) deletes it again; Undo (the visible button) brings it back.
    await history(chiara).getByRole('button', { name: 'Redo' }).click();
    await waitUntil(async () => (await lines(marco).count()) === 1, { message: 'the deletion redone' });
    await history(chiara).getByRole('button', { name: 'Undo' }).click();
    await waitUntil(async () => (await lines(marco).count()) === 2 && (await value(line(marco))) === description, { message: 'the line back again' });

    // A timeline activity, brought back with Ctrl+Z.
    const activity = (page: Page) => page.getByLabel('Activity — Formazione del personale comunale', { exact: true });
    await Promise.all([activity(chiara).waitFor(), activity(marco).waitFor()]);
    const start = await chiara.getByLabel('Start month — Formazione del personale comunale').inputValue();
    await chiara.getByRole('button', { name: 'Remove activity 1' }).click();
    await notice(chiara).getByText('Activity 1 removed.').waitFor();
    await waitUntil(async () => (await activity(marco).count()) === 0, { message: 'the activity gone in the second browser' });
    await chiara.keyboard.press('Control+z');
    for (const page of [chiara, marco]) {
      await waitUntil(async () => (await activity(page).count()) === 1, { message: 'the activity back' });
      expect(await page.getByLabel('Start month — Formazione del personale comunale').inputValue()).toBe(start);
    }
    await waitUntil(async () => (await notice(chiara).innerText()).trim() === '', { message: 'the notice gone after Ctrl+Z' });
  });

  it('says it in Italian, with the keyboard alone', async () => {
    const sara = await openAs(DEMO_PEOPLE.torino, false);
    await sara.goto(new URL(`/proposals/${PROPOSAL}`, server.url).href);
    const line = (page: Page) => page.getByLabel(page === sara ? 'Descrizione — Riga 1 di Torino' : 'Description — Line 1 of Torino', { exact: true });
    await Promise.all([line(sara).waitFor(), line(chiara).waitFor()]);
    const description = await value(line(sara));
    await sara.getByRole('button', { name: 'Rimuovi la riga 1 di Torino' }).focus();
    await sara.keyboard.press('Enter');
    await notice(sara).getByText('Riga 1 di Torino rimossa.').waitFor();
    await waitUntil(async () => (await line(chiara).count()) === 0, { message: 'the line gone for Chiara' });
    await waitUntil(
      async () =>
        notice(sara)
          .getByRole('button', { name: 'Annulla' })
          .evaluate((b) => b === document.activeElement),
      { message: 'focus on Annulla' },
    );
    await notice(sara).screenshot({ path: path.join(ARTIFACTS_DIR, '73-undo-notice-it.png') });
    await expectNoSeriousAxeViolations(sara);
    await sara.keyboard.press('Enter');
    await waitUntil(async () => (await line(chiara).count()) === 1 && (await value(line(chiara))) === description, { message: 'the line back for Chiara' });
    await waitUntil(async () => sara.getByRole('button', { name: 'Rimuovi la riga 1 di Torino' }).evaluate((b) => b === document.activeElement), {
      message: 'focus back on Rimuovi',
    });
    // Chiara's history holds none of Sara's changes: her Undo has nothing of hers to take back.
    expect(await history(chiara).getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
  });
});
