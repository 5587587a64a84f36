import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchContext } from '../context.ts';
import type { ScenarioResult } from '../results.ts';
import { ROOT } from '../servers/process.ts';

const DIST = path.join(ROOT, 'client/dist');

/**
 * Scenario 7: the JavaScript a browser downloads for `/d/<name>`: every `assets/*.js` that the
 * built index.html references (entry script and modulepreloads), gzipped. Typing latency is not
 * measured. A placeholder when the client is not built.
 */
export async function browserScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const base = { id: 'browser', title: '7. The browser', rows: [], notes: [], failures: [], servers: [] };
  const index = path.join(DIST, 'index.html');
  if (!existsSync(index)) {
    return { ...base, method: '', placeholder: 'client not built (client/dist missing): run `pnpm build` first' };
  }
  const html = readFileSync(index, 'utf8');
  const entry = [...new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!))];
  const reachable = closure(entry);
  const entrySize = sizes(entry);
  const allSize = sizes(reachable);
  ctx.log(`browser: entry ${(entrySize.gzip / 1024).toFixed(1)} KB gzipped; with lazy chunks ${(allSize.gzip / 1024).toFixed(1)} KB`);
  const kb = (bytes: number) => [bytes / 1024];
  return {
    ...base,
    method:
      `Scripts referenced by client/dist/index.html (${entry.join(', ') || 'none'}), then every chunk those import, ` +
      `statically or lazily (${reachable.filter((f) => !entry.includes(f)).join(', ') || 'none'}); gzip level 9. ` +
      'Typing latency is not measured.',
    rows: [
      { metric: 'JS referenced by index.html, gzipped', unit: 'KB', better: 'lower', summary: true, runs: { dialogo: kb(entrySize.gzip) } },
      { metric: 'JS referenced by index.html + chunks it imports (lazy routes included), gzipped', unit: 'KB', better: 'lower', summary: true, runs: { dialogo: kb(allSize.gzip) } },
      { metric: 'the same, uncompressed', unit: 'KB', better: 'lower', runs: { dialogo: kb(allSize.raw) } },
    ],
    servers: ['dialogo'],
  };
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
