import { DocClient, TextAppender, marker, openSynced, scanMarkers, type Endpoint } from '../clients.ts';
import { newDocName, startServer, waitIdle, type BenchContext } from '../context.ts';
import { RowSet, checkZero, type ScenarioResult } from '../results.ts';
import { sleep } from '../servers/process.ts';
import type { MemoryUsage, RunningServer } from '../servers/index.ts';

/** Dialogo's unload delay, set explicitly so the wait below is tied to it. */
const UNLOAD_DELAY_MS = 2000;
/** How long past the unload delay memory is measured again. */
const AFTER_UNLOAD_MS = 3000;
const FILLER = ' an idle document of the network, opened by one participant';

/** Opens one client per document, writes a line into each and waits until the server holds it. */
async function openIdleDocuments(endpoint: Endpoint, names: string[]): Promise<{ clients: DocClient[]; missing: number }> {
  const clients = await openSynced(endpoint, names);
  clients.forEach((c, i) => c.sendUpdate(new TextAppender().next(marker(i, 0) + FILLER)));
  let missing = 0;
  let next = 0;
  const confirm = async () => {
    while (next < clients.length) {
      const i = next++;
      if (!(await holds(clients[i]!, i))) missing++;
    }
  };
  await Promise.all(Array.from({ length: 50 }, confirm));
  return { clients, missing };
}

/** Asks for the document until its line is in the server's copy (stores may apply after a round trip). */
async function holds(client: DocClient, i: number): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt++) {
    let found = false;
    scanMarkers(await client.requestState(), (a) => {
      if (a === i) found = true;
    });
    if (found) return true;
    await sleep(25);
  }
  return false;
}

const js = (m: MemoryUsage) => m.heapUsed + m.external;

async function settleAndMeasure(server: RunningServer, waitMs: number): Promise<MemoryUsage> {
  await sleep(waitMs);
  await waitIdle(server);
  return server.memory();
}

/** Scenario 4: 1,000 documents opened by one client each, then all closed. */
export async function memoryScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const { docs, warmupDocs, reps } = ctx.plan.memory;
  const rows = new RowSet();
  for (const kind of ctx.servers) {
    for (let rep = 0; rep < reps; rep++) {
      const server = await startServer(ctx, kind, 'local', { env: { DOC_UNLOAD_DELAY_MS: String(UNLOAD_DELAY_MS) } });
      try {
        // Warm-up: the code paths are compiled before the baseline, so the baseline is not the cold process.
        const warm = await openIdleDocuments(
          server.endpoint,
          Array.from({ length: warmupDocs }, () => newDocName('warm')),
        );
        for (const c of warm.clients) c.close();
        const base = await settleAndMeasure(server, UNLOAD_DELAY_MS + 1000);

        const open = await openIdleDocuments(
          server.endpoint,
          Array.from({ length: docs }, () => newDocName('idle')),
        );
        const opened = await settleAndMeasure(server, 500);
        for (const c of open.clients) c.close();
        const after = await settleAndMeasure(server, UNLOAD_DELAY_MS + AFTER_UNLOAD_MS);

        const perDocKb = (js(opened) - js(base)) / docs / 1024;
        const retainedMb = (js(after) - js(base)) / 1024 / 1024;
        ctx.log(`memory ${kind.id}: ${perDocKb.toFixed(1)} KB per open document, ${retainedMb.toFixed(2)} MB retained after close`);
        rows.add(kind.id, 'JS heap + external per open document', perDocKb, { unit: 'KB', better: 'lower', target: { op: '<=', value: 20 } });
        rows.add(kind.id, 'RSS per open document', (opened.rss - base.rss) / docs / 1024, { unit: 'KB', better: 'lower' });
        rows.add(kind.id, `JS heap + external retained after ${docs} closed`, retainedMb, { unit: 'MB', better: 'lower', target: { op: '<', value: 5 } });
        rows.add(kind.id, `RSS retained after ${docs} closed`, (after.rss - base.rss) / 1024 / 1024, { unit: 'MB', better: 'lower' });
        rows.add(kind.id, 'JS heap + external at baseline', js(base) / 1024 / 1024, { unit: 'MB', better: 'lower' });
        rows.add(kind.id, 'documents whose line never reached the server', open.missing + warm.missing, {
          unit: 'count',
          better: 'lower',
          mustBeZero: true,
        });
      } finally {
        await server.stop();
      }
    }
  }
  const list = rows.list();
  const failures: string[] = [];
  checkZero(list, failures);
  return {
    id: 'memory',
    title: '4. Memory',
    method:
      `After a warm-up (${warmupDocs} documents opened and closed), ${docs} documents are opened by one client each and ` +
      'each gets one line of text; memory is read inside the server process (the same preloaded probe in all three: two ' +
      'full garbage collections, then `process.memoryUsage()`). Per document = (open − baseline) / documents. Then all ' +
      `clients leave and memory is read again ${(UNLOAD_DELAY_MS + AFTER_UNLOAD_MS) / 1000} s later (Dialogo's ` +
      `DOC_UNLOAD_DELAY_MS=${UNLOAD_DELAY_MS}; the references unload when the last client leaves) and once the server is idle.`,
    rows: list,
    notes: [
      'Targets apply to JS heap + external (what the process holds after GC). RSS rarely shrinks after a peak, since V8 and ' +
        'the allocator keep freed pages, so RSS retained is shown for information.',
    ],
    failures,
    servers: ctx.servers.map((s) => s.id),
  };
}
