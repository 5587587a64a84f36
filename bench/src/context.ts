import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServerKind, ServerOptions, RunningServer, StoreMode } from './servers/index.ts';

/** Sizes of every scenario; `--quick` shrinks durations and repetitions, never client counts. */
export interface Plan {
  fanout: { counts: number[]; rate: number; durationMs: number; reps: number };
  throughput: { writers: number; inFlight: number; durationMs: number; reps: number };
  coldLoad: { updates: number; reps: number };
  memory: { docs: number; warmupDocs: number; reps: number };
  twoInstances: { clients: number; rate: number; durationMs: number; reps: number };
  polls: { inFlight: number; durationMs: number; reps: number };
  browser: { loads: number; keystrokes: number; reps: number };
  /** Issue 7, inside cold load (Dialogo): named versions on one of two notes, loads of each. */
  versions: { count: number; docUpdates: number; rounds: number };
  /** Issue 15: sockets that flood a large document with sync requests and never read. */
  syncFlood: { attackers: number; requestIntervalMs: number; editIntervalMs: number; durationMs: number; reps: number };
}

/** `pnpm bench`: 10 s runs, three of each, so medians mean something (about 15 minutes). */
export const FULL_PLAN: Plan = {
  fanout: { counts: [10, 100, 300, 1000], rate: 20, durationMs: 10_000, reps: 3 },
  throughput: { writers: 20, inFlight: 8, durationMs: 10_000, reps: 3 },
  coldLoad: { updates: 20_000, reps: 3 },
  memory: { docs: 1000, warmupDocs: 100, reps: 3 },
  twoInstances: { clients: 300, rate: 20, durationMs: 10_000, reps: 3 },
  polls: { inFlight: 4, durationMs: 10_000, reps: 3 },
  browser: { loads: 7, keystrokes: 100, reps: 1 },
  versions: { count: 500, docUpdates: 2_000, rounds: 25 },
  syncFlood: { attackers: 8, requestIntervalMs: 10, editIntervalMs: 20, durationMs: 10_000, reps: 3 },
};

/** `pnpm bench --quick`: 3 s runs, one of each, under three minutes; the same client counts. */
export const QUICK_PLAN: Plan = {
  fanout: { counts: [10, 100, 300, 1000], rate: 20, durationMs: 1_500, reps: 1 },
  throughput: { writers: 20, inFlight: 8, durationMs: 2_000, reps: 1 },
  coldLoad: { updates: 20_000, reps: 1 },
  memory: { docs: 1000, warmupDocs: 100, reps: 1 },
  twoInstances: { clients: 300, rate: 20, durationMs: 1_500, reps: 1 },
  polls: { inFlight: 4, durationMs: 3_000, reps: 1 },
  browser: { loads: 3, keystrokes: 30, reps: 1 },
  versions: { count: 500, docUpdates: 2_000, rounds: 15 },
  syncFlood: { attackers: 8, requestIntervalMs: 10, editIntervalMs: 20, durationMs: 3_000, reps: 1 },
};

/** What every scenario gets from the runner. */
export interface BenchContext {
  quick: boolean;
  plan: Plan;
  servers: ServerKind[];
  /** Folder for V8 CPU profiles of Dialogo (`--profile`), else undefined. */
  profileDir?: string;
  /** The one Redis prefix of this run; every key under it is deleted at the end. */
  redisPrefix: string;
  log(message: string): void;
}

let docCounter = 0;
/** A fresh document name of a kind every server accepts (Dialogo checks `kind:id`). */
export function newDocName(label: string): string {
  return `note:bench-${label}-${process.pid}-${++docCounter}`;
}

const dataDirs = new Set<string>();

/** A fresh temporary folder for one server's files; removed by `removeDataDirs` at the end. */
export function newDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dialogo-bench-'));
  dataDirs.add(dir);
  return dir;
}

/** Removes every folder `newDataDir` made (SQLite, LevelDB and Dialogo's data of this run). */
export function removeDataDirs(): void {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  dataDirs.clear();
}

/**
 * Starts a server for a scenario; Dialogo gets the profiler when `--profile` is on. The Redis
 * prefix is per server kind, so instances of one kind share documents and kinds never meet.
 */
export function startServer(ctx: BenchContext, kind: ServerKind, mode: StoreMode, extra: Partial<ServerOptions> = {}): Promise<RunningServer> {
  return kind.start({
    mode,
    dataDir: extra.dataDir ?? newDataDir(),
    redisPrefix: extra.redisPrefix ?? `${ctx.redisPrefix}:${kind.id}`,
    env: extra.env,
    cpuProfDir: kind.id === 'dialogo' ? ctx.profileDir : undefined,
  });
}

/** Waits until the server has used no CPU for `quietMs` (it finished storing, compacting, unloading). */
export async function waitIdle(server: RunningServer, quietMs = 500, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = server.cpuMs();
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const now = server.cpuMs();
    // 10 ms per 100 ms poll is one clock tick of noise (timers, pings).
    if (now - last > 10) quietSince = Date.now();
    last = now;
    if (Date.now() - quietSince >= quietMs) return;
  }
}
