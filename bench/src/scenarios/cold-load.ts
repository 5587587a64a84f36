import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { DocClient, TEXT_NAME, TextAppender, marker, openSynced, scanMarkers, type Endpoint } from '../clients.ts';
import { newDataDir, newDocName, startServer, waitIdle, type BenchContext } from '../context.ts';
import { RowSet, checkZero, type ScenarioResult } from '../results.ts';
import { sleep } from '../servers/process.ts';

const BUILD_IN_FLIGHT = 64;
/** Longer than Dialogo's default unload delay (2 s), so its unload and compaction have run. */
const SETTLE_MS = 3000;

/** Sends `count` small updates through the server (a reader confirms each); returns the text. */
async function buildDocument(endpoint: Endpoint, name: string, count: number): Promise<string> {
  const [reader, writer] = await openSynced(endpoint, [name, name]);
  writer!.socket.discard = true;
  const appender = new TextAppender();
  const parts: string[] = [];
  let sent = 0;
  let seen = 0;
  let mismatched = 0;
  const pump = () => {
    while (sent < count && sent - seen < BUILD_IN_FLIGHT) {
      const text = marker(0, sent++);
      parts.push(text);
      writer!.sendUpdate(appender.next(text));
    }
  };
  reader!.onUpdate = (update) =>
    scanMarkers(update, (_w, seq) => {
      if (seq !== seen) mismatched++;
      seen++;
      pump();
    });
  pump();
  const deadline = performance.now() + 120_000;
  while (seen < count && performance.now() < deadline) await sleep(10);
  reader!.close();
  writer!.close();
  if (seen < count || mismatched > 0) throw new Error(`building ${name}: ${seen}/${count} echoed, ${mismatched} out of order`);
  return parts.join('');
}

/** One cold load: connect, ask for everything, wait until the whole text is there. */
async function loadCold(endpoint: Endpoint, name: string, expected: string) {
  const doc = new Y.Doc();
  const text = doc.getText(TEXT_NAME);
  const t0 = performance.now();
  const client = await DocClient.open(endpoint, name);
  let completeAt = Number.NaN;
  let bytes = 0;
  const check = (at: number) => {
    if (Number.isNaN(completeAt) && text.length >= expected.length) {
      completeAt = at;
      bytes = client.socket.bytesReceived;
    }
  };
  // A server may answer before its copy is loaded and send the rest as updates (y-websocket-server does).
  client.onUpdate = (update, at) => {
    Y.applyUpdate(doc, update);
    check(at);
  };
  const step2 = await client.requestState();
  const firstAnswerAt = client.lastMessageAt;
  Y.applyUpdate(doc, step2);
  check(firstAnswerAt);
  const deadline = performance.now() + 20_000;
  while (Number.isNaN(completeAt) && performance.now() < deadline) await sleep(5);
  client.close();
  const ok = text.toString() === expected;
  doc.destroy();
  return {
    firstAnswerMs: firstAnswerAt - t0,
    wholeMs: completeAt - t0,
    bytes,
    firstAnswerComplete: firstAnswerAt === completeAt ? 1 : 0,
    divergent: ok ? 0 : 1,
  };
}

/** Scenario 3: a document of 20,000 updates, the server restarted, one new client. */
export async function coldLoadScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const { updates, reps } = ctx.plan.coldLoad;
  const rows = new RowSet();
  for (const kind of ctx.servers) {
    for (let rep = 0; rep < reps; rep++) {
      const dataDir = newDataDir();
      const name = newDocName('cold');
      let server = await startServer(ctx, kind, 'local', { dataDir });
      let expected: string;
      try {
        expected = await buildDocument(server.endpoint, name, updates);
        await sleep(SETTLE_MS);
        await waitIdle(server);
      } finally {
        await server.stop();
      }
      server = await startServer(ctx, kind, 'local', { dataDir });
      try {
        const run = await loadCold(server.endpoint, name, expected);
        ctx.log(`cold load ${kind.id}: first answer ${run.firstAnswerMs.toFixed(1)} ms, whole ${run.wholeMs.toFixed(1)} ms, ${run.bytes} bytes`);
        rows.add(kind.id, 'whole document received', run.wholeMs, { unit: 'ms', better: 'lower', target: { op: '<=', value: 20 } });
        rows.add(kind.id, 'first sync answer', run.firstAnswerMs, { unit: 'ms', better: 'lower' });
        rows.add(kind.id, 'bytes received until complete', run.bytes, { unit: 'bytes', better: 'lower' });
        rows.add(kind.id, 'first answer held the whole document (1 = yes)', run.firstAnswerComplete, { unit: 'count', better: 'higher', noRatio: true });
        rows.add(kind.id, 'loaded text differs from what was written', run.divergent, { unit: 'count', better: 'lower', mustBeZero: true });
      } finally {
        await server.stop();
      }
    }
  }
  const list = rows.list();
  const failures: string[] = [];
  checkZero(list, failures);
  return {
    id: 'cold-load',
    title: '3. Cold load',
    method:
      `${updates.toLocaleString('en')} small updates (about 10 characters each) are sent through the server into one ` +
      `document; after ${SETTLE_MS / 1000} s and once the server is idle it is stopped gracefully and started again on the ` +
      'same data. Time runs from opening the TCP connection of a new client to the arrival of the message that completes ' +
      'its copy (handshake included); bytes are WebSocket frame bytes the client received until then.',
    rows: list,
    notes: [],
    failures,
    servers: ctx.servers.map((s) => s.id),
  };
}
