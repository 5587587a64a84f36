import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { api, signIn } from '../helpers/session.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, waitUntil } from '../helpers/browser.ts';

/**
 * The budget's figures as a proposal's partners read them (issue 20): euros grouped one way
 * whatever the number of digits ('7.350,50 €' beside '47.450,50 €', not '7350,50 €'); a share just
 * below the call's minimum stated exactly ('19,99%, sotto il minimo del 20%', never '20 %, below
 * the minimum of 20 %'), the same in the summary; an empty budget is not said to respect the rules.
 */

const PROPOSAL = 'citta-del-dialogo-competenze-interculturali';

describe('budget figures in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    destroyAllDocClients();
    await context?.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();

  it('groups euros one way, states a share below the minimum exactly, and does not call an empty budget compliant', async () => {
    context = await newPersonContext(browser, { language: 'it' });
    const page = await context.newPage();
    await signInThroughForm(page, `${server.url}/proposals/${PROPOSAL}`, DEMO_PEOPLE.reggioEmilia.email);
    await waitUntil(async () => (await text(page, 'total-amount')) === '47.450,50\u00a0€', { message: 'the seeded total' });
    expect(await page.getByTestId('budget-arezzo').getByTestId('subtotal-amount').textContent()).toContain('7.350,50\u00a0€');
    expect(await text(page, 'budget-check')).toBe('Il budget rispetta le regole del bando.');

    // Co-funding brought to 19.995 % of the total, just under the call's 20 %.
    const marco = await signIn(server.url, DEMO_PEOPLE.reggioEmilia.email, DEMO_PASSWORD);
    const client = await connectDoc(server, `proposal:${PROPOSAL}`, { cookie: marco });
    const line = client.doc.getMap<Y.Map<unknown>>('budget').get('seed-2')!;
    line.set('cofunding', 600_000 - 288_237);
    await waitUntil(async () => (await text(page, 'cofunding-share')) === '19,99%', { message: 'the share cut, not rounded up' });
    expect(await text(page, 'budget-check')).toBe('Il cofinanziamento è 19,99%, sotto il minimo del 20%.');
    await screenshot(page, '20-budget-below-minimum');

    // A proposal with no budget yet: nothing to check, not "compliant".
    const created = await api(server.url, '/api/proposals', {
      method: 'POST',
      cookie: marco,
      json: {
        title: 'Proposta senza budget',
        funderId: 'ministero-interno',
        templateId: 'ministry',
        deadline: '2027-03-31',
        leadCityId: 'reggio-emilia',
        rules: { minCofundingPercent: 20 },
      },
    });
    expect(created.status).toBe(201);
    const { proposal } = (await created.json()) as { proposal: { id: string } };
    await page.goto(`${server.url}/proposals/${proposal.id}`);
    await waitUntil(async () => (await page.getByTestId('budget-check').count()) > 0, { message: 'the budget shown' });
    expect(await text(page, 'budget-check')).toBe('Il budget non ha ancora importi: le regole del bando si verificano quando ne avrà.');
    expect(await text(page, 'budget-check')).not.toContain('rispetta');
  }, 90_000);
});
