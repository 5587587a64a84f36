import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, waitUntil } from '../helpers/browser.ts';

/**
 * The call's rules (maximum grant, minimum co-funding) are one group of fields in the new-proposal
 * form and in the details form: the same labels, a bad value explained next to its field (and
 * focused) before anything is sent, and the rules set at creation shown again for editing.
 */

const LEAD = DEMO_PEOPLE.reggioEmilia;

describe('the rules of a call in the proposal forms', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const invalid = (field: Locator) => waitUntil(async () => (await field.getAttribute('aria-invalid')) === 'true', { message: 'field marked invalid' });
  /** The message linked to a field (its aria-describedby). */
  const messageOf = (page: Page, field: Locator) =>
    field.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );

  it('explains a bad amount and percentage by their fields, in both forms, and keeps the rules set', async () => {
    context = await newPersonContext(browser, { locale: 'it-IT', language: 'it' });
    const page = await context.newPage();
    await signInThroughForm(page, `${server.url}/proposals/new`, LEAD.email);
    await page.getByRole('heading', { name: 'Nuova proposta' }).waitFor();
    const rules = page.getByRole('group', { name: 'Regole del bando' });
    const maxGrant = rules.getByLabel('Contributo massimo (€)');
    const minCofunding = rules.getByLabel('Cofinanziamento minimo (%)');

    await page.getByLabel('Titolo', { exact: true }).fill('Regole del bando in prova');
    await page.getByLabel('Finanziatore').selectOption({ label: "Ministero dell'Interno (Ministero)" });
    await page.getByLabel('Scadenza').fill('2027-03-31');
    await page.getByLabel('Ruolo della capofila').fill('Coordinamento');
    await maxGrant.fill('tanti');
    await minCofunding.fill('150');
    await page.getByRole('button', { name: 'Crea la proposta' }).click();
    await invalid(maxGrant);
    await invalid(minCofunding);
    expect(await messageOf(page, maxGrant)).toContain('Inserisci un importo come 12.500,00 o 12500.');
    expect(await messageOf(page, maxGrant)).toContain('Lascia vuoto se il bando non lo fissa');
    expect(await messageOf(page, minCofunding)).toContain('Questo valore non è valido.');
    await waitUntil(() => maxGrant.evaluate((el) => el === document.activeElement), { message: 'focus on the maximum grant' });
    expect(page.url()).toMatch(/\/proposals\/new$/);
    expect(await axeViolations(page, { include: 'form' })).toEqual([]);
    await screenshot(page, 'proposal-rules-errors');

    await maxGrant.fill('250.000');
    await minCofunding.fill('20');
    await page.getByRole('button', { name: 'Crea la proposta' }).click();
    await page.getByRole('heading', { level: 1, name: 'Regole del bando in prova' }).waitFor();
    await page.getByText('Contributo massimo: 250.000,00 €').waitFor();

    // The details form shows the same fields with the rules as set, and checks them the same way.
    await page.getByRole('button', { name: 'Modifica i dettagli' }).click();
    const details = page.getByTestId('details-form').getByRole('group', { name: 'Regole del bando' });
    const editedMaxGrant = details.getByLabel('Contributo massimo (€)');
    const editedMinCofunding = details.getByLabel('Cofinanziamento minimo (%)');
    expect(await editedMaxGrant.inputValue()).toBe('250.000,00');
    expect(await editedMinCofunding.inputValue()).toBe('20');
    await editedMinCofunding.fill('101');
    await page.getByRole('button', { name: 'Salva i dettagli' }).click();
    await invalid(editedMinCofunding);
    expect(await messageOf(page, editedMinCofunding)).toContain('Questo valore non è valido.');
    expect(await axeViolations(page, { include: '[data-testid="details-form"]' })).toEqual([]);
    await screenshot(page, 'proposal-rules-details');
    await editedMinCofunding.fill('25');
    await page.getByRole('button', { name: 'Salva i dettagli' }).click();
    await page.getByText('Cofinanziamento minimo: 25').waitFor();
  });
});
