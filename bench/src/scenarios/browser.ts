import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { api, signInAs } from '../api.ts';
import { launchChromium, signedInContext } from '../chromium.ts';
import { startServer, type BenchContext } from '../context.ts';
import type { Row, ScenarioResult } from '../results.ts';
import { DEMO_COORDINATOR, dialogo } from '../servers/dialogo.ts';
import type { HttpSide } from '../servers/index.ts';
import { ROOT } from '../servers/process.ts';
import { latencySummary, median } from '../stats.ts';

const DIST = path.join(ROOT, 'client/dist');
/** The minutes page's ProseMirror root once it accepts input. */
const EDITOR = '[data-testid="minutes-editor"][contenteditable="true"]';
/** Time between two keystrokes of the typing measurement: a fast typist. */
const KEYSTROKE_GAP_MS = 50;

/**
 * Installed in every page before its scripts: `__bench.watch(c)` starts counting the character
 * `c` in the editor's text (remote carets' name labels left out) and stamps each new occurrence
 * with the wall-clock time (`performance.timeOrigin + performance.now()`, comparable across
 * pages of one machine), from a MutationObserver, so no polling delay is part of a figure; each
 * keydown of `c` is stamped the same way.
 */
const PAGE_PROBE = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const b = (window.__bench = { char: null, base: 0, keys: [], seen: [], editableAt: null });
  // When the editor first turned contenteditable (ms since navigation start).
  const ready = new MutationObserver(() => {
    if (document.querySelector('[data-testid="minutes-editor"][contenteditable="true"]')) {
      b.editableAt = performance.now();
      ready.disconnect();
    }
  });
  ready.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['contenteditable'] });
  b.count = () => {
    const el = document.querySelector('[data-testid="minutes-editor"]');
    if (!el || !b.char) return 0;
    let n = 0;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (t.parentElement && t.parentElement.closest('.collaboration-carets__caret')) continue;
      for (const c of t.data) if (c === b.char) n++;
    }
    return n;
  };
  b.watch = (char) => {
    b.char = char;
    b.keys = [];
    b.seen = [];
    b.base = b.count();
    new MutationObserver(() => {
      const n = b.count() - b.base;
      while (b.seen.length < n) b.seen.push(now());
    }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
  };
  document.addEventListener('keydown', (e) => { if (b.char && e.key === b.char) b.keys.push(now()); }, true);
})();`;

interface BenchProbe {
  keys: number[];
  seen: number[];
}
const probe = (page: Page) => page.evaluate('({ keys: window.__bench.keys, seen: window.__bench.seen })') as Promise<BenchProbe>;
const watch = (page: Page, char: string) => page.evaluate(`window.__bench.watch(${JSON.stringify(char)})`);

/**
 * Scenario 7: the JavaScript a browser downloads for `/d/<name>` (gzipped), then, in headless
 * Chromium against a Dialogo that serves the built client, how soon the minutes editor accepts
 * typing and how soon a keystroke shows in another browser. A placeholder when the client is not
 * built.
 */
export async function browserScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const base = { id: 'browser', title: '7. The browser', notes: [] as string[], failures: [] as string[] };
  const index = path.join(DIST, 'index.html');
  if (!existsSync(index)) {
    return { ...base, rows: [], servers: [], method: '', placeholder: 'client not built (client/dist missing): run `pnpm build` first' };
  }
  const html = readFileSync(index, 'utf8');
  const entry = [...new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!))];
  const reachable = closure(entry);
  const entrySize = sizes(entry);
  const allSize = sizes(reachable);
  ctx.log(`browser: entry ${(entrySize.gzip / 1024).toFixed(1)} KB gzipped; with lazy chunks ${(allSize.gzip / 1024).toFixed(1)} KB`);
  const kb = (bytes: number) => [bytes / 1024];
  const rows: Row[] = [
    { metric: 'JS referenced by index.html, gzipped', unit: 'KB', better: 'lower', summary: true, runs: { dialogo: kb(entrySize.gzip) } },
    {
      metric: 'JS referenced by index.html + chunks it imports (lazy routes included), gzipped',
      unit: 'KB',
      better: 'lower',
      runs: { dialogo: kb(allSize.gzip) },
    },
    { metric: 'the same, uncompressed', unit: 'KB', better: 'lower', runs: { dialogo: kb(allSize.raw) } },
  ];
  const measured = ctx.servers.some((k) => k.id === 'dialogo') ? await measureInChromium(ctx) : undefined;
  if (measured) {
    const loaded = sizes(measured.scripts);
    ctx.log(`browser: minutes page loaded ${measured.scripts.length} scripts, ${(loaded.gzip / 1024).toFixed(1)} KB gzipped: ${chunkList(measured.scripts)}`);
    rows.unshift({
      metric: 'JS a first load of a minutes page runs (gzip)',
      unit: 'KB',
      better: 'lower',
      target: { op: '<=', value: 250 },
      runs: { dialogo: kb(loaded.gzip) },
    });
    const ms = { unit: 'ms', better: 'lower' } as const;
    rows.push(
      {
        ...ms,
        metric: 'navigation start to a typed character in the editor, median of fresh loads',
        target: { op: '<', value: 1000 },
        runs: { dialogo: [median(measured.editableMs)] },
      },
      { ...ms, metric: 'the same, slowest load', runs: { dialogo: [Math.max(...measured.editableMs)] } },
      { ...ms, metric: 'navigation start to the editor turning contenteditable, median', runs: { dialogo: [median(measured.contentEditableMs)] } },
      { ...ms, metric: 'keystroke to the other browser, p50', runs: { dialogo: [measured.typing.p50] } },
      { ...ms, metric: 'keystroke to the other browser, p95', target: { op: '<', value: 50 }, runs: { dialogo: [measured.typing.p95] } },
      { ...ms, metric: 'keystroke to the other browser, max', runs: { dialogo: [measured.typing.max] } },
      { metric: 'keystrokes that never reached the other browser', unit: 'count', better: 'lower', mustBeZero: true, runs: { dialogo: [measured.lost] } },
    );
    if (measured.lost > 0) base.failures.push(`dialogo: ${measured.lost} of ${ctx.plan.browser.keystrokes} keystrokes never reached the other browser`);
  }
  const { loads, keystrokes } = ctx.plan.browser;
  return {
    ...base,
    rows,
    method:
      `Scripts referenced by client/dist/index.html (${entry.join(', ') || 'none'}), then every chunk those import, ` +
      `statically or lazily (${reachable.filter((f) => !entry.includes(f)).join(', ') || 'none'}); gzip level 9. ` +
      (measured
        ? 'Then headless Chromium (system /usr/bin/chromium through playwright-core) against a Dialogo instance serving that ' +
          'build, signed in as the coordinator over HTTP (the session cookie set in each browser context). **Editable**: ' +
          `${loads} loads of a minutes page (\`/d/<name>\`), each in a fresh context (empty cache); time from navigation start ` +
          '(`performance.timeOrigin`) until a character typed into the editor, as soon as it is `contenteditable`, appears in it ' +
          '(seen by a MutationObserver in the page; includes the few ms the automation takes to focus and press the key). ' +
          `The scripts those loads ran are gzipped as above (largest first: ${chunkList(measured.scripts)}). **Typing**: two contexts on one minutes page; page A presses ` +
          `one key every ${KEYSTROKE_GAP_MS} ms, ${keystrokes} times; A stamps each keydown and B stamps each new occurrence ` +
          'of the character in its editor (a MutationObserver), both with `performance.timeOrigin + performance.now()`.'
        : 'Typing latency is not measured: no Dialogo in this run.'),
    servers: ['dialogo'],
  };
}

/** Runs the page loads and the two-browser typing against one Dialogo instance. */
async function measureInChromium(
  ctx: BenchContext,
): Promise<{ editableMs: number[]; contentEditableMs: number[]; scripts: string[]; typing: ReturnType<typeof latencySummary>; lost: number }> {
  const { loads, keystrokes } = ctx.plan.browser;
  const server = await startServer(ctx, dialogo, 'local');
  let browser: Browser | undefined;
  try {
    const http = server.http!;
    const newMinutes = async (title: string) =>
      (await api<{ document: { name: string } }>(http, '/api/documents', { method: 'POST', json: { title, kind: 'minutes' } })).document.name;
    // One session for every context: a cookie carries it, and each sign-in would hash a password.
    const { cookie } = await signInAs(http, DEMO_COORDINATOR, http.demoPassword);
    browser = await launchChromium();
    const editableMs: number[] = [];
    const contentEditableMs: number[] = [];
    let scripts: string[] = [];
    const loadDoc = await newMinutes('Bench: caricamento');
    for (let i = 0; i < loads; i++) {
      const context = await signedInContext(browser, http, cookie);
      await context.addInitScript(PAGE_PROBE);
      const page = await context.newPage();
      const ms = await timeToEditable(page, http, loadDoc);
      editableMs.push(ms.typed);
      contentEditableMs.push(ms.editable);
      if (i === 0) scripts = await scriptsOf(page);
      await context.close();
    }
    ctx.log(
      `browser: typed character shown after ${editableMs.map((m) => m.toFixed(0)).join(', ')} ms (contenteditable after ${contentEditableMs.map((m) => m.toFixed(0)).join(', ')} ms)`,
    );
    const typing = await typingLatency(browser, http, await newMinutes('Bench: scrittura'), keystrokes, cookie);
    ctx.log(`browser: keystroke to the other browser p50 ${typing.p50.toFixed(1)} ms, p95 ${typing.p95.toFixed(1)} ms, ${typing.lost} lost`);
    return { editableMs, contentEditableMs, scripts, typing, lost: typing.lost };
  } finally {
    await browser?.close();
    await server.stop();
  }
}

/** One fresh load: navigation start to the editor turning contenteditable, and to a typed character shown in it, in ms. */
async function timeToEditable(page: Page, http: HttpSide, name: string): Promise<{ typed: number; editable: number }> {
  await page.goto(`${http.url}/d/${name}`, { waitUntil: 'commit' });
  const editor = page.locator(EDITOR);
  await editor.waitFor({ timeout: 20_000 });
  await watch(page, 'k');
  await editor.focus();
  await page.keyboard.press('k');
  await page.waitForFunction('window.__bench.seen.length > 0', undefined, { timeout: 10_000, polling: 20 });
  return page.evaluate('({ typed: window.__bench.seen[0] - performance.timeOrigin, editable: window.__bench.editableAt })') as Promise<{
    typed: number;
    editable: number;
  }>;
}

/** The `assets/*.js` files the page loaded, as paths under client/dist. */
async function scriptsOf(page: Page): Promise<string[]> {
  const urls = (await page.evaluate(`performance.getEntriesByType('resource').map((e) => e.name)`)) as string[];
  const files = urls.map((u) => new URL(u).pathname.replace(/^\//, '')).filter((p) => p.startsWith('assets/') && p.endsWith('.js'));
  return [...new Set(files)].filter((f) => existsSync(path.join(DIST, f)));
}

/** Page A types `count` keys, one every KEYSTROKE_GAP_MS; how long each takes to show in page B. */
async function typingLatency(browser: Browser, http: HttpSide, name: string, count: number, cookie: string) {
  const pages = await Promise.all(
    [0, 1].map(async () => {
      const context = await signedInContext(browser, http, cookie);
      await context.addInitScript(PAGE_PROBE);
      const page = await context.newPage();
      await page.goto(`${http.url}/d/${name}`);
      await page.locator(EDITOR).waitFor({ timeout: 20_000 });
      return page;
    }),
  );
  const [a, b] = pages as [Page, Page];
  // Let both pages finish syncing (and show each other's caret) before timing.
  await a.waitForTimeout(1000);
  await Promise.all([watch(a, 'x'), watch(b, 'x')]);
  await a.locator(EDITOR).focus();
  for (let i = 0; i < count; i++) {
    await a.keyboard.press('x');
    await a.waitForTimeout(KEYSTROKE_GAP_MS);
  }
  await b.waitForFunction(`window.__bench.seen.length >= ${count}`, undefined, { timeout: 10_000, polling: 50 }).catch(() => undefined);
  const [sent, got] = await Promise.all([probe(a), probe(b)]);
  const samples = new Float64Array(Math.min(sent.keys.length, got.seen.length));
  for (let i = 0; i < samples.length; i++) samples[i] = got.seen[i]! - sent.keys[i]!;
  await Promise.all(pages.map((p) => p.context().close()));
  return { ...latencySummary(samples), lost: count - got.seen.length };
}

/** Every `assets/*.js` reachable from `start` through the chunk names each file mentions. */
function closure(start: string[]): string[] {
  const seen = new Set(start);
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    const code = readFileSync(path.join(DIST, file), 'utf8');
    for (const m of code.matchAll(/["'`](?:\.\/|\/assets\/|assets\/)([\w.-]+\.js)["'`]/g)) {
      const next = `assets/${m[1]}`;
      if (!seen.has(next) && existsSync(path.join(DIST, next))) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen];
}

/** `name 12.3 KB, …` for each file, largest gzipped size first (the report's chunk-by-chunk view). */
function chunkList(files: string[]): string {
  return files
    .map((file) => ({ name: path.basename(file).replace(/-[\w-]{8}\.js$/, ''), gzip: sizes([file]).gzip }))
    .sort((a, b) => b.gzip - a.gzip)
    .map((c) => `${c.name} ${(c.gzip / 1024).toFixed(1)} KB`)
    .join(', ');
}

function sizes(files: string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(DIST, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}
