import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish, waitUntil } from '../helpers/browser.ts';

/** The header's sections and where documents open, for the coordinator, who sees every section. */
describe('the header and where documents open', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
    context = await newPersonContext(browser, { language: 'it', locale: 'it-IT' });
    page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInThroughForm(page, new URL('/documents', server.url).href, DEMO_PEOPLE.coordinator.email);
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  /** Where the header's parts are: the top of each section shown in the row, of the name and of the sign-out. */
  async function headerLayout() {
    return page.evaluate(() => {
      const header = document.querySelector('.app-header')!;
      const top = (el: Element) => Math.round(el.getBoundingClientRect().top);
      const row = Array.from(header.querySelectorAll('.app-nav__row:not(.app-nav__measure) > li'));
      return {
        sections: row.map((li) => li.querySelector('a, button')?.textContent),
        rowTops: row.map(top),
        brandTop: top(header.querySelector('.app-header__brand')!),
        signOutTop: top(header.querySelector('.participant .button')!),
        scrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
      };
    });
  }

  it('shows the eight sections on one line with the name and the tools at 1280 px, in Italian and in English', async () => {
    const expected = {
      it: ['Rete', 'Riunioni', 'Documenti', "Piano d'azione", 'Azioni da fare', 'Proposte', 'Votazioni', 'Persone'],
      en: ['Network', 'Meetings', 'Documents', 'Action plan', 'Action items', 'Proposals', 'Polls', 'People'],
    };
    for (const language of ['it', 'en'] as const) {
      if (language === 'en') await switchToEnglish(page);
      const nav = page.getByRole('navigation');
      await nav.getByRole('link', { name: expected[language][0], exact: true }).waitFor();
      await screenshot(page, `header-1280-${language}`);
      const layout = await headerLayout();
      // All eight in the row itself (none under "More"), on one line, beside the name and the sign-out.
      expect(layout.sections, language).toEqual(expected[language]);
      expect(new Set(layout.rowTops).size, `${language}: rows of sections ${layout.rowTops}`).toBe(1);
      const row = layout.rowTops[0]!;
      expect(Math.abs(layout.brandTop - row), `${language}: name beside the sections`).toBeLessThan(20);
      expect(Math.abs(layout.signOutTop - row), `${language}: sign-out beside the sections`).toBeLessThan(20);
      expect(layout.scrollsSideways, language).toBe(false);
    }
  });

  it('keeps the sections on one row on a narrow screen, the others under "More", reachable by keyboard', async () => {
    await page.setViewportSize({ width: 500, height: 800 });
    const nav = page.getByRole('navigation');
    const more = nav.getByRole('button', { name: 'More' });
    await more.waitFor();
    await screenshot(page, 'header-500-en');
    const layout = await headerLayout();
    expect(new Set(layout.rowTops).size, `rows of sections ${layout.rowTops}`).toBe(1);
    expect(layout.scrollsSideways).toBe(false);
    expect(layout.sections.at(-1)).toBe('More');
    expect(layout.sections).not.toContain('People');

    // Open with the keyboard, walk into the list, close with Escape: focus returns to the button.
    await more.focus();
    await page.keyboard.press('Enter');
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    const people = nav.getByRole('link', { name: 'People', exact: true });
    await people.waitFor();
    await page.keyboard.press('Escape');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await more.evaluate((el) => el === document.activeElement)).toBe(true);

    // Again, Tab through the list to the last section and follow it: its page opens and the list closes.
    await page.keyboard.press('Enter');
    for (let i = 0; i < 8 && !(await people.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('.app-nav__menu')), 'Tab stays in the list').toBe(true);
    }
    await page.keyboard.press('Enter');
    await waitUntil(() => new URL(page.url()).pathname === '/people', { message: 'the People page' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('leaves agendas out of the documents list and opens one on its meeting’s page', async () => {
    await page.goto(new URL('/documents', server.url).href);
    const list = page.locator('.document-list');
    await list.getByRole('link', { name: 'Coordination meeting — 18 June 2020' }).waitFor();
    expect(await list.locator('a[href^="/d/agenda"]').count()).toBe(0);

    await page.goto(new URL('/d/agenda:2020-06-18-coordination', server.url).href);
    await waitUntil(() => new URL(page.url()).pathname === '/meetings/2020-06-18-coordination', { message: 'the meeting page' });
    await page.getByRole('heading', { level: 1, name: /Coordination meeting/ }).waitFor();
  });
});
