import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

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

/** How a browser context starts: what the client would otherwise detect. */
export interface ContextOptions {
  /** Interface language stored on the device; when absent the client follows `locale`. */
  language?: 'it' | 'en';
  /** navigator.language of the context. @default 'en-GB' */
  locale?: string;
}

/** The client's localStorage key of the chosen language (client/src/lib/i18n.ts), kept as a literal. */
const LANGUAGE_KEY = 'dialogo.lang';

/**
 * A fresh, isolated browser profile (own localStorage, IndexedDB and cookies) for one person. A
 * stored language is written before any page script runs, and only when absent, so what the app
 * changes later (sign-in, the language switch) survives reloads.
 */
export async function newPersonContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-GB', viewport: { width: 1100, height: 800 } });
  if (options.language) {
    await context.addInitScript(
      ([key, value]: [string, string]) => {
        if (window.localStorage.getItem(key) === null) window.localStorage.setItem(key, value);
      },
      [LANGUAGE_KEY, options.language] as [string, string],
    );
  }
  return context;
}

/** Demo accounts seeded with DEMO=true (server/src/seed/network.ts), all with {@link DEMO_PASSWORD}. */
export const DEMO_PASSWORD = 'dialogo-demo-2020';
export const DEMO_PEOPLE = {
  coordinator: { name: 'Chiara Bellini', email: 'coordinatore@cittadeldialogo.example' },
  reggioEmilia: { name: 'Marco Ferri', email: 'reggio-emilia@cittadeldialogo.example' },
  torino: { name: 'Sara Lombardi', email: 'torino@cittadeldialogo.example' },
  arezzo: { name: 'Paolo Neri', email: 'arezzo@cittadeldialogo.example' },
  expert: { name: 'Lorenzo Kihlgren Grandi', email: 'esperto@cittadeldialogo.example' },
} as const;

/**
 * Opens `url` and signs in through the sign-in form, as a person would (labels in either
 * language), then waits until the form has gone.
 */
export async function signInThroughForm(page: Page, url: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: /^(Accedi|Sign in)$/ }).click();
  await page.getByRole('button', { name: /^(Esci|Sign out)$/ }).waitFor();
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

/**
 * Saves a screenshot as `tests/.artifacts/<name>.png` and returns its path: the full page, or only
 * the window for a page so tall that rendering all of it takes longer than the test may wait.
 */
export async function screenshot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** The demo people prefer Italian: switches the signed-in page to English, for tests that read it. */
export async function switchToEnglish(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
}

/** The text of an editor as written, block by block, without the other participants' caret labels drawn inside it. */
export function writtenText(editor: Locator): Promise<string> {
  return editor.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return Array.from(copy.children)
      .map((block) => block.textContent ?? '')
      .join('\n');
  });
}
