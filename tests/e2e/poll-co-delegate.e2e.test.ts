import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { PollView } from '@dialogo/shared';
import { startServer, type TestServer } from '../helpers/server.ts';
import { api, createMember, signIn } from '../helpers/session.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish } from '../helpers/browser.ts';

/**
 * Issue 18: on a per-city poll, a second delegate of a city who opens the poll sees the city's
 * ballot and who cast it, with the first delegate's reason shown as theirs, and an empty reason
 * field of their own: changing only the answer no longer re-sends the other person's reason under
 * their name.
 */

const POLL = 'anti-rumours-event';
const REASON = 'Feasible in the autumn, online if restrictions continue.';

describe('a second delegate of a city on a per-city poll', () => {
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

  it('sees the first delegate’s ballot and reason as theirs, and re-casts without it', async () => {
    const coordinator = await signIn(server.url, DEMO_PEOPLE.coordinator.email, DEMO_PASSWORD);
    const marco = await signIn(server.url, DEMO_PEOPLE.reggioEmilia.email, DEMO_PASSWORD);
    const { cities } = (await (await api(server.url, '/api/cities', { cookie: coordinator })).json()) as { cities: { id: string; name: string }[] };
    const reggio = cities.find((c) => c.name === 'Reggio Emilia')!.id;
    const second = await createMember(server.url, coordinator, {
      role: 'delegate',
      cityId: reggio,
      name: 'Giulia Bassi',
      email: 'bassi@reggio.example',
      language: 'en',
    });

    expect((await api(server.url, `/api/polls/${POLL}/open`, { method: 'POST', cookie: coordinator })).status).toBe(200);
    const cast = await api(server.url, `/api/polls/${POLL}/vote`, {
      method: 'POST',
      cookie: marco,
      json: { choice: { kind: 'proposal', answer: 'agree' }, reason: REASON },
    });
    expect(cast.status).toBe(200);

    // The server says whose ballot it is.
    const seen = (await (await api(server.url, `/api/polls/${POLL}`, { cookie: second.cookie })).json()) as PollView;
    expect(seen.mine).toMatchObject({ castBy: { name: 'Marco Ferri' }, reason: REASON, byYou: false });
    const own = (await (await api(server.url, `/api/polls/${POLL}`, { cookie: marco })).json()) as PollView;
    expect(own.mine).toMatchObject({ byYou: true });

    const context = await newPersonContext(browser, { language: 'en' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('[Giulia] page error:', err.message));
    await signInThroughForm(page, `${server.url}/polls/${POLL}`, 'bassi@reggio.example', second.password);
    await switchToEnglish(page);

    // The city's ballot and who cast it, with an empty reason of one's own...
    await expect(page.getByTestId('my-ballot').innerText()).resolves.toMatch(/Cast by Marco Ferri/);
    await expect(page.getByRole('radio', { name: 'Agree', exact: true }).isChecked()).resolves.toBe(true);
    const reason = page.getByLabel('Reason (optional)');
    expect(await reason.inputValue()).toBe('');
    // ...and the other delegate's reason shown as theirs.
    await expect(page.getByTestId('other-reason').innerText()).resolves.toContain(REASON);
    await screenshot(page, 'poll-co-delegate');

    // Changing only the answer: the ballot is now Giulia's, without Marco's reason.
    await page.getByRole('radio', { name: 'Disagree', exact: true }).check();
    await page.getByRole('button', { name: 'Change ballot' }).click();
    await page.getByTestId('my-ballot').filter({ hasText: 'Giulia Bassi' }).waitFor();
    const after = (await (await api(server.url, `/api/polls/${POLL}`, { cookie: coordinator })).json()) as PollView;
    const ballot = after.ballots?.find((b) => b.voter.name === 'Reggio Emilia');
    expect(ballot).toMatchObject({ castBy: { name: 'Giulia Bassi' }, choice: { kind: 'proposal', answer: 'disagree' } });
    expect(ballot?.reason).toBeUndefined();
  }, 90_000);
});
