import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REDIS_URL, uniquePrefix } from './redis.ts';
import { signIn } from './session.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join(ROOT, 'server/src/main.ts');
// Node itself with tsx as a loader: the PID we signal is the server, not a launcher whose child
// would survive a SIGKILL.
const TSX_LOADER = path.join(ROOT, 'server/node_modules/tsx/dist/loader.mjs');

/** Options of a test server process. */
export interface StartOptions {
  store?: 'embedded' | 'redis';
  /** Redis key prefix; a fresh one by default. Pass the same to share documents between processes. */
  prefix?: string;
  /** Embedded store folder; a fresh temp folder by default. Pass the same to restart on the same data. */
  dataDir?: string;
  /** Fixed port (to restart on the same address); a free one by default. */
  port?: number;
  env?: Record<string, string>;
  /** Flags for Node itself (e.g. `--inspect=127.0.0.1:0` to measure the heap from a test). */
  nodeArgs?: string[];
}

/** A real server process on its own port. */
export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  prefix: string;
  dataDir: string;
  process: ChildProcess;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing flushed. */
  kill(): Promise<void>;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** The bootstrap coordinator every test server has (ADMIN_EMAIL / ADMIN_PASSWORD). */
  admin: { email: string; password: string };
  /** A session cookie of the bootstrap coordinator, signed in once per server. */
  adminCookie(): Promise<string>;
}

/** The first coordinator of every test server. */
export const TEST_ADMIN = { email: 'admin@dialogo.test', password: 'admin-password-123' };

const started = new Set<TestServer>();

/**
 * Spawns `server/src/main.ts` the way users run it and resolves once it listens. The process reads
 * its configuration from the environment only, like in production.
 */
export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const store = opts.store ?? 'embedded';
  const prefix = opts.prefix ?? uniquePrefix('srv');
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'dialogo-test-'));
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', pathToFileURL(TSX_LOADER).href, MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(opts.port ?? 0),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      DATA_DIR: dataDir,
      REDIS_URL: store === 'redis' ? REDIS_URL : '',
      REDIS_PREFIX: prefix,
      DEMO: 'false',
      DOC_UNLOAD_DELAY_MS: '200',
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.TEST_SERVER_OUTPUT) process.stderr.write(chunk);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
    // Generous: on a loaded 2-core machine a cold start (tsx compiling the server) can take a while.
    const timer = setTimeout(() => {
      // Not left running behind the failed test.
      child.kill('SIGKILL');
      reject(
        new Error(`server did not start in 60 s:
${output}`),
      );
    }, 60_000);
    timer.unref();
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    child.once('exit', () => resolve());
  });
  let adminCookie: Promise<string> | null = null;
  const server: TestServer = {
    admin: TEST_ADMIN,
    output: () => output,
    adminCookie() {
      adminCookie ??= signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
      return adminCookie;
    },
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    prefix,
    dataDir,
    process: child,
    async stop() {
      started.delete(server);
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      started.delete(server);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  started.add(server);
  return server;
}

/** Stops every server a test file started and removes temp folders it made. */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...started].map((s) => s.kill()));
}

/** Removes an embedded store folder after the test. */
export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
