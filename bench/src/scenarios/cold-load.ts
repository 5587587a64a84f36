import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { api } from '../api.ts';
import { DocClient, TEXT_NAME, TextAppender, marker, openSynced, scanMarkers, type Endpoint } from '../clients.ts';
import { newDataDir, newDocName, startServer, waitIdle, type BenchContext } from '../context.ts';
import { RowSet, checkZero, type ScenarioResult } from '../results.ts';
import type { HttpSide } from '../servers/index.ts';
import { sleep } from '../servers/process.ts';
import { median } from '../stats.ts';

const BUILD_IN_FLIGHT = 64;
/** Longer than Dialogo's default unload delay (2 s), so its unload and compaction have run. */
const SETTLE_MS = 3000;
/** After a client of the versions comparison leaves: the server (unload delay 0) drops the note. */
const UNLOAD_PAUSE_MS = 250;

/** What one building update appends, given its sequence number: it must start with `marker(0, seq)`. */
export type ChunkText = (seq: number) => string;

/**
 * Sends `count` updates through the server, `inFlight` at most unconfirmed (a reader confirms each,
 * in order, by the marker it starts with); returns the text. By default each is just its marker.
 */
export async function buildDocument(
  endpoint: Endpoint,
  name: string,
  count: number,
  {
    chunk = (seq: number) => marker(0, seq),
    inFlight = BUILD_IN_FLIGHT,
    timeoutMs = 120_000,
  }: { chunk?: ChunkText; inFlight?: number; timeoutMs?: number } = {},
): Promise<string> {
  const [reader, writer] = await openSynced(endpoint, [name, name]);
  writer!.socket.discard = true;
  const appender = new TextAppender();
  const parts: string[] = [];
  let sent = 0;
  let seen = 0;
  let mismatched = 0;
  const pump = () => {
    while (sent < count && sent - seen < inFlight) {
      const text = chunk(sent++);
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
  const deadline = performance.now() + timeoutMs;
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
    // Dialogo also holds the two notes of the versions comparison (issue 7), loaded after the restart.
    const withVersions = kind.id === 'dialogo';
    for (let rep = 0; rep < reps; rep++) {
      const dataDir = newDataDir();
      const name = newDocName('cold');
      let server = await startServer(ctx, kind, 'local', { dataDir });
      let expected: string;
      let notes: VersionNotes | undefined;
      try {
        expected = await buildDocument(server.endpoint, name, updates);
        if (withVersions) notes = await prepareVersionNotes(ctx, server.endpoint, server.http!);
        await sleep(SETTLE_MS);
        await waitIdle(server);
      } finally {
        await server.stop();
      }
      // Unloading at once lets the versions comparison load each note cold several times; the
      // first load below is unaffected.
      server = await startServer(ctx, kind, 'local', { dataDir, env: withVersions ? { DOC_UNLOAD_DELAY_MS: '0' } : undefined });
      try {
        const run = await loadCold(server.endpoint, name, expected);
        ctx.log(`cold load ${kind.id}: first answer ${run.firstAnswerMs.toFixed(1)} ms, whole ${run.wholeMs.toFixed(1)} ms, ${run.bytes} bytes`);
        rows.add(kind.id, 'whole document received', run.wholeMs, { unit: 'ms', better: 'lower', target: { op: '<=', value: 20 } });
        rows.add(kind.id, 'first sync answer', run.firstAnswerMs, { unit: 'ms', better: 'lower' });
        rows.add(kind.id, 'bytes received until complete', run.bytes, { unit: 'bytes', better: 'lower' });
        rows.add(kind.id, 'first answer held the whole document (1 = yes)', run.firstAnswerComplete, { unit: 'count', better: 'higher', noRatio: true });
        rows.add(kind.id, 'loaded text differs from what was written', run.divergent, { unit: 'count', better: 'lower', mustBeZero: true });
        if (notes) await compareVersionLoads(ctx, server.endpoint, notes, rows);
      } finally {
        await server.stop();
      }
    }
  }
  const list = rows.list();
  const failures: string[] = [];
  checkZero(list, failures);
  const { count: versions, docUpdates, rounds } = ctx.plan.versions;
  return {
    id: 'cold-load',
    title: '3. Cold load',
    method:
      `${updates.toLocaleString('en')} small updates (about 10 characters each) are sent through the server into one ` +
      `document; after ${SETTLE_MS / 1000} s and once the server is idle it is stopped gracefully and started again on the ` +
      'same data. Time runs from opening the TCP connection of a new client to the arrival of the message that completes ' +
      'its copy (handshake included); bytes are WebSocket frame bytes the client received until then. ' +
      `**Versions** (Dialogo only, issue 7): in the same run, two listed notes created over HTTP and given the same ` +
      `${docUpdates.toLocaleString('en')} updates, and ${versions} named versions saved on one of them (\`POST ` +
      '/api/documents/:name/versions`; a named version is stored even when nothing changed since the last). After the restart ' +
      '(with `DOC_UNLOAD_DELAY_MS=0`, so a note leaves memory as soon as its client does), each note is loaded cold as above, ' +
      `alternately, ${rounds} times each after one warm-up load of each: the medians, and the fastest load of each ` +
      '(single loads vary several-fold on a shared machine). Both are loaded from Redis every time.',
    rows: list,
    notes: [],
    failures,
    servers: ctx.servers.map((s) => s.id),
  };
}

/** The two notes of the versions comparison and their expected text. */
interface VersionNotes {
  none: { name: string; text: string };
  many: { name: string; text: string };
  /** Versions the second note lists. */
  listed: number;
}

/** Issue 7: two notes built alike, one of them given many named versions. */
async function prepareVersionNotes(ctx: BenchContext, endpoint: Endpoint, http: HttpSide): Promise<VersionNotes> {
  const { count, docUpdates } = ctx.plan.versions;
  const note = async (title: string) => {
    const { document } = await api<{ document: { name: string } }>(http, '/api/documents', { method: 'POST', json: { title, kind: 'note' } });
    return { name: document.name, text: await buildDocument(endpoint, document.name, docUpdates) };
  };
  const none = await note('Bench senza versioni');
  const many = await note('Bench con versioni');
  const t0 = performance.now();
  const listed = await saveVersions(http, many.name, count);
  ctx.log(`cold load dialogo: ${listed} versions saved in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { none, many, listed };
}

/** Loads both notes cold, alternately, after one warm-up load each; adds the medians and their ratio. */
async function compareVersionLoads(ctx: BenchContext, endpoint: Endpoint, notes: VersionNotes, rows: RowSet): Promise<void> {
  const { count, docUpdates, rounds } = ctx.plan.versions;
  const times = { none: [] as number[], many: [] as number[] };
  const bytes = { none: 0, many: 0 };
  let divergent = 0;
  for (let round = 0; round <= rounds; round++) {
    for (const which of round % 2 === 0 ? (['none', 'many'] as const) : (['many', 'none'] as const)) {
      const run = await loadCold(endpoint, notes[which].name, notes[which].text);
      divergent += run.divergent;
      bytes[which] = run.bytes;
      if (round > 0) times[which].push(run.wholeMs);
      // The client has gone; the server unloads the note (delay 0) before the next load.
      await sleep(UNLOAD_PAUSE_MS);
    }
  }
  const none = median(times.none);
  const many = median(times.many);
  ctx.log(`cold load dialogo: ${docUpdates}-update note, no versions ${none.toFixed(1)} ms, ${count} versions ${many.toFixed(1)} ms (medians of ${rounds})`);
  const ms = { unit: 'ms', better: 'lower' } as const;
  rows.add('dialogo', `${docUpdates.toLocaleString('en')}-update note, no versions: whole document received`, none, ms);
  rows.add('dialogo', `the same note with ${count} named versions: whole document received`, many, ms);
  rows.add('dialogo', `with ${count} versions / with none`, many / none, { unit: '×', better: 'lower', noRatio: true, target: { op: '<=', value: 1.1 } });
  // On a shared machine single loads vary by several times; the fastest of each is the least disturbed.
  const fastest = { none: Math.min(...times.none), many: Math.min(...times.many) };
  rows.add('dialogo', 'fastest load of each: no versions', fastest.none, ms);
  rows.add('dialogo', `fastest load of each: ${count} versions`, fastest.many, ms);
  rows.add('dialogo', `fastest load with ${count} versions / with none`, fastest.many / fastest.none, { unit: '×', better: 'lower', noRatio: true });
  rows.add('dialogo', `with ${count} versions / with none: bytes received`, bytes.many / bytes.none, { unit: '×', better: 'lower', noRatio: true });
  rows.add('dialogo', 'versions listed short of those saved', count - notes.listed, { unit: 'count', better: 'lower', mustBeZero: true });
  rows.add('dialogo', 'loaded text of the notes differs from what was written', divergent, { unit: 'count', better: 'lower', mustBeZero: true });
}

/** Saves `count` named versions over HTTP, a few at a time; resolves with how many the document lists. */
async function saveVersions(http: HttpSide, name: string, count: number): Promise<number> {
  const path = `/api/documents/${encodeURIComponent(name)}/versions`;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = ++next;
      await api(http, path, { method: 'POST', json: { label: `Versione ${n}` } });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const { versions } = await api<{ versions: { label?: string }[] }>(http, path);
  return versions.filter((v) => v.label?.startsWith('Versione ')).length;
}
