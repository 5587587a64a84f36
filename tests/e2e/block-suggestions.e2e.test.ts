import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoBrowserSuite } from '../helpers/browser-suite.ts';
import { DEMO_PEOPLE, screenshot, waitUntil } from '../helpers/browser.ts';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';

/**
 * Suggesting changes to blocks, with three people: in one section of the minutes, one person
 * splits its paragraph in two (Enter) and another deletes its heading whole, at the same time;
 * the third sees both with their authors, accepts the deletion and rejects the split; the text
 * ends the same in every browser and after a reload, nothing left marked. Then a table row and a
 * column suggested from the toolbar, one rejected and the other accepted.
 */

const MINUTES = 'Coordination meeting — 18 June 2020';
const HEADING = '3. Communication activities of the Network';
const SENTENCE = 'Explore new solutions and tools to systematize contents and smooth communication among the network.';

describe('block suggestions in the browser', () => {
  const { openAs } = demoBrowserSuite();

  const editorOf = (page: Page) => page.getByTestId('minutes-editor');
  /** The editor's blocks as written, without the others' caret labels, the zero-width markers shown as ¶. */
  const blocks = (page: Page) =>
    editorOf(page).evaluate((root) => {
      const copy = root.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.collaboration-carets__caret, .ProseMirror-widget').forEach((node) => node.remove());
      return Array.from(copy.querySelectorAll('h1, h2, h3, p')).map((b) => (b.textContent ?? '').replaceAll('\u200B', '¶'));
    });

  async function startSuggesting(page: Page): Promise<void> {
    const toggle = page.getByRole('button', { name: 'Suggest changes' });
    await toggle.click();
    await waitUntil(async () => (await toggle.getAttribute('aria-pressed')) === 'true', { message: 'suggesting on' });
  }

  /** Puts the caret in the editor right after `before` (a text of one paragraph). */
  async function caretAfter(page: Page, before: string): Promise<void> {
    await editorOf(page).getByText(SENTENCE).click();
    await editorOf(page).evaluate((root, text) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at + text.length);
        range.collapse(true);
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
    }, before);
  }

  /**
   * Selects the heading whose text is `heading` whole: from its start to the start of the block
   * after it (what Home then Shift+Down does, without depending on where lines wrap).
   */
  async function selectHeading(page: Page, heading: string): Promise<void> {
    await editorOf(page).getByRole('heading', { name: heading }).click();
    await editorOf(page).evaluate((root, text) => {
      const h = Array.from(root.querySelectorAll('h1, h2, h3')).find((el) => el.textContent === text)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const texts: Text[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
      const first = texts.find((t) => h.contains(t))!;
      const after = texts.find((t) => !h.contains(t) && h.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)!;
      const range = document.createRange();
      range.setStart(first, 0);
      range.setEnd(after, 0);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    }, heading);
  }

  it('lets two people suggest a split and a deletion in one section and a third accept one and reject the other', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator, '/documents');
    await chiara.getByRole('link', { name: MINUTES }).click();
    await chiara.getByText(SENTENCE).waitFor();
    const url = chiara.url();
    const sara = await openAs(DEMO_PEOPLE.torino, url);
    const marco = await openAs(DEMO_PEOPLE.reggioEmilia, url);
    await Promise.all([sara.getByText(SENTENCE).waitFor(), marco.getByText(SENTENCE).waitFor()]);
    const before = await blocks(chiara);
    await Promise.all([startSuggesting(sara), startSuggesting(marco)]);

    // Sara puts the caret after "tools " and Marco selects the section's heading whole (from its
    // start to the start of the next block); then, at the same time, Enter and Backspace.
    await caretAfter(sara, 'and tools ');
    await selectHeading(marco, HEADING);
    await Promise.all([sara.keyboard.press('Enter'), marco.keyboard.press('Backspace')]);

    // Chiara sees both, with their authors: the heading still there, struck; the paragraph in two.
    const panel = chiara.getByTestId('suggestions');
    await panel.getByRole('heading', { name: '2 suggested changes' }).waitFor();
    await panel.getByText('splits a paragraph in two').waitFor();
    await panel.getByText(`removes a heading “${HEADING}”`).waitFor();
    expect(await panel.locator('li', { hasText: 'splits' }).locator('strong').innerText()).toBe(DEMO_PEOPLE.torino.name);
    expect(await panel.locator('li', { hasText: 'removes a heading' }).locator('strong').innerText()).toBe(DEMO_PEOPLE.reggioEmilia.name);
    await editorOf(chiara).locator('h2[data-suggestion="deletion"]', { hasText: HEADING }).waitFor();
    await waitUntil(async () => (await blocks(chiara)).includes('¶to systematize contents and smooth communication among the network.'), {
      message: 'the split shows',
    });
    await screenshot(chiara, '45-block-suggestions');
    await expectNoSeriousAxeViolations(chiara);

    await panel.getByRole('button', { name: /^Accept: removes a heading/ }).click();
    await panel.getByRole('button', { name: /^Reject: splits a paragraph/ }).click();

    // Everyone reads the same text: the heading gone, the paragraph whole again, nothing marked.
    const expected = before.filter((b) => b !== HEADING);
    expect(expected).toContain(SENTENCE);
    expect(expected.length).toBe(before.length - 1);
    for (const page of [chiara, sara, marco]) {
      await waitUntil(async () => JSON.stringify(await blocks(page)) === JSON.stringify(expected), { message: 'final text' });
      await expect(editorOf(page).locator('ins, del, [data-suggestion]').count()).resolves.toBe(0);
    }
    // The decisions are recorded, with who suggested and who decided.
    await sara.getByTestId('suggestions').getByText('2 decisions recorded').click();
    await sara.getByText(`${DEMO_PEOPLE.coordinator.name} accepted ${DEMO_PEOPLE.reggioEmilia.name}’s suggestion`, { exact: false }).waitFor();
    await sara.getByText(`${DEMO_PEOPLE.coordinator.name} rejected ${DEMO_PEOPLE.torino.name}’s suggestion`, { exact: false }).waitFor();
    await marco.reload();
    await marco.getByText(SENTENCE).waitFor();
    await waitUntil(async () => JSON.stringify(await blocks(marco)) === JSON.stringify(expected), { message: 'after a reload' });
  }, 120_000);

  it('lets people suggest a table row and a column from the toolbar, and a third reject the row and accept the column', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator, '/documents');
    await chiara.getByRole('link', { name: MINUTES }).click();
    await chiara.getByText(SENTENCE).waitFor();
    const url = chiara.url();
    const sara = await openAs(DEMO_PEOPLE.torino, url);
    const marco = await openAs(DEMO_PEOPLE.reggioEmilia, url);
    await Promise.all([sara.getByText(SENTENCE).waitFor(), marco.getByText(SENTENCE).waitFor()]);
    /** The table's size as each browser shows it: rows, and cells of its first row. */
    const tableSize = (page: Page) =>
      editorOf(page)
        .locator('table')
        .evaluate((table): [number, number] => [table.querySelectorAll('tr').length, table.querySelector('tr')!.children.length]);

    // Sara adds a table after the paragraph, as an edit (3 × 3 with a header row).
    await editorOf(sara).getByText(SENTENCE).click();
    await sara.keyboard.press('End');
    await sara.getByRole('button', { name: 'Insert table' }).click();
    await waitUntil(async () => (await editorOf(chiara).locator('table').count()) === 1, { message: 'the table reaches Chiara' });
    const [rows, columns] = await tableSize(chiara);

    // Then, suggesting: Sara adds a row below the first, Marco a column right of the first.
    await Promise.all([startSuggesting(sara), startSuggesting(marco)]);
    await editorOf(sara).locator('table td').first().click();
    await sara.getByRole('button', { name: 'Add row below' }).click();
    await editorOf(marco).locator('table th').first().click();
    await marco.getByRole('button', { name: 'Add column to the right' }).click();

    const panel = chiara.getByTestId('suggestions');
    await panel.getByRole('heading', { name: '2 suggested changes' }).waitFor();
    await panel.locator('li', { hasText: 'adds a table row' }).locator('strong', { hasText: DEMO_PEOPLE.torino.name }).waitFor();
    await panel.locator('li', { hasText: 'adds a table cell' }).locator('strong', { hasText: DEMO_PEOPLE.reggioEmilia.name }).waitFor();
    await editorOf(chiara).locator('tr[data-suggestion="insertion"]').waitFor();
    await expectNoSeriousAxeViolations(chiara);

    await panel.getByRole('button', { name: /^Reject: adds a table row/ }).click();
    // The column: its header cell and a cell in each row.
    await panel.getByRole('button', { name: /^Accept: adds a header cell; adds a table cell/ }).click();

    // Everyone: the rows as they were, one column more, nothing marked; and after a reload.
    for (const page of [chiara, sara, marco]) {
      await waitUntil(async () => JSON.stringify(await tableSize(page)) === JSON.stringify([rows, columns + 1]), { message: 'final table' });
      const marked = editorOf(page).locator('[data-suggestion]');
      await waitUntil(async () => (await marked.count()) === 0, { message: 'nothing left marked' }).catch(async (err: Error) => {
        const left = await marked.evaluateAll((els) =>
          els.map((e) => `${e.tagName} ${e.getAttribute('data-suggestion')} ${e.getAttribute('data-suggestion-id')}`),
        );
        throw new Error(`${err.message}; still marked: ${left.join(', ')}`);
      });
    }
    await sara.reload();
    await sara.getByText(SENTENCE).waitFor();
    await waitUntil(async () => JSON.stringify(await tableSize(sara)) === JSON.stringify([rows, columns + 1]), { message: 'after a reload' });
  }, 120_000);
});
