import { describe, expect, it } from 'vitest';
import { demoBrowserSuite } from '../helpers/browser-suite.ts';
import { DEMO_PEOPLE, screenshot } from '../helpers/browser.ts';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';

/**
 * Mentions typed inline: in the minutes, `@` and a few letters offer the people who may read the
 * document; the keyboard picks one; the person, elsewhere in the app, is notified live; the other
 * editor sees the mention, and it is still there after a reload.
 */

const MINUTES = 'Coordination meeting — 18 June 2020';
const SENTENCE = 'Explore new solutions and tools to systematize contents and smooth communication among the network.';

describe('inline mentions in the browser', () => {
  const { openAs } = demoBrowserSuite();

  it('offers the readers after @, picks one with the keyboard, and tells them live', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator);
    await chiara.getByRole('link', { name: MINUTES }).click();
    const editor = chiara.getByTestId('minutes-editor');
    await editor.getByText(SENTENCE).waitFor();
    const sara = await openAs(DEMO_PEOPLE.torino, chiara.url());
    await sara.getByText(SENTENCE).waitFor();
    const marco = await openAs(DEMO_PEOPLE.reggioEmilia);
    await expect(marco.getByTestId('notification-count').count()).resolves.toBe(0);

    // Chiara types at the end of the sentence: "@fer" finds Marco Ferri (any part of the name).
    await editor.getByText(SENTENCE).click();
    await chiara.keyboard.press('End');
    await chiara.keyboard.type(' Ask @fer');
    const list = chiara.getByRole('listbox', { name: 'People you can mention' });
    await list.getByRole('option', { name: DEMO_PEOPLE.reggioEmilia.name }).waitFor();
    expect(await list.getByRole('option').allInnerTexts()).toEqual([DEMO_PEOPLE.reggioEmilia.name]);
    // The caret stays in the editor, which points at the active option for screen readers.
    const active = await editor.getAttribute('aria-activedescendant');
    expect(active).toBe(await list.getByRole('option').first().getAttribute('id'));
    await screenshot(chiara, '40-mention-list');
    await expectNoSeriousAxeViolations(chiara);
    await chiara.keyboard.press('Enter');
    await chiara.keyboard.type('to propose a tool.');
    await expect(list.count()).resolves.toBe(0);
    const mention = editor.locator('.mention', { hasText: `@${DEMO_PEOPLE.reggioEmilia.name}` });
    await mention.waitFor();
    expect(await mention.getAttribute('data-id')).toBeTruthy();

    // Sara sees the mention in the text; Marco's bell counts it live, with the words around it.
    await sara
      .getByTestId('minutes-editor')
      .locator('.mention', { hasText: `@${DEMO_PEOPLE.reggioEmilia.name}` })
      .waitFor();
    await marco.getByTestId('notification-count').filter({ hasText: '1' }).waitFor();
    await marco.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await marco.getByRole('link', { name: `${DEMO_PEOPLE.coordinator.name} mentioned you in “${MINUTES}”` }).waitFor();
    // The excerpt is the paragraph as it was when the mention was made.
    await marco.locator('.notification__excerpt', { hasText: `network. Ask @${DEMO_PEOPLE.reggioEmilia.name}` }).waitFor();
    await screenshot(marco, '41-mention-notification');

    // After a reload the mention is still a mention.
    await chiara.reload();
    await chiara
      .getByTestId('minutes-editor')
      .locator('.mention', { hasText: `@${DEMO_PEOPLE.reggioEmilia.name}` })
      .waitFor();
  }, 120_000);

  it('says when no reader matches, and Escape closes the list without inserting anything', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator);
    await chiara.getByRole('link', { name: MINUTES }).click();
    const editor = chiara.getByTestId('minutes-editor');
    await editor.getByText(SENTENCE).click();
    await chiara.keyboard.press('End');
    await chiara.keyboard.type(' @zzzz');
    await chiara.getByRole('status').filter({ hasText: 'No one who can read this document matches “zzzz”.' }).waitFor();
    await chiara.keyboard.press('Escape');
    await expect(chiara.getByRole('listbox', { name: 'People you can mention' }).count()).resolves.toBe(0);
    await expect(editor.locator('.mention', { hasText: '@zzzz' }).count()).resolves.toBe(0);
    await editor.getByText('@zzzz', { exact: false }).waitFor();
  }, 60_000);
});
