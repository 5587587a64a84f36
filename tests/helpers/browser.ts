import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; tests never download a browser. `CHROMIUM_PATH` points elsewhere if needed. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go (git-ignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../.artifacts', import.meta.url));

/** Headless system Chromium, quiet: no background traffic, updates or first-run UI. */
export function launchBrowser(): Promise<Browser> {
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

/** Who a browser context is: what the client would otherwise ask for or detect. */
export interface ParticipantOptions {
  /** Display name, stored as if the person had typed it in the name form. */
  name: string;
  /** Interface language stored on the device; when absent the client follows `locale`. */
  language?: 'it' | 'en';
  /** Caret colour (`#rrggbb`); the client picks one at random when absent. */
  color?: string;
  /** navigator.language of the context. @default 'en-GB' */
  locale?: string;
}

/**
 * The client's localStorage keys (client/src/lib/participant.ts and i18n.ts). Kept as literals:
 * the tests drive the built app from outside, as a person would, and do not import client code.
 */
const STORAGE_KEYS = { name: 'dialogo.name', color: 'dialogo.color', language: 'dialogo.lang' } as const;

/**
 * A fresh, isolated browser profile (own localStorage, IndexedDB and cookies) for one participant.
 * The stored values are written before any page script runs, and only when absent, so what the
 * app changes later (e.g. the language switch) survives reloads.
 */
export async function newParticipantContext(browser: Browser, options: ParticipantOptions): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-GB', viewport: { width: 1100, height: 800 } });
  const entries: [string, string][] = [[STORAGE_KEYS.name, options.name]];
  if (options.color) entries.push([STORAGE_KEYS.color, options.color]);
  if (options.language) entries.push([STORAGE_KEYS.language, options.language]);
  await context.addInitScript((pairs: [string, string][]) => {
    for (const [key, value] of pairs) {
      if (window.localStorage.getItem(key) === null) window.localStorage.setItem(key, value);
    }
  }, entries);
  return context;
}

/** Options of {@link waitUntil}. */
export interface WaitOptions {
  /** Give up after this many milliseconds. @default 15_000 */
  timeout?: number;
  /** Pause between two checks. @default 50 */
  interval?: number;
  /** What was awaited, for the error message. */
  message?: string;
}

/**
 * Polls `condition` until it returns a truthy value (which is returned) or the deadline passes.
 * Tests wait for behaviour this way instead of sleeping a fixed time. A throwing check counts as
 * "not yet"; its last error is reported on timeout.
 */
export async function waitUntil<T>(condition: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const { timeout = 15_000, interval = 50, message = 'condition' } = options;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
      lastValue = value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? lastError.message : JSON.stringify(lastValue);
      throw new Error(`timed out after ${timeout} ms waiting for ${message} (last: ${detail})`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Saves a full-page screenshot as `tests/.artifacts/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
