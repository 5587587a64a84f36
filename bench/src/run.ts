/**
 * `pnpm bench [--quick] [--only a,b] [--servers a,b] [--profile]`
 *
 * Starts Dialogo, Hocuspocus and y-websocket-server one after another as child processes on
 * loopback, runs the scenarios against each, and writes BENCHMARKS.md at the repository root
 * (only when every scenario ran; with --only the tables go to the console). Exits 1 when a
 * correctness check failed (lost, mismatched or diverging updates), after writing the report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { selfTestAppender } from './clients.ts';
import { FULL_PLAN, QUICK_PLAN, removeDataDirs, type BenchContext } from './context.ts';
import { describeEnvironment } from './environment.ts';
import { formatProfile, largestProfile } from './profile.ts';
import { deletePrefix, uniquePrefix } from './redis.ts';
import { renderReport, writeReport } from './report.ts';
import type { ScenarioResult } from './results.ts';
import { browserScenario } from './scenarios/browser.ts';
import { coldLoadScenario } from './scenarios/cold-load.ts';
import { fanoutScenario } from './scenarios/fanout.ts';
import { largeDocsScenario } from './scenarios/large-docs.ts';
import { memoryScenario } from './scenarios/memory.ts';
import { pollsScenario } from './scenarios/polls.ts';
import { syncFloodScenario } from './scenarios/sync-flood.ts';
import { throughputScenario } from './scenarios/throughput.ts';
import { twoInstancesScenario } from './scenarios/two-instances.ts';
import { SERVERS } from './servers/index.ts';
import { killAllServers, setProbeDir } from './servers/process.ts';

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<ScenarioResult>> = {
  fanout: fanoutScenario,
  throughput: throughputScenario,
  'cold-load': coldLoadScenario,
  memory: memoryScenario,
  'two-instances': twoInstancesScenario,
  polls: pollsScenario,
  browser: browserScenario,
  'sync-flood': syncFloodScenario,
  'large-docs': largeDocsScenario,
};

function usage(error?: string): never {
  if (error) console.error(error);
  console.error(`usage: pnpm bench [--quick] [--only ${Object.keys(SCENARIOS).join(',')}] [--servers ${SERVERS.map((s) => s.id).join(',')}] [--profile]`);
  process.exit(2);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    // pnpm forwards a literal `--` before the script's own arguments; tolerate it.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      servers: { type: 'string' },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) usage();
  const only = values.only ? values.only.split(',') : Object.keys(SCENARIOS);
  for (const id of only) if (!SCENARIOS[id]) usage(`unknown scenario: ${id}`);
  const servers = values.servers ? values.servers.split(',').map((id) => SERVERS.find((s) => s.id === id) ?? usage(`unknown server: ${id}`)) : SERVERS;
  const complete = only.length === Object.keys(SCENARIOS).length && servers.length === SERVERS.length && !values.profile;

  selfTestAppender();
  const work = mkdtempSync(path.join(os.tmpdir(), 'dialogo-bench-run-'));
  setProbeDir(work);
  const profileDir = values.profile ? mkdtempSync(path.join(os.tmpdir(), 'dialogo-bench-prof-')) : undefined;
  const startedAt = new Date();
  const t0 = performance.now();
  const ctx: BenchContext = {
    quick: values.quick,
    plan: values.quick ? QUICK_PLAN : FULL_PLAN,
    servers,
    profileDir,
    redisPrefix: uniquePrefix(),
    log: (m) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}`),
  };
  const env = await describeEnvironment();
  ctx.log(`${values.quick ? 'quick' : 'full'} run: ${only.join(', ')} on ${servers.map((s) => s.id).join(', ')}`);

  const results: ScenarioResult[] = [];
  try {
    for (const id of only) {
      ctx.log(`— ${id}`);
      results.push(await SCENARIOS[id]!(ctx));
    }
  } finally {
    killAllServers();
    const deleted = await deletePrefix(ctx.redisPrefix).catch(() => -1);
    ctx.log(`deleted ${deleted} Redis keys under ${ctx.redisPrefix}`);
    rmSync(work, { recursive: true, force: true });
    removeDataDirs();
  }

  env.loadAtEnd = os.loadavg();
  const input = { quick: values.quick, plan: ctx.plan, env, scenarios: results, startedAt, seconds: (performance.now() - t0) / 1000 };
  if (complete) ctx.log(`wrote ${writeReport(input)}`);
  else console.log(`\n${renderReport(input)}`);
  if (profileDir) {
    const file = largestProfile(profileDir);
    console.log(file ? `\n${formatProfile(file, 25)}` : `\nno CPU profile was written in ${profileDir}`);
  }

  const failures = results.flatMap((r) => r.failures.map((f) => `${r.title}: ${f}`));
  if (failures.length > 0) {
    console.error(`\n!!! BENCHMARK BROKEN: ${failures.length} correctness check(s) failed !!!`);
    for (const f of failures) console.error(`  - ${f}`);
    return 1;
  }
  return 0;
}

process.on('SIGINT', () => {
  killAllServers();
  process.exit(130);
});
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    killAllServers();
    console.error('\n!!! BENCHMARK FAILED !!!');
    console.error(err);
    process.exit(1);
  },
);
