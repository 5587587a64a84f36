import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoBrowserSuite } from '../helpers/browser-suite.ts';
import { DEMO_PEOPLE, screenshot, waitUntil } from '../helpers/browser.ts';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';

/**
 * Suggesting instead of editing, with three people: two suggest in the same paragraph at once
 * (one adds a sentence, the other replaces a word), the third sees both with their authors,
 * accepts one and rejects the other; the text ends the same in every browser and after a reload,
 * and the decisions are recorded with who made them.
 */

const MINUTES = 'Coordination meeting — 18 June 2020';
const SENTENCE = 'Explore new solutions and tools to systematize contents and smooth communication among the network.';
const ADDED = ' Torino proposes a shared newsletter.';

describe('suggested changes in the browser', () => {
  const { openAs } = demoBrowserSuite();

  /** The paragraph's text as written, without the others' caret labels. */
  const paragraphText = (page: Page) =>
    page
      .getByTestId('minutes-editor')
      .locator('p', { hasText: 'Explore new solutions' })
      .evaluate((p) => {
        const copy = p.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
        return copy.textContent ?? '';
      });

  async function startSuggesting(page: Page): Promise<void> {
    const toggle = page.getByRole('button', { name: 'Suggest changes' });
    await toggle.click();
    await waitUntil(async () => (await toggle.getAttribute('aria-pressed')) === 'true', { message: 'suggesting on' });
  }

  it('lets two people suggest in one paragraph and a third accept one and reject the other', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator, '/documents');
    await chiara.getByRole('link', { name: MINUTES }).click();
    await chiara.getByText(SENTENCE).waitFor();
    const url = chiara.url();
    const sara = await openAs(DEMO_PEOPLE.torino, url);
    const marco = await openAs(DEMO_PEOPLE.reggioEmilia, url);
    await Promise.all([sara.getByText(SENTENCE).waitFor(), marco.getByText(SENTENCE).waitFor()]);
    await Promise.all([startSuggesting(sara), startSuggesting(marco)]);

    // At the same time: Sara adds a sentence at the end, Marco replaces "smooth" with "better".
    await sara.getByText(SENTENCE).click();
    await sara.keyboard.press('End');
    await marco
      .getByTestId('minutes-editor')
      .getByText(SENTENCE)
      .dblclick({ position: { x: 10, y: 10 } })
      .catch(() => {});
    const word = marco.getByTestId('minutes-editor').locator('p', { hasText: 'Explore new solutions' });
    await word.evaluate((p) => {
      // Select exactly "smooth" (a double click's word boundaries differ between platforms).
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf('smooth');
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 'smooth'.length);
          const selection = window.getSelection()!;
          selection.removeAllRanges();
          selection.addRange(range);
          return;
        }
      }
    });
    await Promise.all([sara.keyboard.type(ADDED, { delay: 15 }), marco.keyboard.type('better', { delay: 15 })]);

    // Chiara sees both suggestions, with their authors; the removed word is still in the text, struck.
    const panel = chiara.getByTestId('suggestions');
    await panel.getByRole('heading', { name: '2 suggested changes' }).waitFor();
    await panel.getByText(`adds “${ADDED}”`).waitFor();
    await panel.getByText('replaces “smooth” with “better”').waitFor();
    expect(await panel.locator('li', { hasText: 'adds' }).locator('strong').innerText()).toBe(DEMO_PEOPLE.torino.name);
    expect(await panel.locator('li', { hasText: 'replaces' }).locator('strong').innerText()).toBe(DEMO_PEOPLE.reggioEmilia.name);
    // ...and where each author is from.
    await panel.locator('li', { hasText: 'adds' }).getByText('(Torino)').waitFor();
    await panel.locator('li', { hasText: 'replaces' }).getByText('(Reggio Emilia)').waitFor();
    await chiara.getByTestId('minutes-editor').locator('del', { hasText: 'smooth' }).waitFor();
    await chiara.getByTestId('minutes-editor').locator('ins', { hasText: 'better' }).waitFor();
    await screenshot(chiara, '44-suggestions');
    await expectNoSeriousAxeViolations(chiara);

    await panel.getByRole('button', { name: /^Accept: adds/ }).click();
    await panel.getByRole('button', { name: /^Reject: replaces/ }).click();

    // Everyone reads the same text: Sara's sentence in, Marco's word out, nothing marked.
    const expected = SENTENCE + ADDED;
    for (const page of [chiara, sara, marco]) {
      await waitUntil(async () => (await paragraphText(page)).trim() === expected, { message: 'final text' });
      await expect(page.getByTestId('minutes-editor').locator('ins, del').count()).resolves.toBe(0);
    }
    // The decisions are recorded, with who suggested and who decided, and reach the others live.
    await sara.getByTestId('suggestions').getByText('2 decisions recorded').click();
    await sara.getByText(`${DEMO_PEOPLE.coordinator.name} accepted ${DEMO_PEOPLE.torino.name}’s suggestion`, { exact: false }).waitFor();
    await sara.getByText(`${DEMO_PEOPLE.coordinator.name} rejected ${DEMO_PEOPLE.reggioEmilia.name}’s suggestion`, { exact: false }).waitFor();
    await marco.reload();
    await waitUntil(async () => (await paragraphText(marco)).trim() === expected, { message: 'after a reload' });
  }, 120_000);
});
