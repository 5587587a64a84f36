// Preloaded into every benchmarked server process through NODE_OPTIONS="--import …/probe.mjs".
// Plain JavaScript: it must load without a TypeScript loader.
//
// Memory: on SIGUSR2 it collects garbage twice and writes process.memoryUsage() to
// $BENCH_PROBE_DIR/<pid>.json, so the benchmark asks all three servers the same way without
// touching their code.
//
// CPU profile: with $BENCH_CPU_PROF_DIR set it runs the V8 sampling profiler from the start and
// writes CPU.<pid>.cpuprofile when the process exits, the file `node --cpu-prof` would write
// (Node 20 refuses --cpu-prof in NODE_OPTIONS, so the profiler is started through node:inspector).
import { writeFileSync, renameSync } from 'node:fs';
import { Session } from 'node:inspector';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  process.on('SIGUSR2', () => {
    gc();
    gc();
    const file = `${dir}/${process.pid}.json`;
    writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
    renameSync(`${file}.tmp`, file);
  });
}

const profDir = process.env.BENCH_CPU_PROF_DIR;
if (profDir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // An in-process inspector session answers synchronously, so this works inside 'exit'.
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(`${profDir}/CPU.${process.pid}.cpuprofile`, JSON.stringify(result.profile));
    });
  });
}
