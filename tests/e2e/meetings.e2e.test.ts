import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import type { ActionItem } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { api, signIn } from '../helpers/session.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, waitUntil, writtenText } from '../helpers/browser.ts';

/**
 * The coordination meeting of 18 June 2020, run in three browsers against the real server: the
 * chair (a coordinator, in English) and two delegates (Reggio Emilia and Torino, in Italian).
 */
const CHAIR = DEMO_PEOPLE.coordinator;
const REGGIO = DEMO_PEOPLE.reggioEmilia;
const TORINO = DEMO_PEOPLE.torino;
const MEETING = '2020-06-18-coordination';
const PASSWORD = 'dialogo-demo-2020';

const TEXT_CHAIR = 'The network will reprogramme the Anti-rumours event in the autumn.';
const TEXT_REGGIO = 'Reggio Emilia: sportello multilingue attivato durante il lockdown.';
const TEXT_TORINO = 'Torino: formazione sulle competenze interculturali per il personale.';

/** Every character of `typed` is in `text`, in order. */
function keepsInOrder(text: string, typed: string): boolean {
  let i = 0;
  for (const c of text) if (i < typed.length && c === typed[i]) i++;
  return i === typed.length;
}
const ACTION = 'Send the list of Covid-19 initiatives to the coordination';

describe('the 18 June meeting in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let chair: Page;
  let reggio: Page;
  let torino: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true', ACCESS_RECHECK_MS: '200' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    destroyAllDocClients();
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function openAs(person: { name: string; email: string }, path: string, language: 'it' | 'en'): Promise<Page> {
    const context = await newPersonContext(browser, { language, locale: language === 'it' ? 'it-IT' : 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${person.name}] page error:`, err.message));
    await signInThroughForm(page, new URL(path, server.url).href, person.email);
    // Signing in switches to the person's own language (Italian for these three); the chair switches to English.
    if (language === 'en') {
      await page.getByRole('button', { name: /^(EN )?(English|Inglese)$/ }).click();
      await waitUntil(async () => (await page.evaluate(() => document.documentElement.lang)) === 'en', { message: 'the page in English' });
    }
    return page;
  }

  /** The agenda's titles in order, as the page shows them. */
  const agendaTitles = (page: Page) =>
    page.getByTestId('agenda-item').evaluateAll((items) => items.map((li) => (li.querySelector('[data-field="title"]') as HTMLInputElement).value));
  const focusedField = (page: Page) =>
    page.evaluate(() => ({
      field: (document.activeElement as HTMLElement | null)?.dataset.field,
      value: (document.activeElement as HTMLInputElement | null)?.value,
    }));

  it('moves through the agenda and reorders it with the keyboard alone', async () => {
    chair = await openAs(CHAIR, `/meetings/${MEETING}`, 'en');
    await chair.getByRole('heading', { level: 1, name: 'Coordination meeting of the Cities of Dialogue' }).waitFor();
    await waitUntil(async () => (await agendaTitles(chair)).length === 5, { message: 'the five agenda items' });
    expect(await chair.getByTestId('agenda-total').innerText()).toContain('120 min');
    const initial = await agendaTitles(chair);
    expect(initial[0]).toBe('Analysis of intercultural policies during the Covid-19 emergency');
    expect(initial[4]).toBe('Communication activities of the Network');

    // Into the title of the third part, then Tab to its presenter and its time box.
    await chair.getByLabel('Title of item 3', { exact: true }).focus();
    expect(await focusedField(chair)).toEqual({ field: 'title', value: 'Communication activities of the Network' });
    await chair.keyboard.press('Tab');
    expect((await focusedField(chair)).field).toBe('presenter');
    await chair.keyboard.press('Tab');
    expect((await focusedField(chair)).field).toBe('minutes');
    await chair.keyboard.press('Shift+Tab');
    await chair.keyboard.press('Shift+Tab');

    // Alt+↑ moves the part above the second one; the caret stays in its title.
    await chair.keyboard.press('Alt+ArrowUp');
    await waitUntil(async () => (await agendaTitles(chair))[1] === 'Communication activities of the Network', { message: 'part 3 moved up' });
    expect(await focusedField(chair)).toEqual({ field: 'title', value: 'Communication activities of the Network' });
    expect(await chair.getByRole('status').filter({ hasText: 'moved up' }).count()).toBe(1);
    // Alt+→ makes it a sub-item of the first part, Alt+← takes it out again, Alt+↓ puts it back.
    await chair.keyboard.press('Alt+ArrowRight');
    await waitUntil(async () => (await chair.getByLabel('Title of item 1.1', { exact: true }).count()) === 1, { message: 'nested under part 1' });
    await chair.keyboard.press('Alt+ArrowLeft');
    await waitUntil(async () => (await chair.getByLabel('Title of item 2', { exact: true }).inputValue()) === 'Communication activities of the Network', {
      message: 'back at the top level',
    });
    await chair.keyboard.press('Alt+ArrowDown');
    await waitUntil(async () => JSON.stringify(await agendaTitles(chair)) === JSON.stringify(initial), { message: 'the original order' });
    await screenshot(chair, 'meetings-01-agenda-en');
  }, 90_000);

  it('runs the meeting: start, items, clock, minutes typed by three people, a raised hand, an action item, closing and approval', async () => {
    // The room runs on the tab's one live connection (the one the notifications use), not one of its own.
    const chairSockets: string[] = [];
    chair.on('websocket', (ws) => {
      if (new URL(ws.url()).pathname.startsWith('/live')) chairSockets.push(ws.url());
    });
    await chair.goto(new URL(`/meetings/${MEETING}/room`, server.url).href);
    [reggio, torino] = await Promise.all([openAs(REGGIO, `/meetings/${MEETING}/room`, 'it'), openAs(TORINO, `/meetings/${MEETING}/room`, 'it')]);
    const pages = [chair, reggio, torino];
    let lastPresent = '';
    for (const page of pages) await page.getByTestId('minutes-section-3-editor').waitFor();
    // Everyone sees everyone, grouped by city.
    for (const page of pages) {
      await waitUntil(
        async () => {
          const text = await page.getByTestId('present').innerText();
          lastPresent = text;
          // City headings are shown in capitals.
          return [CHAIR.name, REGGIO.name, TORINO.name].every((n) => text.includes(n)) && text.includes('REGGIO EMILIA') && text.includes('TORINO');
        },
        { message: 'three people present' },
      ).catch((err: Error) => {
        throw new Error(`${err.message}; present: ${lastPresent}`);
      });
    }
    expect(chairSockets).toHaveLength(1);

    // The chair starts with the keyboard; the others see the first part and its clock.
    await chair.getByRole('button', { name: 'Start the meeting' }).focus();
    await chair.keyboard.press('Enter');
    for (const page of pages) {
      await waitUntil(async () => (await page.getByTestId('current-item').innerText()).includes('Analysis of intercultural policies'), {
        message: 'part 1 current',
      });
      await waitUntil(async () => /^(4[0-4]|45):\d\d$/.test(await page.getByTestId('item-clock').innerText()), { message: 'a 45-minute clock running' });
    }
    await chair.getByRole('button', { name: 'Next item' }).focus();
    await chair.keyboard.press('Enter');
    for (const page of [reggio, torino]) {
      await waitUntil(async () => (await page.getByTestId('current-item').innerText()).includes('Work plan'), { message: 'part 2 current' });
      await waitUntil(async () => (await page.getByTestId('minutes-section-2').getAttribute('data-current')) === 'true', { message: 'section 2 highlighted' });
      await waitUntil(async () => /^1[0-5]:\d\d$/.test(await page.getByTestId('item-clock').innerText()), { message: 'a 15-minute clock' });
    }

    // All three type at the same time: the chair and Torino in the same section, Reggio Emilia in another.
    const type = async (page: Page, section: string, text: string) => {
      await page.getByTestId(`${section}-editor`).click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(text, { delay: 5 });
    };
    await Promise.all([
      type(chair, 'minutes-section-2', TEXT_CHAIR),
      type(torino, 'minutes-section-2', TEXT_TORINO),
      type(reggio, 'minutes-section-1', TEXT_REGGIO),
    ]);
    // The text of a section as written, without the other participants' caret labels drawn inside it.
    const sectionText = async (page: Page, n: number) => (await writtenText(page.getByTestId(`minutes-section-${n}-editor`))).replace(/\n/g, '');
    const sectionTexts = (page: Page) => Promise.all([1, 2].map((n) => sectionText(page, n)));
    for (const page of pages) {
      await waitUntil(
        async () => {
          const [one, two] = await sectionTexts(page);
          // The chair and Torino type at the same place: the merge keeps every character of each,
          // in each person's order, but a letter one of them typed before seeing the other can end
          // up before the other's text (what any real-time editor does), so the two are checked as
          // ordered subsequences of the section's end (where both typed), of exactly their length.
          const run = two!.slice(-(TEXT_CHAIR.length + TEXT_TORINO.length));
          return one!.includes(TEXT_REGGIO) && keepsInOrder(run, TEXT_CHAIR) && keepsInOrder(run, TEXT_TORINO);
        },
        { message: 'every text in every browser' },
      ).catch(async (err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(await Promise.all(pages.map(sectionTexts)))}`);
      });
    }

    // The attendance block is filled from the room.
    for (const name of [CHAIR.name, REGGIO.name, TORINO.name]) {
      await waitUntil(async () => (await chair.getByTestId('attendance').innerText()).includes(name), { message: `${name} in the attendance` });
    }

    // An item added to the agenda during the meeting gets its section in everyone's minutes.
    const agenda = await connectDoc(server, `agenda:${MEETING}`);
    const agendaMap = agenda.doc.getMap<Y.Map<unknown>>('items');
    const lastOrder = [...agendaMap.values()]
      .filter((i) => i.get('parent') === '')
      .map((i) => String(i.get('order')))
      .sort()
      .at(-1)!;
    agenda.doc.transact(() => {
      const cells = new Y.Map<unknown>();
      agendaMap.set('any-other-business', cells);
      cells.set('order', generateKeyBetween(lastOrder, null));
      cells.set('parent', '');
      cells.set('title', 'Any other business');
      cells.set('minutes', '5');
    });
    for (const page of pages) {
      await waitUntil(
        async () =>
          (await page.getByTestId('minutes-section-4').count()) === 1 &&
          (await page.getByTestId('minutes-section-4').innerText()).includes('Any other business'),
        {
          message: 'a section for the new item',
        },
      );
    }
    agenda.destroy();

    // Torino raises a hand; the chair gives the floor.
    await torino.getByRole('button', { name: 'Alza la mano' }).click();
    await waitUntil(async () => (await chair.getByTestId('queue').innerText()).includes(TORINO.name), { message: 'Torino in the queue' });
    await chair.getByRole('button', { name: 'Give the floor to the next' }).click();
    for (const page of pages)
      await waitUntil(async () => (await page.getByTestId('speaker').innerText()).includes(TORINO.name), { message: 'Torino has the floor' });

    // Reggio Emilia records an action item for its city in the first part's section.
    await reggio.getByRole('button', { name: /^Aggiungi un'azione a 1\./ }).click();
    await reggio.keyboard.type(ACTION);
    const block = reggio.getByTestId('minutes-section-1').getByTestId('action-item');
    await block.getByLabel('Responsabile').selectOption({ label: 'Reggio Emilia' });
    await block.getByLabel('Scadenza').fill('2020-07-15');
    await screenshot(reggio, 'meetings-02-room-it');
    await screenshot(chair, 'meetings-03-room-en');

    const tracker = await contexts[0]!.newPage();
    await tracker.goto(new URL('/action-items', server.url).href);
    await waitUntil(
      async () => {
        await tracker.reload();
        await tracker.getByRole('heading', { name: 'Action items' }).waitFor();
        const rows = tracker.getByTestId('action-item-row').filter({ hasText: ACTION });
        if ((await rows.count()) !== 1) return false;
        const text = await rows.innerText();
        return text.includes('Reggio Emilia') && text.includes('2020') && text.includes('overdue');
      },
      { message: 'the action item in the tracker', timeout: 20_000 },
    );
    await screenshot(tracker, 'meetings-04-action-items-en');

    // The chair ends the meeting; the minutes become a draft, then a coordinator approves them.
    await chair.getByRole('button', { name: 'End the meeting' }).click();
    await chair.getByRole('dialog', { name: 'End the meeting?' }).getByRole('button', { name: 'End the meeting' }).click();
    for (const page of pages)
      await waitUntil(async () => /draft|bozza/.test(await page.getByTestId('minutes-status').innerText()), { message: 'draft minutes' });
    await chair.getByRole('button', { name: 'Approve the minutes' }).click();
    await chair.getByRole('dialog', { name: 'Approve the minutes?' }).getByRole('button', { name: 'Approve', exact: true }).click();
    for (const page of pages) {
      await waitUntil(async () => /approved|approvato/.test(await page.getByTestId('minutes-status').innerText()), { message: 'approved minutes' });
      await waitUntil(async () => (await page.getByTestId('minutes-section-2-editor').getAttribute('aria-readonly')) === 'true', {
        message: 'read-only editors',
      });
    }
    // A delegate trying to type changes nothing on the page...
    const before = await sectionText(reggio, 2);
    await reggio.getByTestId('minutes-section-2-editor').click();
    await reggio.keyboard.type('Late edit');
    expect(await sectionText(reggio, 2)).toBe(before);
    await screenshot(chair, 'meetings-05-approved-en');

    // ...and the document server refuses an edit sent anyway, as it refuses the tracker's change of
    // an action item (the lock holds for the server's own writes too).
    const cookie = await signIn(server.url, REGGIO.email, PASSWORD);
    const socket = openRawDoc(server.wsUrl, `minutes:${MEETING}`, { cookie });
    await socket.sync();
    socket.insert('[refused edit]');
    await socket.sync();
    const { items } = (await (await api(server.url, '/api/action-items', { cookie })).json()) as { items: ActionItem[] };
    const item = items.find((i) => i.description === ACTION)!;
    expect((await api(server.url, `/api/action-items/${MEETING}/${item.id}`, { method: 'PATCH', cookie, json: { status: 'done' } })).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const watcher = await connectDoc(server, `minutes:${MEETING}`, { cookie });
    expect(watcher.doc.getXmlFragment('item:part-1').toString()).not.toContain('status="done"');
    expect(watcher.doc.getText('text').toString()).not.toContain('[refused edit]');
    socket.close();
  }, 180_000);
});
