import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MeetingView } from '@dialogo/shared';
import { startServer, type TestServer } from '../helpers/server.ts';
import { api, signIn } from '../helpers/session.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish, waitUntil } from '../helpers/browser.ts';

/**
 * Issue 18, in real browsers: lists that others change update without a reload. Sara registers to
 * a meeting and Paolo, already on its page, sees "Registered to attend (1)" with her name; a
 * version Chiara saves appears in Sara's history panel.
 */

const MINUTES = 'Coordination meeting — 18 June 2020';

describe('lists others change, live in the browser', () => {
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

  async function openAs(person: { name: string; email: string }, path: string): Promise<Page> {
    const context = await newPersonContext(browser, { language: 'en' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${person.name}] page error:`, err.message));
    await signInThroughForm(page, new URL(path, server.url).href, person.email);
    await switchToEnglish(page);
    return page;
  }

  it('shows a registration to the delegates already on the meeting page', async () => {
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: chiaraCookie,
      json: { title: 'Autumn coordination', startsAt: '2026-10-15T08:00:00Z', endsAt: '2026-10-15T10:00:00Z' },
    });
    expect(created.status).toBe(201);
    const { meeting } = (await created.json()) as { meeting: MeetingView };

    const paolo = await openAs(DEMO_PEOPLE.arezzo, `/meetings/${meeting.id}`);
    const sara = await openAs(DEMO_PEOPLE.torino, `/meetings/${meeting.id}`);
    await paolo.getByRole('heading', { name: 'Registered to attend (0)' }).waitFor();

    await sara.getByRole('button', { name: 'Register to attend' }).click();
    await sara.getByRole('heading', { name: 'Registered to attend (1)' }).waitFor();
    // Paolo never reloads.
    await paolo.getByRole('heading', { name: 'Registered to attend (1)' }).waitFor();
    expect(await paolo.getByTestId('registrations').innerText()).toContain(DEMO_PEOPLE.torino.name);
    await screenshot(paolo, 'live-registrations');

    await sara.getByRole('button', { name: 'Cancel my registration' }).click();
    await paolo.getByRole('heading', { name: 'Registered to attend (0)' }).waitFor();
  }, 90_000);

  it('shows a version saved by one person in the history list of another', async () => {
    const chiara = await openAs(DEMO_PEOPLE.coordinator, '/documents');
    await chiara.getByRole('link', { name: MINUTES }).click();
    await chiara.getByTestId('versions').or(chiara.getByText('No versions yet')).first().waitFor();
    const sara = await openAs(DEMO_PEOPLE.torino, chiara.url());
    const saraVersions = sara.getByTestId('versions').or(sara.getByText('No versions yet')).first();
    await saraVersions.waitFor();

    await chiara.getByLabel('Name a version of the document as it is now').fill('Agreed wording');
    await chiara.getByRole('button', { name: 'Save version' }).click();
    await chiara.getByTestId('versions').getByText('Agreed wording').waitFor();
    // Sara never reloads.
    await waitUntil(
      async () => (await sara.getByTestId('versions').count()) > 0 && (await sara.getByTestId('versions').innerText()).includes('Agreed wording'),
      {
        message: 'the version reaches Sara',
      },
    );
  }, 90_000);
});
