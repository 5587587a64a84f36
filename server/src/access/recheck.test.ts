import { describe, expect, it } from 'vitest';
import { createAccessRecheck } from './recheck.ts';

/** A round whose end the test decides. */
function controlledRound(open = true) {
  const ends: (() => void)[] = [];
  let runs = 0;
  return {
    round: {
      hasConnections: () => open,
      run: () => {
        runs += 1;
        return new Promise<void>((resolve) => ends.push(resolve));
      },
    },
    runs: () => runs,
    /** Ends the round running now and lets the loop see it. */
    async finish() {
      ends.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const HOUR = 3_600_000;

describe('createAccessRecheck', () => {
  it('runs at once when triggered, and a change during a round brings one more round after it, not one each', async () => {
    const control = controlledRound();
    const recheck = createAccessRecheck(control.round, HOUR, () => {});
    recheck.trigger();
    expect(control.runs()).toBe(1);
    // Three changes while the round runs: the round after it covers them all.
    recheck.trigger();
    recheck.trigger();
    recheck.trigger();
    expect(control.runs()).toBe(1);
    await control.finish();
    expect(control.runs()).toBe(2);
    await control.finish();
    expect(control.runs()).toBe(2);
    recheck.stop();
  });

  it('skips the round when nothing is open, and runs none once stopped', async () => {
    const empty = controlledRound(false);
    const idle = createAccessRecheck(empty.round, HOUR, () => {});
    idle.trigger();
    expect(empty.runs()).toBe(0);
    idle.stop();

    const control = controlledRound();
    const stopped = createAccessRecheck(control.round, HOUR, () => {});
    stopped.stop();
    stopped.trigger();
    expect(control.runs()).toBe(0);
  });

  it('reports a failed round and runs the next one', async () => {
    const failures: string[] = [];
    let runs = 0;
    const run = async () => {
      runs += 1;
      if (runs === 1) throw new Error('store down');
    };
    const recheck = createAccessRecheck({ hasConnections: () => true, run }, HOUR, (err) => failures.push(err.message));
    recheck.trigger();
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toEqual(['store down']);
    recheck.trigger();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toBe(2);
    recheck.stop();
  });
});
