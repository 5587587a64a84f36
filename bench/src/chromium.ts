import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { HttpSide } from './servers/index.ts';

/** Debian's Chromium; the benchmark never downloads a browser. `CHROMIUM_PATH` points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless system Chromium without background traffic, as tests/helpers/browser.ts launches it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh profile (empty cache, storage and cookies) already signed in: the session cookie of an
 * HTTP sign-in (`name=value; ...`) is set for the server's origin, so no sign-in form is timed.
 */
export async function signedInContext(browser: Browser, http: HttpSide, cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 1100, height: 800 } });
  await context.addCookies(
    cookie.split(/;\s*/).map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: http.url };
    }),
  );
  return context;
}
