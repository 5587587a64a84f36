import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Environment } from './environment.ts';
import type { Plan } from './context.ts';
import type { Row, ScenarioResult, ServerId, Target } from './results.ts';
import { SERVERS } from './servers/index.ts';
import { ROOT } from './servers/process.ts';
import { median } from './stats.ts';

/** Everything a report is made from. */
export interface ReportInput {
  quick: boolean;
  plan: Plan;
  env: Environment;
  scenarios: ScenarioResult[];
  startedAt: Date;
  seconds: number;
}

const REFERENCES: ServerId[] = ['hocuspocus', 'y-websocket'];
const label = (id: ServerId) => SERVERS.find((s) => s.id === id)?.label ?? id;

/** A number at a precision that suits its size and unit. */
export function fmt(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (unit === 'count' || unit === 'bytes') return Math.round(value).toLocaleString('en');
  if (unit === 'updates/s' || unit === 'ballots/s') return Math.round(value).toLocaleString('en');
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function meets(value: number, t: Target): boolean {
  if (!Number.isFinite(value)) return false;
  return t.op === '<=' ? value <= t.value : t.op === '<' ? value < t.value : t.op === '>=' ? value >= t.value : value === t.value;
}

const targetText = (t: Target, unit: string) => `${t.op === '<=' ? '≤' : t.op === '>=' ? '≥' : t.op} ${fmt(t.value, unit)} ${unit}`.trim();

/** Median per server, the best reference and Dialogo's ratio to it. */
function digest(row: Row) {
  const med = (id: ServerId) => (row.runs[id] ? median(row.runs[id]!) : undefined);
  const refs = REFERENCES.map((id) => ({ id, value: med(id) })).filter((r) => r.value !== undefined && Number.isFinite(r.value));
  const best = refs.sort((a, b) => (row.better === 'lower' ? a.value! - b.value! : b.value! - a.value!))[0];
  const dialogo = med('dialogo');
  const comparable = !row.mustBeZero && !row.noRatio && best && dialogo !== undefined && best.value! !== 0;
  return { med, best, dialogo, ratio: comparable ? dialogo! / best!.value! : undefined };
}

/** Scenarios only Dialogo runs (polls, the browser) have nothing to compare against. */
const noReference = (s: ScenarioResult) => !s.servers.some((id) => REFERENCES.includes(id));

function scenarioTable(s: ScenarioResult): string[] {
  const servers = s.servers;
  const head = `| measure | ${servers.map(label).join(' | ')} | Dialogo / best reference | target |`;
  const lines = [head, `|---|${servers.map(() => '---:').join('|')}|---:|---|`];
  for (const row of s.rows) {
    const d = digest(row);
    const cells = servers.map((id) => fmt(d.med(id), row.unit));
    const ratio = noReference(s) && !row.mustBeZero ? '(no reference)' : d.ratio === undefined ? '—' : `${fmt(d.ratio, '×')}× (vs ${label(d.best!.id)})`;
    let target = row.mustBeZero ? '0 (correctness)' : '';
    if (row.target) target = `${targetText(row.target, row.unit)}: ${meets(d.dialogo ?? Number.NaN, row.target) ? 'met' : '**missed**'}`;
    const unit = row.unit && row.unit !== 'count' ? ` (${row.unit})` : '';
    lines.push(`| ${row.metric}${unit} | ${cells.join(' | ')} | ${ratio} | ${target} |`);
  }
  return lines;
}

function summary(scenarios: ScenarioResult[]): string[] {
  const lines = ['| scenario | measure | target | Dialogo | best reference | Dialogo / best reference | target met |', '|---|---|---|---:|---:|---:|---|'];
  for (const s of scenarios) {
    if (s.placeholder) {
      lines.push(`| ${s.title} | — | — | ${s.placeholder} | — | — | — |`);
      continue;
    }
    for (const row of s.rows.filter((r) => r.target || r.summary)) {
      const d = digest(row);
      const best = noReference(s) ? '(no reference)' : d.best ? `${fmt(d.best.value, row.unit)} (${label(d.best.id)})` : '—';
      const ratio = d.ratio === undefined ? '—' : `${fmt(d.ratio, '×')}×`;
      const target = row.target ? targetText(row.target, row.unit) : '—';
      const ok = !row.target ? '—' : meets(d.dialogo ?? Number.NaN, row.target) ? 'yes' : '**no**';
      const value = `${fmt(d.dialogo, row.unit)}${row.target ? '' : ` ${row.unit}`}`;
      lines.push(`| ${s.title} | ${row.metric} | ${target} | ${value} | ${best} | ${ratio} | ${ok} |`);
    }
    // Failures read `<server>: ...`: Dialogo's column shows Dialogo's, the reference column the others'.
    const own = s.failures.filter((f) => f.startsWith('dialogo:'));
    const others = s.failures.filter((f) => !f.startsWith('dialogo:'));
    const cell = (list: string[]) => (list.length > 0 ? `**BROKEN: ${list.length} check(s) failed**` : 'all passed');
    if (!s.placeholder && s.rows.some((r) => r.mustBeZero)) {
      lines.push(
        `| ${s.title} | correctness (lost, mismatched, converged) | 0 | ${cell(own)} | ${others.length ? cell(others) : ''} | | ${own.length ? '**no**' : 'yes'} |`,
      );
    }
  }
  return lines;
}

/** Renders the whole report as markdown. */
export function renderReport(input: ReportInput): string {
  const { env, plan, scenarios } = input;
  const runs =
    `fan-out ×${plan.fanout.reps}, throughput ×${plan.throughput.reps}, cold load ×${plan.coldLoad.reps}, memory ×${plan.memory.reps}, ` +
    `two instances ×${plan.twoInstances.reps}, polls ×${plan.polls.reps}, browser ×${plan.browser.reps} (page loads ×${plan.browser.loads}), sync flood ×${plan.syncFlood.reps}`;
  const out: string[] = [
    '# Benchmarks',
    '',
    `Written by \`pnpm bench${input.quick ? ' --quick' : ''}\` (bench/, see bench/README.md) on ${input.startedAt.toISOString()}, ` +
      `in ${Math.round(input.seconds)} s. Do not edit by hand: run it again. ` +
      `Every figure is the median over runs (${runs}).${input.quick ? ' Quick mode: short durations and single runs, so read the figures as indicative.' : ''}`,
    '',
    '## Summary against the targets',
    '',
    ...summary(scenarios),
    '',
    '## Machine, runtime and versions',
    '',
    `- CPU: ${env.cpu}, ${env.cores} cores; memory ${env.memoryGiB.toFixed(1)} GiB; ${env.kernel}`,
    `- Load average (1, 5, 15 min) at start: ${env.loadAtStart.map((l) => l.toFixed(2)).join(', ')}; at end: ${(env.loadAtEnd ?? []).map((l) => l.toFixed(2)).join(', ')}`,
    `- Node ${env.node}; Dialogo at commit ${env.commit}`,
    `- ${env.redis}`,
    '',
    '| package | version | role |',
    '|---|---|---|',
    ...env.packages.map((p) => `| ${p.name} | ${p.version} | ${p.role} |`),
    '',
    '## Servers and their persistence',
    '',
    '| server | one instance (scenarios 1–4, 7, 8) | two instances (scenarios 5, 6) |',
    '|---|---|---|',
    ...SERVERS.map((s) => `| ${s.label} | ${s.persistence.local} | ${s.persistence.redis ?? 'not supported: left out'} |`),
    '',
    'Each server runs in its own child process on 127.0.0.1; CPU and memory are those of the process that serves ' +
      '(for Dialogo and Hocuspocus, the node process tsx starts; for y-websocket-server, its bin run by node).',
    '',
  ];
  for (const s of scenarios) {
    out.push(`## ${s.title}`, '');
    if (s.placeholder) {
      out.push(s.placeholder, '');
      continue;
    }
    out.push(s.method, '', ...scenarioTable(s), '');
    for (const note of s.notes) out.push(`- ${note}`);
    for (const f of s.failures) out.push(`- **BROKEN: ${f}**`);
    if (s.notes.length || s.failures.length) out.push('');
  }
  out.push(
    '## How to read these figures',
    '',
    '- All clients live in one benchmark process on the same 2 cores as the server under test and Redis. Clients are ' +
      'raw sockets that read markers from update bytes (no Y.Doc while measuring), but with 1,000 receivers the time the ' +
      'benchmark process takes to read 1,000 sockets is part of every latency figure, for every server alike.',
    '- Other work on the machine (tests run by other people) shows up as noise: see the load average above.',
    '- Dialogo / best reference below 1 is better for times, CPU and memory; above 1 is better for throughput.',
    '',
  );
  // The CPU-profile evidence of the hot path (`--profile` runs), kept by hand beside the harness.
  const profileNotes = path.join(ROOT, 'bench/PROFILE.md');
  if (existsSync(profileNotes)) out.push(readFileSync(profileNotes, 'utf8').trim(), '');
  return out.join('\n');
}

/** Writes BENCHMARKS.md at the repository root. */
export function writeReport(input: ReportInput): string {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  writeFileSync(file, renderReport(input));
  return file;
}
