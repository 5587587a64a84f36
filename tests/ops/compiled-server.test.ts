import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN } from '../helpers/server.ts';
import { signIn } from '../helpers/session.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join(ROOT, 'server/dist/main.js');

/**
 * `pnpm start` runs the server compiled by `pnpm build` (server/build.mjs) with plain Node: no
 * TypeScript loader at run time. The other tests run the sources through tsx; this one checks
 * that what users start is the same server: it listens, signs in, serves the app and the API, and
 * keeps what was written across a restart.
 */
describe('the compiled server', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dialogo-compiled-'));
  let child: ChildProcess | null = null;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<{ url: string; output: () => string }> {
    const proc = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        REDIS_URL: '',
        DEMO: 'false',
        LOG_LEVEL: 'warn',
        ADMIN_EMAIL: TEST_ADMIN.email,
        ADMIN_PASSWORD: TEST_ADMIN.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    const port = await new Promise<number>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    return { url: `http://127.0.0.1:${port}`, output: () => output };
  }

  async function stop(): Promise<number | null> {
    const proc = child!;
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    child = null;
    return exited;
  }

  it('is plain JavaScript: one module and its chunks, loaded without a TypeScript loader', () => {
    expect(existsSync(MAIN), 'run `pnpm build` first').toBe(true);
    const code = readFileSync(MAIN, 'utf8');
    expect(code).not.toMatch(/from ["'][^"']+\.ts["']/);
    // No import, require or --import of the tsx loader (file names such as `DocumentRoute.tsx`, the
    // client's modules the server hints from Vite's manifest, are only strings).
    expect(code).not.toMatch(/["']tsx(\/[\w/-]*)?["']/);
  });

  it('serves the app and the API, and keeps a document title across a restart', async () => {
    let server = await start();
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"');
    const cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const created = await fetch(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ title: 'Scritto dal server compilato', kind: 'minutes' }),
    });
    expect(created.status).toBe(201);
    expect(await stop()).toBe(0);

    server = await start();
    const again = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const list = (await (await fetch(`${server.url}/api/documents`, { headers: { cookie: again } })).json()) as { documents: { title: string }[] };
    expect(list.documents.map((d) => d.title)).toContain('Scritto dal server compilato');
    expect(await stop()).toBe(0);
  });
});
