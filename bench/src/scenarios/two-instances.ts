import { startServer, type BenchContext } from '../context.ts';
import { RowSet, checkZero, type ScenarioResult } from '../results.ts';
import { measureFanoutSteady } from './fanout.ts';

/** Scenario 5: the fan-out again, with the writer on instance A and the readers on instance B. */
export async function twoInstancesScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const { clients, rate, durationMs, reps } = ctx.plan.twoInstances;
  const rows = new RowSet();
  const kinds = ctx.servers.filter((k) => k.supportsRedis);
  for (const kind of kinds) {
    const a = await startServer(ctx, kind, 'redis');
    const b = await startServer(ctx, kind, 'redis');
    try {
      for (let rep = 0; rep < reps; rep++) {
        const base = { servers: [a, b], clients, rate, durationMs, label: 'two' };
        // Both instances run in both measurements; only where the readers sit changes.
        const one = await measureFanoutSteady({ ...base, writer: a.endpoint, readers: a.endpoint }, ctx.log);
        const two = await measureFanoutSteady({ ...base, writer: a.endpoint, readers: b.endpoint }, ctx.log);
        ctx.log(
          `two instances ${kind.id}: p99 one ${one.p99.toFixed(2)} ms, two ${two.p99.toFixed(2)} ms (client stall ${one.clientStallMs.toFixed(1)}, ${two.clientStallMs.toFixed(1)} ms)`,
        );
        const ms = { unit: 'ms', better: 'lower' } as const;
        rows.add(kind.id, 'one instance p50', one.p50, ms);
        rows.add(kind.id, 'one instance p99', one.p99, ms);
        rows.add(kind.id, 'two instances p50', two.p50, ms);
        rows.add(kind.id, 'two instances p99', two.p99, ms);
        rows.add(kind.id, 'two instances max', two.max, ms);
        rows.add(kind.id, "longest stall of the benchmark's own event loop", Math.max(one.clientStallMs, two.clientStallMs), { ...ms, noRatio: true });
        rows.add(kind.id, 'p99 two instances / one instance', two.p99 / one.p99, { unit: '×', better: 'lower', target: { op: '<=', value: 1.3 } });
        const zero = { unit: 'count', better: 'lower', mustBeZero: true } as const;
        rows.add(kind.id, 'lost', one.lost + two.lost, zero);
        rows.add(kind.id, 'mismatched or duplicated', one.mismatched + one.duplicates + two.mismatched + two.duplicates, zero);
        rows.add(kind.id, 'divergent documents', one.divergent + two.divergent, zero);
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }
  const list = rows.list();
  const failures: string[] = [];
  checkZero(list, failures);
  return {
    id: 'two-instances',
    title: '5. Two instances',
    method:
      `Two instances of each server on one Redis. ${clients} receivers and one writer at ${rate} updates/s for ` +
      `${durationMs / 1000} s: first all on instance A (one instance), then the writer on A and the receivers on B. ` +
      'y-websocket-server has no Redis support and is left out.',
    rows: list,
    notes: [],
    failures,
    servers: kinds.map((k) => k.id),
  };
}
