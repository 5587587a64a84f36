import { performance } from 'node:perf_hooks';
import { TextAppender, fetchText, marker, markersOf, openSynced, scanMarkers, type Endpoint } from '../clients.ts';
import { newDataDir, newDocName, startServer, waitIdle, type BenchContext } from '../context.ts';
import { redisStats } from '../redis.ts';
import { RowSet, checkZero, type ScenarioResult } from '../results.ts';
import { sleep } from '../servers/process.ts';
import type { RunningServer } from '../servers/index.ts';

const WARMUP_MS = 500;

/** One throughput run. */
interface ThroughputRun {
  updatesPerSecond: number;
  /** CPU of the benchmark process itself (all clients), to show it is not the bottleneck. */
  benchCpuPercent: number;
  cpuMsPer1000: number;
  redisCpuMsPer1000: number;
  lost: number;
  /** Echoes out of order, duplicated or unknown. */
  mismatched: number;
  /** 1 when the server's copy lacks or misorders some accepted update. */
  divergent: number;
  /** The server's text after the run, for the restart check. */
  text: string;
  name: string;
}

/**
 * Writers send as fast as the server takes them, each with at most `inFlight` updates not yet
 * echoed to a separate reader. Writers do not parse what the server sends them (they only count
 * bytes), so the benchmark process stays cheaper than the server it measures.
 */
async function measureThroughput(
  server: RunningServer,
  endpoint: Endpoint,
  { writers, inFlight, durationMs }: { writers: number; inFlight: number; durationMs: number },
  withRedis: boolean,
): Promise<ThroughputRun> {
  const name = newDocName('throughput');
  const [reader] = await openSynced(endpoint, [name]);
  const ws = await openSynced(endpoint, Array(writers).fill(name));
  for (const w of ws) w.socket.discard = true;
  const appenders = ws.map(() => new TextAppender());
  const sent = new Array<number>(writers).fill(0);
  const acked = new Array<number>(writers).fill(0);
  let sending = true;
  let measuring = false;
  let inWindow = 0;
  let mismatched = 0;

  const pump = (w: number) => {
    while (sending && sent[w]! - acked[w]! < inFlight) {
      ws[w]!.sendUpdate(appenders[w]!.next(marker(w, sent[w]!)));
      sent[w]!++;
    }
  };
  reader!.onUpdate = (update) =>
    scanMarkers(update, (w, seq) => {
      // One writer's updates come back in the order it sent them.
      if (w >= writers || seq !== acked[w]) return void mismatched++;
      acked[w]!++;
      if (measuring) inWindow++;
      pump(w);
    });

  for (let w = 0; w < writers; w++) pump(w);
  await sleep(WARMUP_MS);
  const cpu0 = server.cpuMs();
  const own0 = process.cpuUsage();
  const redis0 = withRedis ? (await redisStats()).cpuMs : 0;
  const t0 = performance.now();
  measuring = true;
  await sleep(durationMs);
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = server.cpuMs() - cpu0;
  const own = process.cpuUsage(own0);
  const redisCpuMs = withRedis ? (await redisStats()).cpuMs - redis0 : Number.NaN;
  const counted = inWindow;
  sending = false;

  const deadline = performance.now() + 10_000;
  while (acked.some((a, w) => a < sent[w]!) && performance.now() < deadline) await sleep(20);
  const lost = sent.reduce((s, n, w) => s + n - acked[w]!, 0);

  const text = await fetchText(endpoint, name);
  reader!.close();
  for (const w of ws) w.close();
  return {
    updatesPerSecond: counted / seconds,
    benchCpuPercent: (own.user + own.system) / 1000 / seconds / 10,
    cpuMsPer1000: (cpuMs / counted) * 1000,
    redisCpuMsPer1000: (redisCpuMs / counted) * 1000,
    lost,
    mismatched,
    divergent: hasEverySent(text, sent) ? 0 : 1,
    text,
    name,
  };
}

/** True when every writer's updates 0..sent-1 are in the text exactly once and in order. */
function hasEverySent(text: string, sent: number[]): boolean {
  const next = sent.map(() => 0);
  for (const [w, seq] of markersOf(text)) {
    if (w >= sent.length || seq !== next[w]) return false;
    next[w]!++;
  }
  return next.every((n, w) => n === sent[w]);
}

/** Scenario 2: 20 writers on one document, as fast as the server accepts. */
export async function throughputScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const plan = ctx.plan.throughput;
  const rows = new RowSet();
  const notes: string[] = [];
  for (const kind of ctx.servers) {
    const dataDir = newDataDir();
    let server = await startServer(ctx, kind, 'local', { dataDir });
    let last: ThroughputRun | null = null;
    try {
      for (let rep = 0; rep < plan.reps; rep++) {
        last = await measureThroughput(server, server.endpoint, plan, kind.id === 'dialogo');
        ctx.log(`throughput ${kind.id}: ${last.updatesPerSecond.toFixed(0)} updates/s, ${last.cpuMsPer1000.toFixed(1)} CPU ms/1000, lost ${last.lost}`);
        rows.add(kind.id, 'updates/s accepted', last.updatesPerSecond, { unit: 'updates/s', better: 'higher', target: { op: '>=', value: 30_000 } });
        rows.add(kind.id, 'server CPU per 1,000 updates', last.cpuMsPer1000, { unit: 'ms', better: 'lower' });
        rows.add(kind.id, 'benchmark process CPU (all clients)', last.benchCpuPercent, { unit: '% core', better: 'lower', noRatio: true });
        if (kind.id === 'dialogo') {
          rows.add(kind.id, 'Redis CPU per 1,000 updates (shared Redis)', last.redisCpuMsPer1000, { unit: 'ms', better: 'lower', noRatio: true });
        }
        const zero = { unit: 'count', better: 'lower', mustBeZero: true } as const;
        rows.add(kind.id, 'lost updates', last.lost, zero);
        rows.add(kind.id, 'echoes out of order or duplicated', last.mismatched, zero);
        rows.add(kind.id, 'server copy missing or misordering an update', last.divergent, zero);
        await waitIdle(server);
      }
      // Persisted? Stop gracefully once the server is idle, start again on the same data and compare.
      await waitIdle(server);
      await server.stop();
      server = await startServer(ctx, kind, 'local', { dataDir });
      const reloaded = await fetchText(server.endpoint, last!.name, last!.text);
      rows.add(kind.id, 'last run not identical after a graceful restart', reloaded === last!.text ? 0 : 1, {
        unit: 'count',
        better: 'lower',
        mustBeZero: true,
      });
    } finally {
      await server.stop();
    }
  }
  const list = rows.list();
  const failures: string[] = [];
  checkZero(list, failures);
  notes.push(
    'Dialogo stores every update in Redis before applying and relaying it, so an accepted update is already persisted; ' +
      'Hocuspocus writes the whole document to SQLite debounced (2 s, at most 10 s); y-websocket-server appends each update ' +
      'to LevelDB after relaying it. The restart row checks that all three kept the last run after a graceful stop.',
    "Redis CPU is read from Redis's INFO on the machine's shared Redis: other clients' work is included.",
  );
  return {
    id: 'throughput',
    title: '2. Throughput',
    method:
      `${plan.writers} writers on one document, each with at most ${plan.inFlight} updates in flight (sent but not yet ` +
      `seen by a separate reader), for ${plan.durationMs / 1000} s after a ${WARMUP_MS} ms warm-up. Accepted = updates ` +
      'echoed to the reader within the window. CPU is user + system time of the server process from /proc.',
    rows: list,
    notes,
    failures,
    servers: ctx.servers.map((s) => s.id),
  };
}
