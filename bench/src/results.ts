import type { ServerKind } from './servers/index.ts';

/** Which server a figure belongs to. */
export type ServerId = ServerKind['id'];

/** A goal Dialogo's median is compared against. */
export interface Target {
  op: '<=' | '<' | '>=' | '==';
  value: number;
}

/** One measured quantity of a scenario, with every run's value per server. */
export interface Row {
  metric: string;
  unit: string;
  better: 'lower' | 'higher';
  runs: Partial<Record<ServerId, number[]>>;
  /** Applies to Dialogo's median. */
  target?: Target;
  /** A figure about the benchmark itself or a yes/no: no Dialogo / reference ratio. */
  noRatio?: boolean;
  /** Shown in the report's summary even without a target. */
  summary?: boolean;
  /** A correctness count: any non-zero value, on any server, breaks the benchmark. */
  mustBeZero?: boolean;
}

/** What one scenario produced. */
export interface ScenarioResult {
  id: string;
  title: string;
  /** What is measured and how, for the report (markdown). */
  method: string;
  rows: Row[];
  notes: string[];
  /** Broken correctness: the benchmark exits non-zero when any scenario has one. */
  failures: string[];
  /** Set for scenarios that could not run (polls not built, client not built). */
  placeholder?: string;
  /** Servers this scenario ran (some have no Redis). */
  servers: ServerId[];
}

/** Collects rows in order of first use. */
export class RowSet {
  private readonly rows = new Map<string, Row>();

  /** Adds one run's value of `metric` for `server`, creating the row on first use. */
  add(server: ServerId, metric: string, value: number, shape: Omit<Row, 'metric' | 'runs'>): void {
    let row = this.rows.get(metric);
    if (!row) {
      row = { metric, runs: {}, ...shape };
      this.rows.set(metric, row);
    }
    (row.runs[server] ??= []).push(value);
  }

  list(): Row[] {
    return [...this.rows.values()];
  }
}

/** Fails the scenario on any non-zero correctness count. */
export function checkZero(rows: Row[], failures: string[]): void {
  for (const row of rows) {
    if (!row.mustBeZero) continue;
    for (const [server, values] of Object.entries(row.runs)) {
      const bad = values!.filter((v) => v !== 0);
      if (bad.length > 0) failures.push(`${server}: ${row.metric} = ${bad.join(', ')} (must be 0)`);
    }
  }
}
