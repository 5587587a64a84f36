import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Endpoint } from '../clients.ts';
import type { HttpSide, MemoryUsage, RunningServer } from './types.ts';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The bench package folder. */
export const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));
const PROBE = fileURLToPath(new URL('../probe.mjs', import.meta.url));
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

let probeDir = '';
/** Sets the folder the probe writes memory answers into; called once by run.ts. */
export function setProbeDir(dir: string): void {
  probeDir = dir;
}

/** Options of one server child process. */
export interface SpawnOptions {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Matches the "listening" line; group 1 is the port when the server picked it. */
  ready: RegExp;
  cpuProfDir?: string;
  /** Called with each line of output (e.g. to pick up a printed password). */
  onLine?: (line: string) => void;
}

/** A spawned server and the process that actually serves. */
export interface ServerProcess {
  child: ChildProcess;
  /** The serving process: the launcher itself or the node process it started (tsx runs one). */
  pid: number;
  /** Port from the ready line, when it has one. */
  port: number;
  output(): string;
  cpuMs(): number;
  rssBytes(): number;
  memory(): Promise<MemoryUsage>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

const live = new Set<ServerProcess>();

/** Spawns a server child with the memory probe preloaded and waits for its ready line. */
export async function spawnServer(opts: SpawnOptions): Promise<ServerProcess> {
  const child = spawn(opts.command, opts.args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...opts.env,
      NODE_OPTIONS: `--import=${pathToFileURL(PROBE).href}`,
      BENCH_PROBE_DIR: probeDir,
      ...(opts.cpuProfDir ? { BENCH_CPU_PROF_DIR: opts.cpuProfDir } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let partial = '';
  const onChunk = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (output.length > 200_000) output = output.slice(-100_000);
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) opts.onLine?.(line);
  };
  child.stdout!.on('data', onChunk);
  child.stderr!.on('data', onChunk);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.label} did not start in 30 s:\n${output}`)), 30_000);
    const check = () => {
      const match = opts.ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1] ?? 0));
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${opts.label} exited with ${code} before listening:\n${output}`));
    });
  });
  const pid = servingPid(child.pid!);
  const proc: ServerProcess = {
    child,
    pid,
    port,
    output: () => output,
    cpuMs: () => readCpuMs(pid),
    rssBytes: () => readRss(pid),
    memory: () => askMemory(pid),
    async stop() {
      live.delete(proc);
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => {
        killPid(pid);
        child.kill('SIGKILL');
      }, 20_000);
      await exited;
      await waitGone(pid);
      clearTimeout(timer);
    },
    async kill() {
      live.delete(proc);
      killPid(pid);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      await waitGone(pid);
    },
  };
  live.add(proc);
  return proc;
}

/** The common interface over a spawned process and the endpoint its clients use. */
export function wrap(proc: ServerProcess, endpoint: Endpoint, http?: HttpSide): RunningServer {
  return {
    endpoint,
    http,
    pid: proc.pid,
    cpuMs: proc.cpuMs,
    rssBytes: proc.rssBytes,
    memory: proc.memory,
    stop: proc.stop,
    kill: proc.kill,
  };
}

/** Kills every server still running (the benchmark failed or was interrupted). */
export function killAllServers(): void {
  for (const proc of live) {
    killPid(proc.pid);
    proc.child.kill('SIGKILL');
  }
  live.clear();
}

/** A free loopback port, for servers that cannot listen on port 0 and report it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The deepest `node` process under `pid` (tsx's CLI runs the script in a child node). */
function servingPid(pid: number): number {
  for (const childPid of childrenOf(pid)) {
    if (comm(childPid) === 'node') return servingPid(childPid);
  }
  return pid;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  const taskDir = `/proc/${pid}/task`;
  if (!existsSync(taskDir)) return out;
  for (const tid of readdirSync(taskDir)) {
    try {
      const text = readFileSync(`${taskDir}/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    } catch {
      // the task ended meanwhile
    }
  }
  return out;
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted from the state field (3).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

function readRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

async function askMemory(pid: number): Promise<MemoryUsage> {
  const file = path.join(probeDir, `${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as MemoryUsage;
    await sleep(20);
  }
  throw new Error(`server process ${pid} did not answer the memory probe`);
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function waitGone(pid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (existsSync(`/proc/${pid}`) && Date.now() < deadline) {
    // A zombie stays listed until its parent reaps it; it no longer serves.
    try {
      if (/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) return;
    } catch {
      return;
    }
    await sleep(20);
  }
}

/** Promise-based sleep. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
