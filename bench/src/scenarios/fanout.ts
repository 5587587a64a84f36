import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import { type DocClient, TextAppender, fetchText, marker, openSynced, scanMarkers, textOf, type Endpoint } from '../clients.ts';
import { newDocName, startServer, type BenchContext } from '../context.ts';
import { RowSet, checkZero, type ScenarioResult } from '../results.ts';
import { sleep } from '../servers/process.ts';
import type { RunningServer } from '../servers/index.ts';
import { latencySummary } from '../stats.ts';

/** One fan-out run: a writer at a steady rate, `clients` receivers, every arrival timed. */
export interface FanoutRun {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Updates some receiver never got (summed over receivers). */
  lost: number;
  /** Markers whose embedded send time is not the one the writer recorded, or never sent. */
  mismatched: number;
  /** Updates a receiver got twice. */
  duplicates: number;
  /** Receivers (or the fresh client after the run) whose text differs from the writer's. */
  divergent: number;
  /** CPU of the server(s) while sending, in % of one core. */
  cpuPercent: number;
  /** Longest stall of the benchmark's own event loop while sending: client-side noise in every figure. */
  clientStallMs: number;
}

/** Parameters of one fan-out run. */
export interface FanoutParams {
  writer: Endpoint;
  readers: Endpoint;
  /** Servers whose CPU is measured (both instances in the two-instance scenario). */
  servers: RunningServer[];
  clients: number;
  rate: number;
  durationMs: number;
  label: string;
}

const WARMUP_UPDATES = 5;
/** A run whose benchmark process stalled longer than this is run again once (client-side noise). */
const STALL_LIMIT_MS = 40;

/**
 * `measureFanout`, run again once when the benchmark's own event loop stalled past
 * STALL_LIMIT_MS (another process took the CPU, or a collection in the benchmark): such a run
 * measures the benchmark, not the server. The run with the shorter stall is kept.
 */
export async function measureFanoutSteady(p: FanoutParams, log: (m: string) => void): Promise<FanoutRun> {
  const first = await measureFanout(p);
  if (first.clientStallMs <= STALL_LIMIT_MS) return first;
  log(`  benchmark process stalled ${first.clientStallMs.toFixed(0)} ms: running ${p.clients} clients again`);
  const second = await measureFanout(p);
  return second.clientStallMs < first.clientStallMs ? second : first;
}

/** Receiver state kept as small as possible: a bitmap, a count and the raw updates for the final check. */
interface Receiver {
  client: DocClient;
  seen: Uint8Array;
  count: number;
  updates: Uint8Array[];
}

/**
 * Runs one fan-out: receivers first, then the writer inserts `{b:<seq>:<sendTimeµs>}` every
 * 1/rate s; each receiver reads the marker from the update bytes and records now − send time.
 */
export async function measureFanout(p: FanoutParams): Promise<FanoutRun> {
  const name = newDocName(p.label);
  const total = Math.max(1, Math.round((p.rate * p.durationMs) / 1000));
  const sentAt = new Float64Array(total).fill(-1);
  const samples = new Float64Array(p.clients * total);
  let sampleCount = 0;
  let mismatched = 0;
  let duplicates = 0;

  const clients = await openSynced(p.readers, Array(p.clients).fill(name));
  const receivers: Receiver[] = clients.map((client) => ({ client, seen: new Uint8Array(total), count: 0, updates: [] }));
  for (const r of receivers) {
    r.client.onUpdate = (update, at) => {
      r.updates.push(update.slice());
      scanMarkers(update, (seq, sentMicros) => {
        if (seq >= total || sentAt[seq] !== sentMicros) return void mismatched++;
        if (r.seen[seq]) return void duplicates++;
        r.seen[seq] = 1;
        r.count++;
        samples[sampleCount++] = at - sentMicros / 1000;
      });
    };
  }
  const [writer] = await openSynced(p.writer, [name]);
  const appender = new TextAppender();
  const written: string[] = [];
  // Unmeasured warm-up updates (no marker), one per tick, so first-update costs on either side
  // (lazy compilation, first store write, a peer instance's first relay) stay out of the figures.
  for (let i = 0; i < WARMUP_UPDATES; i++) {
    const text = `warm-up ${i}. `;
    written.push(text);
    writer!.sendUpdate(appender.next(text));
    await sleep(50);
  }
  await sleep(250);

  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const cpuBefore = p.servers.reduce((s, srv) => s + srv.cpuMs(), 0);
  const start = performance.now() + 50;
  for (let seq = 0; seq < total; seq++) {
    const due = start + (seq * 1000) / p.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const micros = Math.round(performance.now() * 1000);
    sentAt[seq] = micros;
    const text = marker(seq, micros);
    written.push(text);
    writer!.sendUpdate(appender.next(text));
  }
  const elapsed = performance.now() - start;
  const cpuMs = p.servers.reduce((s, srv) => s + srv.cpuMs(), 0) - cpuBefore;
  loopDelay.disable();
  // The histogram counts the 1 ms resolution itself; what is above it is stall.
  const clientStallMs = Math.max(0, loopDelay.max / 1e6 - 1);

  // Everything should arrive within milliseconds; give stragglers 5 s before counting them lost.
  const deadline = performance.now() + 5000;
  while (receivers.some((r) => r.count < total) && performance.now() < deadline) await sleep(20);
  const lost = receivers.reduce((s, r) => s + (total - r.count), 0);

  const expected = written.join('');
  const divergent = await countDivergent(receivers, p.readers, name, expected);
  for (const r of receivers) r.client.close();
  writer!.close();
  await sleep(200); // let the server see the closes before the next run

  const latency = latencySummary(samples.subarray(0, sampleCount));
  return { ...latency, lost, mismatched, duplicates, divergent, cpuPercent: (cpuMs / elapsed) * 100, clientStallMs };
}

/**
 * Receivers that got the same update bytes end with the same document, so one document is built
 * per distinct stream (usually one) and compared with the writer's text; a fresh client checks
 * the server's own copy.
 */
async function countDivergent(receivers: Receiver[], endpoint: Endpoint, name: string, expected: string): Promise<number> {
  const groups = new Map<string, { updates: Uint8Array[]; members: number }>();
  for (const r of receivers) {
    const hash = createHash('sha1');
    for (const u of r.updates) hash.update(u);
    const key = hash.digest('hex');
    const group = groups.get(key);
    if (group) group.members++;
    else groups.set(key, { updates: r.updates, members: 1 });
  }
  let divergent = 0;
  for (const group of groups.values()) if (textOf(group.updates) !== expected) divergent += group.members;
  if ((await fetchText(endpoint, name, expected, 2000)) !== expected) divergent++;
  return divergent;
}

/** Scenario 1: one writer, 10 to 1,000 receivers on one document of one server. */
export async function fanoutScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const { counts, rate, durationMs, reps } = ctx.plan.fanout;
  const rows = new RowSet();
  for (const kind of ctx.servers) {
    const server = await startServer(ctx, kind, 'local');
    try {
      for (let rep = 0; rep < reps; rep++) {
        for (const clients of counts) {
          const params = { writer: server.endpoint, readers: server.endpoint, servers: [server], clients, rate, durationMs, label: 'fanout' };
          const run = await measureFanoutSteady(params, ctx.log);
          ctx.log(
            `fan-out ${kind.id} ${clients} clients: p50 ${run.p50.toFixed(2)} p99 ${run.p99.toFixed(2)} max ${run.max.toFixed(2)} ms, lost ${run.lost}, cpu ${run.cpuPercent.toFixed(0)}%, client stall ${run.clientStallMs.toFixed(1)} ms`,
          );
          addFanoutRows(rows, kind.id, `${clients} clients`, run);
        }
      }
    } finally {
      await server.stop();
    }
  }
  const list = rows.list();
  for (const row of list) {
    if (row.metric === '300 clients p99') row.target = { op: '<=', value: 5 };
    if (row.metric === '1000 clients p99') row.target = { op: '<=', value: 15 };
  }
  const failures: string[] = [];
  checkZero(list, failures);
  return {
    id: 'fanout',
    title: '1. Fan-out',
    method:
      `One writer inserts ${rate} updates/s for ${durationMs / 1000} s into one document; ${counts.join(', ')} receivers ` +
      'on the same server. Each insert carries its send time; latency is arrival at each receiver minus send time, over ' +
      `every (receiver, update) pair, after ${WARMUP_UPDATES} unmeasured warm-up updates. A run during which the ` +
      `benchmark's own event loop stalled more than ${STALL_LIMIT_MS} ms is run once more and the steadier run kept. ` +
      "After the run every receiver's updates are replayed into a Y.Doc and compared with the writer's text, and a fresh " +
      "client checks the server's copy.",
    rows: list,
    notes: [],
    failures,
    servers: ctx.servers.map((s) => s.id),
  };
}

/** Adds one run's figures under `prefix` (e.g. "300 clients"). */
export function addFanoutRows(rows: RowSet, server: ScenarioResult['servers'][number], prefix: string, run: FanoutRun): void {
  const ms = { unit: 'ms', better: 'lower' } as const;
  rows.add(server, `${prefix} p50`, run.p50, ms);
  rows.add(server, `${prefix} p95`, run.p95, ms);
  rows.add(server, `${prefix} p99`, run.p99, ms);
  rows.add(server, `${prefix} max`, run.max, ms);
  rows.add(server, `${prefix} server CPU`, run.cpuPercent, { unit: '% core', better: 'lower' });
  rows.add(server, `${prefix} longest stall of the benchmark's own event loop`, run.clientStallMs, { unit: 'ms', better: 'lower', noRatio: true });
  const zero = { unit: 'count', better: 'lower', mustBeZero: true } as const;
  rows.add(server, `${prefix} lost`, run.lost, zero);
  rows.add(server, `${prefix} mismatched or duplicated`, run.mismatched + run.duplicates, zero);
  rows.add(server, `${prefix} divergent documents`, run.divergent, zero);
}
