import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LIMITS, type MeetingView } from '@dialogo/shared';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { api, signIn } from '../helpers/session.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish, waitUntil } from '../helpers/browser.ts';

/**
 * Issue 18, small defects on the same journeys, in a real browser: a wrong budget amount says why
 * next to the field and keeps what was typed; the online meeting link is a link; the "participants
 * only" checkbox sits on one line with its label.
 */
describe('fields and details', () => {
  let server: TestServer;
  let browser: Browser;
  let chiaraCookie: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
    chiaraCookie = await signIn(server.url, DEMO_PEOPLE.coordinator.email, DEMO_PASSWORD);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function openAs(person: { name: string; email: string }, path: string, language: 'en' | 'it' = 'en'): Promise<Page> {
    const context = await newPersonContext(browser, { language });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${person.name}] page error:`, err.message));
    await signInThroughForm(page, new URL(path, server.url).href, person.email);
    if (language === 'en') await switchToEnglish(page);
    return page;
  }

  it('says why a budget amount is refused, next to the field, and keeps what was typed until it is corrected', async () => {
    const created = await api(server.url, '/api/proposals', {
      method: 'POST',
      cookie: chiaraCookie,
      json: {
        title: 'Anti-rumours training',
        funderId: 'fondazione',
        templateId: 'foundation',
        deadline: '2027-03-31',
        leadCityId: 'torino',
        partners: [{ cityId: 'arezzo' }],
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { proposal } = (await created.json()) as { proposal: { id: string } };

    const paolo = await openAs(DEMO_PEOPLE.arezzo, `/proposals/${proposal.id}`);
    await paolo.getByRole('button', { name: 'Add a line for Arezzo' }).click();
    const amount = paolo.getByLabel('Amount — Line 1 of Arezzo');
    await amount.fill('-50');
    await paolo.keyboard.press('Tab');
    // The field keeps "-50", is marked invalid and described by the reason, shown next to it.
    const error = paolo.getByTestId('line-amount-error');
    await error.waitFor();
    expect(await error.innerText()).toBe('An amount cannot be negative: enter 0 or more, such as 50.');
    expect(await amount.inputValue()).toBe('-50');
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await amount.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    await screenshot(paolo, 'budget-amount-error');
    // The page with the refused amount and its reason has no serious or critical axe violation.
    await expectNoSeriousAxeViolations(paolo);
    // Coming back to the field keeps what was typed (it used to be put back to 0).
    await amount.focus();
    expect(await amount.inputValue()).toBe('-50');
    await amount.fill('abc');
    await amount.press('Enter');
    await waitUntil(async () => (await error.innerText()) === 'Enter an amount such as 12.500,00 or 12500.', { message: 'the not-a-number reason' });
    expect(await amount.inputValue()).toBe('abc');
    // Nothing was stored meanwhile.
    expect(await paolo.getByTestId('total-amount').innerText()).toBe('€0.00');

    await amount.fill('50');
    await paolo.keyboard.press('Tab');
    await waitUntil(async () => (await error.count()) === 0, { message: 'the reason gone once corrected' });
    expect(await amount.getAttribute('aria-invalid')).toBeNull();
    await waitUntil(async () => (await paolo.getByTestId('total-amount').innerText()) === '€50.00', { message: 'the amount stored' });
  }, 90_000);

  it('says it in Italian too', async () => {
    const created = await api(server.url, '/api/proposals', {
      method: 'POST',
      cookie: chiaraCookie,
      json: {
        title: 'Formazione antidiscriminazione',
        funderId: 'fondazione',
        templateId: 'foundation',
        deadline: '2027-03-31',
        leadCityId: 'torino',
        partners: [],
      },
    });
    const { proposal } = (await created.json()) as { proposal: { id: string } };
    const sara = await openAs(DEMO_PEOPLE.torino, `/proposals/${proposal.id}`, 'it');
    await sara.getByRole('button', { name: 'Aggiungi una riga per Torino' }).click();
    const amount = sara.getByLabel('Importo — Riga 1 di Torino');
    await amount.fill('-50');
    await sara.keyboard.press('Tab');
    expect(await sara.getByTestId('line-amount-error').innerText()).toBe('Un importo non può essere negativo: inserisci 0 o più, per esempio 50.');
  }, 90_000);

  it('shows the online meeting link as a link, and the participants-only checkbox on one line with its label', async () => {
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: chiaraCookie,
      json: {
        title: 'Online working group',
        startsAt: '2026-11-05T08:00:00Z',
        endsAt: '2026-11-05T09:00:00Z',
        onlineUrl: 'https://meet.example.org/cdd-working-group',
      },
    });
    const { meeting } = (await created.json()) as { meeting: MeetingView };
    const chiara = await openAs(DEMO_PEOPLE.coordinator, `/meetings/${meeting.id}`);
    const link = chiara.getByRole('link', { name: 'https://meet.example.org/cdd-working-group' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('https://meet.example.org/cdd-working-group');
    expect(await link.getAttribute('rel')).toContain('noopener');

    // The checkbox and its label share one line, the box before the words.
    await chiara.goto(`${server.url}/meetings`);
    const label = chiara.getByTestId('restricted-label');
    await label.waitFor();
    const box = (await label.locator('input[type="checkbox"]').boundingBox())!;
    const words = (await label.locator('span').boundingBox())!;
    expect(box.width).toBeLessThan(40);
    expect(words.x).toBeGreaterThan(box.x + box.width - 1);
    // Same line: the box's middle lies within the first line of the words.
    expect(box.y + box.height / 2).toBeGreaterThan(words.y);
    expect(box.y + box.height / 2).toBeLessThan(words.y + 30);
    await expectNoSeriousAxeViolations(chiara);
    await label.scrollIntoViewIfNeeded();
    await screenshot(chiara, 'meeting-form-checkbox');
  }, 90_000);

  it('shows the limits of the meeting form, the server refuses past them, and co-edited fields stop at theirs', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator, '/meetings');
    const form = chiara.locator('form').filter({ has: chiara.getByRole('heading', { name: 'New meeting' }) });
    const title = form.getByLabel('Title', { exact: true });
    const titleField = form.locator('.field').filter({ has: chiara.getByLabel('Title', { exact: true }) });
    expect(await titleField.getByTestId('field-count').innerText()).toBe(`0 of ${LIMITS.title} characters`);
    await title.fill('T'.repeat(LIMITS.title + 1));
    expect(await titleField.getByTestId('field-count').innerText()).toBe(`${LIMITS.title + 1} of ${LIMITS.title} characters`);
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(
      await form
        .locator('.field')
        .filter({ has: chiara.getByLabel('Notes', { exact: true }) })
        .getByTestId('field-count')
        .innerText(),
    ).toBe(`0 of ${LIMITS.notes} characters`);
    // Sent anyway: the server names the field.
    await form.getByLabel('Starts', { exact: true }).fill('2026-11-20T10:00');
    await form.getByLabel('Ends', { exact: true }).fill('2026-11-20T12:00');
    await form.getByRole('button', { name: 'Create the meeting' }).click();
    await form.getByTestId('title-error').waitFor();
    expect(await form.getByTestId('title-error').innerText()).toBe('This is too long.');

    // The agenda's co-edited text fields stop at their limit.
    await chiara.goto(`${server.url}/meetings/2020-06-18-coordination`);
    const agendaTitle = chiara.locator('[data-collab-text="title"]').first();
    await agendaTitle.waitFor();
    expect(await agendaTitle.getAttribute('maxlength')).toBe(String(LIMITS.docField));
  }, 90_000);

  it('keeps every page as wide as the window with unbroken text at each record field’s limit', async () => {
    const long = (n: number) => 'W'.repeat(n);
    const url = `https://meet.example.org/${'a'.repeat(LIMITS.url - 'https://meet.example.org/'.length)}`;
    const post = async (path: string, json: unknown) => {
      const res = await api(server.url, path, { method: 'POST', cookie: chiaraCookie, json });
      expect(res.status, await res.clone().text()).toBe(201);
      return res.json() as Promise<Record<string, { id?: string; name?: string }>>;
    };
    const { meeting } = await post('/api/meetings', {
      title: long(LIMITS.title),
      startsAt: '2026-12-01T08:00:00Z',
      endsAt: '2026-12-01T10:00:00Z',
      onlineUrl: url,
      place: long(LIMITS.place),
      experts: long(LIMITS.meetingPeople),
      notes: long(LIMITS.notes),
    });
    const { proposal } = await post('/api/proposals', {
      title: long(LIMITS.title),
      funderId: 'fondazione',
      templateId: 'foundation',
      deadline: '2027-03-31',
      leadCityId: 'torino',
      call: long(LIMITS.title),
      leadRole: long(LIMITS.title),
    });
    const { poll } = await post('/api/polls', {
      question: long(LIMITS.question),
      description: long(LIMITS.notes),
      kind: 'single',
      options: [long(LIMITS.option), 'B'],
    });
    const { document: doc } = await post('/api/documents', { title: long(LIMITS.title) });
    // Sara registers, so her name shows in the list too.
    const saraCookie = await signIn(server.url, DEMO_PEOPLE.torino.email, DEMO_PASSWORD);
    await api(server.url, `/api/meetings/${meeting!.id}/registration`, { method: 'POST', cookie: saraCookie });

    const chiara = await openAs(DEMO_PEOPLE.coordinator, '/meetings');
    const paths = [
      `/meetings/${meeting!.id}`,
      '/meetings',
      `/proposals/${proposal!.id}`,
      '/proposals',
      `/polls/${poll!.id}`,
      '/polls',
      '/documents',
      `/d/${doc!.name!}`,
    ];
    const widths: Record<string, { scroll: number; viewport: number }> = {};
    for (const path of paths) {
      await chiara.goto(`${server.url}${path}`);
      await chiara
        .getByText('WWWWWWWWWW')
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(() => {
          throw new Error(`no long text on ${path}`);
        });
      widths[path] = await chiara.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      if (path.startsWith('/meetings/')) await screenshot(chiara, 'long-meeting-fields');
    }
    const wide = Object.entries(widths).filter(([, w]) => w.scroll > w.viewport);
    expect(wide).toEqual([]);
  }, 120_000);
});
