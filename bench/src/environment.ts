import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createClient } from 'redis';
import { REDIS_URL } from './redis.ts';
import { BENCH_DIR, ROOT } from './servers/process.ts';

/** The machine, the runtime and every version a reader needs to reproduce the figures. */
export interface Environment {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  loadAtStart: number[];
  loadAtEnd?: number[];
  commit: string;
  packages: Array<{ name: string; version: string; role: string }>;
  redis: string;
}

/** Finds `name`'s folder the way Node resolves packages from `fromDir` (its package.json need not be exported). */
function dirOf(fromDir: string, name: string): string {
  let dir = realpathSync(fromDir);
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${name} not found from ${fromDir}`);
    dir = parent;
  }
}

function versionOf(fromDir: string, name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(dirOf(fromDir, name), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** Read-only look at the checkout: the commit and whether the tree has local changes. */
function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT }).toString().trim();
    return dirty ? `${head} with local changes` : head;
  } catch {
    return 'unknown';
  }
}

async function redisDescription(): Promise<string> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const info = await client.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
    const aof = (await client.configGet('appendonly')).appendonly ?? '?';
    const save = (await client.configGet('save')).save ?? '?';
    return `Redis ${version} at ${REDIS_URL} (appendonly ${aof}, save "${save}"), shared with whatever else runs on the machine`;
  } finally {
    await client.close();
  }
}

/** Collects the environment at the start of a run. */
export async function describeEnvironment(): Promise<Environment> {
  const server = path.join(ROOT, 'server');
  const hp = dirOf(BENCH_DIR, '@hocuspocus/server');
  const yws = dirOf(BENCH_DIR, '@y/websocket-server');
  const sqlite = dirOf(BENCH_DIR, '@hocuspocus/extension-sqlite');
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAtStart: os.loadavg(),
    commit: commit(),
    redis: await redisDescription(),
    packages: [
      { name: 'yjs', version: versionOf(server, 'yjs'), role: 'the single copy every server uses (`pnpm why yjs`)' },
      { name: 'y-protocols', version: versionOf(server, 'y-protocols'), role: 'sync and awareness protocol' },
      { name: 'ws (Dialogo)', version: versionOf(server, 'ws'), role: "Dialogo's WebSocket server" },
      { name: 'redis (node-redis)', version: versionOf(server, 'redis'), role: "Dialogo's store and relay client" },
      { name: '@hocuspocus/server', version: versionOf(BENCH_DIR, '@hocuspocus/server'), role: 'reference' },
      { name: 'crossws', version: versionOf(hp, 'crossws'), role: "Hocuspocus's WebSocket layer" },
      { name: '@hocuspocus/extension-sqlite', version: versionOf(BENCH_DIR, '@hocuspocus/extension-sqlite'), role: 'Hocuspocus persistence on one machine' },
      { name: 'better-sqlite3', version: versionOf(sqlite, 'better-sqlite3'), role: 'under extension-sqlite (built from source here)' },
      { name: '@hocuspocus/extension-redis', version: versionOf(BENCH_DIR, '@hocuspocus/extension-redis'), role: 'Hocuspocus across instances' },
      { name: '@y/websocket-server', version: versionOf(BENCH_DIR, '@y/websocket-server'), role: 'reference, its own `y-websocket-server` bin' },
      { name: 'ws (y-websocket-server)', version: versionOf(yws, 'ws'), role: 'its optional dependency' },
      { name: 'y-leveldb', version: versionOf(yws, 'y-leveldb'), role: 'its `YPERSISTENCE` store' },
      { name: 'tsx', version: versionOf(server, 'tsx'), role: 'runs Dialogo and the Hocuspocus launcher' },
    ],
  };
}
