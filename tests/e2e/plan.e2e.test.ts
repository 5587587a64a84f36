import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish, waitUntil } from '../helpers/browser.ts';

/**
 * The action plan in real browsers: the coordinator adds a good-practice exchange meeting, a
 * delegate writes its date and place while the coordinator writes its notes, the coordinator
 * schedules it as a meeting in one step, two delegates join its room, and the network's dashboard
 * shows their cities as having attended.
 */

const EVENT = 'Good Practice Exchange Meeting on anti-rumours';

describe('the action plan, a meeting made from it and the dashboard in the browser', () => {
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

  it('adds a row, edits it from two browsers at once, schedules it as a meeting and shows who attended', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator, '/action-plan');
    const marco = await openAs(DEMO_PEOPLE.reggioEmilia, '/action-plan');
    const row = (page: Page) => page.getByTestId('plan-row').filter({ has: page.getByLabel(`Event — ${EVENT}`, { exact: true }) });
    await chiara.getByTestId('plan-row').first().waitFor();

    // The coordinator adds the event: the focus goes to its first cell.
    await chiara.getByRole('button', { name: 'Add an event' }).click();
    await chiara.keyboard.type(EVENT);
    await row(marco).waitFor();

    // At the same time: Marco writes the date and the place, Chiara the notes.
    await Promise.all([
      (async () => {
        await row(marco).getByLabel(`Date — ${EVENT}`).fill('2026-12-03');
        await row(marco).getByLabel(`Kind of place — ${EVENT}`).selectOption('city');
        await row(marco).getByLabel(`City — ${EVENT}`).selectOption({ label: 'Reggio Emilia' });
      })(),
      row(chiara).getByLabel(`Notes — ${EVENT}`).fill('Theme: anti-rumours strategies.'),
    ]);
    for (const page of [chiara, marco]) {
      await waitUntil(
        async () =>
          (await row(page).getByLabel(`Date — ${EVENT}`).inputValue()) === '2026-12-03' &&
          (await row(page).getByLabel(`City — ${EVENT}`).inputValue()) === 'reggio-emilia' &&
          (await row(page).getByLabel(`Notes — ${EVENT}`).inputValue()) === 'Theme: anti-rumours strategies.',
        { message: 'date, place and notes on both pages' },
      );
    }
    // Only the coordinator schedules meetings.
    expect(
      await row(marco)
        .getByRole('button', { name: `Schedule “${EVENT}” as a meeting` })
        .count(),
    ).toBe(0);

    // One step: the row becomes a meeting, and links to it for everyone.
    await row(chiara)
      .getByRole('button', { name: `Schedule “${EVENT}” as a meeting` })
      .click();
    const link = row(marco).getByRole('link', { name: `Meeting: ${EVENT}` });
    await link.waitFor();
    await waitUntil(async () => (await row(marco).getByLabel(`Status — ${EVENT}`).inputValue()) === 'scheduled', { message: 'row scheduled' });
    await screenshot(chiara, '20-plan-scheduled');

    // The meeting, prefilled from the row, links back to the plan.
    await link.click();
    await marco.getByRole('heading', { name: EVENT }).waitFor();
    await marco.getByTestId('meeting-plan-link').waitFor();
    const meetingPath = new URL(marco.url()).pathname;

    // The dashboard before anyone joins the meeting (the demo's past meetings count already).
    const dashboard = await openAs(DEMO_PEOPLE.arezzo, '/network');
    const attended = async (city: string) =>
      Number(
        await dashboard
          .getByTestId('activity-row')
          .filter({ has: dashboard.getByRole('rowheader', { name: city, exact: true }) })
          .locator('td[data-col="meetings"]')
          .innerText(),
      );
    await dashboard.getByTestId('city-activity').waitFor();
    const before = { reggio: await attended('Reggio Emilia'), torino: await attended('Torino'), arezzo: await attended('Arezzo') };

    // Marco and Sara join the meeting's room.
    await marco.goto(new URL(`${meetingPath}/room`, server.url).href);
    await openAs(DEMO_PEOPLE.torino, `${meetingPath}/room`);
    // Attendance counts while the meeting runs: the coordinator starts it with them in the room.
    await chiara.goto(new URL(`${meetingPath}/room`, server.url).href);
    await chiara.getByRole('button', { name: 'Start the meeting' }).click();

    // The dashboard shows the cities that attended.
    await waitUntil(
      async () => {
        await dashboard.reload();
        await dashboard.getByTestId('city-activity').waitFor();
        return (await attended('Reggio Emilia')) === before.reggio + 1 && (await attended('Torino')) === before.torino + 1;
      },
      { message: 'attending cities on the dashboard' },
    );
    expect(await attended('Arezzo')).toBe(before.arezzo);
    expect(await dashboard.getByTestId('attendance-bar').filter({ hasText: 'Torino' }).innerText()).toContain(`${before.torino + 1} meeting`);
    await screenshot(dashboard, '21-dashboard-attendance');
  }, 120_000);
});
