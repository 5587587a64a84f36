import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoBrowserSuite } from '../helpers/browser-suite.ts';
import { DEMO_PEOPLE, screenshot, waitUntil } from '../helpers/browser.ts';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';

/**
 * Suggesting changes to blocks, with three people: in one section of the minutes, one person
 * splits its paragraph in two (Enter) and another deletes its heading whole, at the same time;
 * the third sees both with their authors, accepts the deletion and rejects the split; the text
 * ends the same in every browser and after a reload, nothing left marked.
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
    await editorOf(marco).getByRole('heading', { name: HEADING }).click();
    await marco.keyboard.press('Home');
    await marco.keyboard.press('Shift+ArrowDown');
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
});
