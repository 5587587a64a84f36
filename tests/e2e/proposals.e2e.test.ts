import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import mammoth from 'mammoth';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, waitUntil } from '../helpers/browser.ts';

/**
 * A joint proposal written in two real browsers against the real server and the built client:
 * Reggio Emilia's delegate (Italian interface) starts a proposal to a ministry from the template
 * with Torino and Arezzo as partners and assigns a section to Arezzo; Arezzo's delegate (English
 * interface) writes that section, comments on it mentioning the lead, and adds budget lines; the
 * totals change in the lead's view, the lead is notified and answers the comment, the partner
 * resolves it; the lead moves the status to "in review" and downloads the Word file, which mammoth
 * reads back. A comment written into the proposal's Yjs document under the lead's name, the way
 * the proposal page stored comments before, is shown to nobody.
 */

const LEAD = DEMO_PEOPLE.reggioEmilia;
const PARTNER = DEMO_PEOPLE.arezzo;
const TITLE = 'Competenze interculturali per il personale comunale';
const OBJECTIVES = 'Train 200 municipal staff in intercultural competences and relaunch the Anti-rumours strategy.';

describe('a joint proposal, lead and partner in two browsers', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  async function open(person: { email: string }, path: string): Promise<Page> {
    const context = await newPersonContext(browser, { locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughForm(page, `${server.url}${path}`, person.email);
    return page;
  }

  it('creates, writes, budgets, reviews and exports a proposal', async () => {
    // The lead starts from the form; an empty submit shows the errors by their fields, focused.
    const lead = await open(LEAD, '/proposals/new');
    await lead.getByRole('heading', { name: 'Nuova proposta' }).waitFor();
    await lead.getByRole('button', { name: 'Crea la proposta' }).click();
    const title = lead.getByLabel('Titolo', { exact: true });
    await waitUntil(async () => (await title.getAttribute('aria-invalid')) === 'true', { message: 'title marked invalid' });
    await waitUntil(() => title.evaluate((el) => el === document.activeElement), { message: 'focus on the title' });
    expect(await lead.getByText('Questo campo è obbligatorio.').count()).toBeGreaterThanOrEqual(3);

    await title.fill(TITLE);
    await lead.getByLabel('Finanziatore').selectOption({ label: "Ministero dell'Interno (Ministero)" });
    expect(await lead.getByLabel('Modello').inputValue()).toBe('ministry');
    await lead.getByLabel('Scadenza').fill('2027-03-31');
    expect(await lead.getByLabel('Città capofila').inputValue()).toBe('reggio-emilia');
    await lead.getByLabel('Ruolo della capofila').fill('Coordinamento');
    await lead.getByRole('button', { name: 'Aggiungi un partner' }).click();
    await lead.getByLabel('Partner 1: città').selectOption({ label: 'Torino' });
    await lead.getByLabel('Partner 1: ruolo').fill('Formazione');
    await lead.getByRole('button', { name: 'Aggiungi un partner' }).click();
    await lead.getByLabel('Partner 2: città').selectOption({ label: 'Arezzo' });
    await lead.getByLabel('Partner 2: ruolo').fill('Comunicazione');
    await lead.getByRole('button', { name: 'Crea la proposta' }).click();

    await lead.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const proposalUrl = lead.url();
    expect(proposalUrl).toMatch(/\/proposals\/[a-z0-9-]+$/);
    await expectText(lead.getByTestId('proposal-status'), 'Bozza');
    // Ten sections from the template, all empty.
    await waitUntil(async () => (await lead.getByTestId('outline').getByRole('listitem').count()) === 10, { message: 'ten sections' });

    // The lead opens the objectives from the outline with the keyboard (the focus lands on the
    // section's heading) and assigns them to Arezzo.
    await lead.getByRole('button', { name: /^Obiettivi/ }).focus();
    await lead.keyboard.press('Enter');
    await waitUntil(() => lead.evaluate(() => document.activeElement?.id === 'section-heading' && document.activeElement.textContent === 'Obiettivi'), {
      message: 'focus on the section heading',
    });
    await lead.getByLabel('Assegnata a').selectOption({ label: 'Arezzo' });

    // Arezzo's delegate opens it (English interface): the assigned section opens first.
    const partner = await open(PARTNER, new URL(proposalUrl).pathname);
    await partner.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await waitUntil(async () => (await partner.getByTestId('section-panel').getAttribute('data-section')) === 'objectives', {
      message: 'objectives open for the partner',
    });
    await expectText(partner.locator('[data-section="objectives"] .proposal-outline__meta'), 'assigned to your city');
    await partner.getByTestId('section-editor').click();
    await partner.keyboard.type(OBJECTIVES);
    await expectText(partner.getByTestId('section-count'), '12 / 500 words');
    // The partner selects the section's text from the keyboard and comments on it, mentioning the lead.
    await partner.keyboard.press('Control+a');
    const partnerComments = partner.getByTestId('comments');
    await partnerComments.getByText('New comment on “Train 200 municipal staff').waitFor();
    // What the old proposal page did, signed with the lead's name: not a comment any more.
    await partner.evaluate((name) => {
      const doc = (window as unknown as { __dialogoProposal: import('yjs').Doc }).__dialogoProposal;
      const YMap = doc.getMap('sections').constructor as new () => import('yjs').Map<unknown>;
      const comment = new YMap();
      for (const [k, v] of Object.entries({
        id: 'forged-1',
        section: 'objectives',
        author: name,
        text: 'Approved by the lead city.',
        at: new Date().toISOString(),
        resolved: false,
      }))
        comment.set(k, v);
      doc.getArray('comments').push([comment]);
    }, LEAD.name);
    await partnerComments.getByLabel('Your comment').fill('Can Torino check the number of staff?');
    await partnerComments.getByLabel('Your comment').press('End');
    await partner.keyboard.type(` @${LEAD.name.slice(0, 4)}`);
    await partner.getByRole('option', { name: LEAD.name }).waitFor();
    await partner.keyboard.press('Enter');
    await partnerComments.getByRole('button', { name: 'Comment', exact: true }).click();
    const partnerThread = partnerComments.getByTestId('comment-thread');
    await partnerThread.getByText('Can Torino check the number of staff?').waitFor();
    await waitUntil(async () => (await partner.locator('.comment-anchor').allInnerTexts()).join('') === OBJECTIVES, {
      message: 'the commented text highlighted',
    });

    // An empty budget is not said to respect the call's rules (issue 20).
    await expectText(partner.getByTestId('budget-check'), 'The budget has no amounts yet');
    // Arezzo's budget: two lines, typed the English way.
    await partner.getByRole('button', { name: 'Add a line for Arezzo' }).click();
    await partner.getByLabel('Description — Line 1 of Arezzo').fill('National communication campaign');
    await partner.getByLabel('Category — Line 1 of Arezzo').selectOption('communication');
    await partner.getByLabel('Amount — Line 1 of Arezzo').fill('12,500.50');
    await partner.getByLabel('Co-funding — Line 1 of Arezzo').fill('2,500');
    await partner.keyboard.press('Tab');
    await partner.getByRole('button', { name: 'Add a line for Arezzo' }).click();
    await partner.getByLabel('Description — Line 2 of Arezzo').fill('Travel to the partner cities');
    await partner.getByLabel('Category — Line 2 of Arezzo').selectOption('travel');
    await partner.getByLabel('Amount — Line 2 of Arezzo').fill('1499.5');
    await partner.keyboard.press('Tab');
    await expectText(partner.getByTestId('total-amount'), '€14,000.00');

    // The lead sees the section, the lines and the totals change (Italian formatting).
    await expectText(lead.locator('[data-section="objectives"] [data-testid="section-progress"]'), 'In scrittura');
    // The lead sees the comment under the partner's name, is notified, and answers it.
    const leadThread = lead.getByTestId('comments').getByTestId('comment-thread');
    await expectText(leadThread, 'Can Torino check the number of staff?');
    await expectText(leadThread.locator('.comment__meta'), PARTNER.name);
    await lead.getByTestId('notification-count').filter({ hasText: '1' }).waitFor();
    await leadThread.getByLabel('La tua risposta').fill('Torino conferma: 200 persone.');
    await leadThread.getByRole('button', { name: 'Rispondi', exact: true }).click();
    await partnerThread.getByText('Torino conferma: 200 persone.').waitFor();
    await screenshot(partner, 'proposal-comments');
    expect(await lead.getByTestId('comments').textContent()).not.toContain('Approved by the lead city.');
    expect(await partnerComments.textContent()).not.toContain('Approved by the lead city.');
    await partnerThread.getByRole('button', { name: 'Resolve' }).click();
    await waitUntil(async () => (await leadThread.count()) === 0, { message: 'resolved thread hidden for the lead' });
    await expectText(lead.getByTestId('section-editor'), OBJECTIVES);
    await expectText(lead.getByTestId('total-amount'), '14.000,00\u00a0€');
    // Grouped from four digits as from five (issue 20: it read '2500,00 €' beside '14.000,00 €').
    await expectText(lead.getByTestId('total-cofunding'), '2.500,00\u00a0€');
    await expectText(lead.getByTestId('budget-check'), 'Il budget rispetta le regole del bando.');
    await expectText(lead.getByTestId('cofunding-share'), '17,86%');
    await expectText(lead.getByTestId('budget-arezzo').getByTestId('subtotal-amount'), '14.000,00\u00a0€');

    // The lead moves it to review.
    await lead.getByLabel('Sposta a').selectOption('in-review');
    await lead.getByRole('button', { name: 'Cambia stato' }).click();
    await expectText(lead.getByTestId('proposal-status'), 'In revisione');
    // The partner's open page follows at once.
    await expectText(partner.getByTestId('proposal-status'), 'In review');
    await screenshot(lead, 'proposal-lead');
    await screenshot(partner, 'proposal-partner');

    // The Word file downloads and holds the partner's section and budget.
    const [download] = await Promise.all([lead.waitForEvent('download'), lead.getByTestId('export-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const file = await download.path();
    const { value: html } = await mammoth.convertToHtml({ buffer: readFileSync(file) });
    expect(html).toContain('<h1>Obiettivi</h1>');
    expect(html).toContain(OBJECTIVES);
    expect(html).toContain('National communication campaign');
    expect(html).toContain('12.500,50');
    expect(html).toContain('<strong>14.000,00\u00a0€</strong>');
  });
});

/** Waits until an element's text contains `text`. */
async function expectText(locator: ReturnType<Page['locator']>, text: string) {
  await waitUntil(async () => ((await locator.first().textContent()) ?? '').includes(text), { message: `text "${text}"` });
}
