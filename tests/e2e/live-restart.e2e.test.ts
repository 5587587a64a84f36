import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { removeDataDir, startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, signInThroughForm, waitUntil } from '../helpers/browser.ts';

/**
 * The tab's one live connection comes back after the server restarts: a server going down closes
 * its sockets itself ("io server disconnect"), after which socket.io does not reconnect on its
 * own, so a poll page (and the notifications, the room, every live list on that connection)
 * stayed offline until the page was reloaded.
 */
describe('the live connection across a server restart', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  it('is live again on a poll page once the server is back, without a reload', async () => {
    context = await newPersonContext(browser);
    const page = await context.newPage();
    await signInThroughForm(page, `${server.url}/polls/anti-rumours-event`, DEMO_PEOPLE.coordinator.email);
    const live = async () => (await page.getByTestId('poll-live').getAttribute('data-live')) === 'true';
    await waitUntil(live, { message: 'poll page live' });

    const { port, dataDir } = server;
    await server.stop();
    await waitUntil(async () => !(await live()), { message: 'poll page offline while the server is down' });
    server = await startServer({ port, dataDir, env: { DEMO: 'true' } });
    await waitUntil(live, { message: 'poll page live again after the restart', timeout: 20_000 });
  }, 120_000);
});
