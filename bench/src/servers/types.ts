import type { Endpoint } from '../clients.ts';

/** How a server keeps documents during a run. */
export type StoreMode =
  /** Its own persistence for one machine (Dialogo: Redis; Hocuspocus: SQLite; y-websocket: LevelDB). */
  | 'local'
  /** Several instances sharing documents through Redis (the two-instance scenario). */
  | 'redis';

/** Options of one server process; every benchmarked server accepts the same. */
export interface ServerOptions {
  mode: StoreMode;
  /** Folder of file-based persistence; pass the same one to restart on the same data. */
  dataDir: string;
  /** Redis key prefix; instances that share documents share it. Deleted by the run at the end. */
  redisPrefix: string;
  /** Extra environment for the child (e.g. Dialogo's DOC_UNLOAD_DELAY_MS). */
  env?: Record<string, string>;
  /** Folder for a V8 CPU profile written when the process exits (`--cpu-prof`). */
  cpuProfDir?: string;
}

/** What `process.memoryUsage()` answered inside the server, after two full collections. */
export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** Dialogo's HTTP side, for the scenarios that use its API (polls, the browser, versions). */
export interface HttpSide {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The signed-in coordinator's `Cookie` header. */
  headers: Record<string, string>;
  /** The demo people's shared password (the one the server printed, or BENCH_DEMO_PASSWORD). */
  demoPassword: string;
}

/** A server process under test. */
export interface RunningServer {
  readonly endpoint: Endpoint;
  /** Only Dialogo has one. */
  readonly http?: HttpSide;
  /** The process that serves (not a launcher in front of it). */
  readonly pid: number;
  /** CPU time (user + system) of the serving process so far, in ms. */
  cpuMs(): number;
  /** Resident memory of the serving process, read from /proc. */
  rssBytes(): number;
  /** Asks the process for its memory after garbage collection. */
  memory(): Promise<MemoryUsage>;
  /** Graceful stop (SIGTERM): the server stores what it holds, as on a deploy. */
  stop(): Promise<void>;
  /** SIGKILL. */
  kill(): Promise<void>;
}

/** One benchmarked implementation; the scenarios only see this. */
export interface ServerKind {
  id: 'dialogo' | 'hocuspocus' | 'y-websocket';
  label: string;
  /** Whether it can run several instances over Redis. */
  supportsRedis: boolean;
  /** What it persisted to in each mode, for the report. */
  persistence: Record<StoreMode, string | null>;
  start(options: ServerOptions): Promise<RunningServer>;
}
