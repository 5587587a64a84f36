import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { DocClient, EMPTY_STATE_VECTOR, TEXT_NAME, TextAppender, fetchText, marker, openSynced, scanMarkers, type Endpoint } from '../clients.ts';
import { newDocName, startServer, waitIdle, type BenchContext } from '../context.ts';
import { RowSet, checkZero, type ScenarioResult } from '../results.ts';
import { sleep } from '../servers/process.ts';
import type { RunningServer } from '../servers/index.ts';
import { latencySummary } from '../stats.ts';

/** Size of the attacked note (issue 15: a 4 MB note). */
const BIG_DOC_CHARS = 4 * 1024 * 1024;
/** It is written as this many inserts at random places, so it holds thousands of Yjs items, not one. */
const BIG_DOC_INSERTS = 2048;
/** After the attack stops, how long the edits sent under it may still take to arrive. */
const DRAIN_CAP_MS = 20_000;
/** A reference server whose memory passes this under attack has the attack stopped early (shared machine). */
const RSS_LIMIT_BYTES = 2 * 1024 ** 3;
/** How long a (re)connecting attacker waits for the server's first message before trying again. */
const CONNECT_TIMEOUT_MS = 5_000;

/** One measured window of edits on the small document. */
interface Window {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Edits of the window that had not arrived when the measure was taken (their latency is censored). */
  late: number;
}

/** What one attack did. */
interface AttackStats {
  requests: number;
  reconnects: number;
  connectFailures: number;
  stoppedEarly: boolean;
  /** Killed after the attack, its memory past RSS_LIMIT_BYTES while it still answered queued requests. */
  killed: boolean;
  /** Through the attack and the wait after it. */
  peakRssBytes: number;
  serverCpuPercent: number;
}

/**
 * The writer and the reader of the small, unrelated document: the writer appends
 * `{b:<seq>:0}` every `intervalMs`, the reader records when each arrives.
 */
class EditStream {
  readonly sentAt: number[] = [];
  readonly receivedAt: number[] = [];
  readonly text: string[] = [];
  /** Markers that arrived twice, before an earlier one, or were never sent. */
  mismatched = 0;
  private highest = -1;
  private readonly appender = new TextAppender();

  constructor(
    private readonly writer: DocClient,
    reader: DocClient,
  ) {
    reader.onUpdate = (update, at) =>
      scanMarkers(update, (seq) => {
        if (seq >= this.sentAt.length || this.receivedAt[seq] !== undefined || seq < this.highest) {
          this.mismatched++;
          return;
        }
        this.receivedAt[seq] = at;
        this.highest = seq;
      });
  }

  /** Sends edits every `intervalMs` for `durationMs`; returns the range of sequence numbers sent. */
  async run(durationMs: number, intervalMs: number): Promise<[number, number]> {
    const from = this.sentAt.length;
    const t0 = performance.now();
    for (let i = 0; ; i++) {
      const due = t0 + i * intervalMs;
      if (due - t0 >= durationMs) break;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const seq = this.sentAt.length;
      const text = marker(seq, 0);
      this.text.push(text);
      this.sentAt.push(performance.now());
      this.writer.sendUpdate(this.appender.next(text));
    }
    return [from, this.sentAt.length];
  }

  /** Waits until every edit of `range` arrived, or `capMs` passed; true when all arrived. */
  async settle([from, to]: [number, number], capMs: number): Promise<boolean> {
    const deadline = performance.now() + capMs;
    while (performance.now() < deadline) {
      if (this.missing(from, to) === 0) return true;
      await sleep(10);
    }
    return this.missing(from, to) === 0;
  }

  missing(from: number, to: number): number {
    let n = 0;
    for (let s = from; s < to; s++) if (this.receivedAt[s] === undefined) n++;
    return n;
  }

  /** Latencies of `range`; an edit not yet arrived counts as its wait so far (a lower bound). */
  summarize([from, to]: [number, number]): Window {
    const now = performance.now();
    const samples = new Float64Array(to - from);
    let late = 0;
    for (let s = from; s < to; s++) {
      const at = this.receivedAt[s];
      if (at === undefined) late++;
      samples[s - from] = (at ?? now) - this.sentAt[s]!;
    }
    return { ...latencySummary(samples), late };
  }
}

/** A text at random places of a Y.Doc, sent as its updates: a large note edited over time. */
function buildBigDoc(): { updates: Uint8Array[]; text: string; state: Map<number, number> } {
  const doc = new Y.Doc();
  const ytext = doc.getText(TEXT_NAME);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const chunk = BIG_DOC_CHARS / BIG_DOC_INSERTS;
  const letters = 'abcdefghijklmnopqrstuvwxyz ';
  for (let i = 0; i < BIG_DOC_INSERTS; i++) {
    let s = '';
    const start = i % letters.length;
    while (s.length < chunk) s += letters[(start + s.length) % letters.length];
    ytext.insert(Math.floor(Math.random() * (ytext.length + 1)), s);
  }
  const text = ytext.toString();
  const state = Y.decodeStateVector(Y.encodeStateVector(doc));
  doc.destroy();
  return { updates, text, state };
}

/** Writes the big note on the server and waits until a fresh client reads all of it. */
async function writeBigDoc(endpoint: Endpoint, name: string, big: ReturnType<typeof buildBigDoc>): Promise<void> {
  const [writer] = await openSynced(endpoint, [name]);
  writer!.socket.discard = true;
  for (let i = 0; i < big.updates.length; i++) {
    writer!.sendUpdate(big.updates[i]!);
    if (i % 64 === 63) await sleep(5); // let the server breathe; the socket buffers the rest
  }
  const got = await fetchText(endpoint, name, big.text, 60_000);
  writer!.close();
  if (got !== big.text) throw new Error(`the ${BIG_DOC_CHARS}-character note was not stored (read ${got.length} characters)`);
}

/** Waits for the server's first message on a new socket (its sync step 1: the document is open). */
async function firstMessage(client: DocClient, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (client.lastMessageAt === 0) {
    if (client.closed) throw new Error('closed before answering');
    if (performance.now() > deadline) throw new Error('no first message');
    await sleep(5);
  }
}

/**
 * `attackers` sockets on the big note, each sending a sync step 1 every `intervalMs` (empty and
 * random partial state vectors in turn) and never reading. A socket the server closed is opened
 * again, so the attack lasts.
 */
function startAttack(endpoint: Endpoint, name: string, attackers: number, intervalMs: number, state: Map<number, number>) {
  let running = true;
  const stats = { requests: 0, reconnects: 0, connectFailures: 0 };
  const slots: Array<DocClient | null> = new Array(attackers).fill(null);
  const connecting = new Array<boolean>(attackers).fill(false);
  const partial = () => Y.encodeStateVector(new Map([...state].map(([client, clock]) => [client, Math.floor(Math.random() * clock)])));

  const connect = async (i: number) => {
    connecting[i] = true;
    while (running) {
      let client: DocClient | null = null;
      try {
        client = await DocClient.open(endpoint, name);
        await firstMessage(client, CONNECT_TIMEOUT_MS);
        client.socket.pauseReading();
        if (!running) client.socket.terminate();
        else slots[i] = client;
        break;
      } catch {
        client?.socket.terminate();
        stats.connectFailures++;
        await sleep(50);
      }
    }
    connecting[i] = false;
  };

  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    for (let i = 0; i < attackers; i++) {
      const client = slots[i];
      if (!client) continue;
      if (client.closed) {
        slots[i] = null;
        stats.reconnects++;
        if (!connecting[i]) void connect(i);
        continue;
      }
      client.sendStep1((tick + i) % 2 === 0 ? EMPTY_STATE_VECTOR : partial());
      stats.requests++;
    }
  }, intervalMs);
  const ready = Promise.all(slots.map((_, i) => connect(i)));
  return {
    stats,
    ready,
    stop() {
      running = false;
      clearInterval(timer);
      for (const client of slots) client?.socket.terminate();
    },
  };
}

/** One rep: a quiet window of edits, then the same under attack. */
async function measureFlood(
  server: RunningServer,
  edits: EditStream,
  bigName: string,
  state: Map<number, number>,
  plan: BenchContext['plan']['syncFlood'],
): Promise<{ quiet: Window; attacked: Window; attack: AttackStats }> {
  const quietRange = await edits.run(plan.durationMs, plan.editIntervalMs);
  await edits.settle(quietRange, 5_000);
  const quiet = edits.summarize(quietRange);

  const attack = startAttack(server.endpoint, bigName, plan.attackers, plan.requestIntervalMs, state);
  let peakRssBytes = server.rssBytes();
  let stoppedEarly = false;
  let killed = false;
  let attacking = true;
  // Watches the server's memory through the attack and after it (a reference keeps answering
  // requests it had already received): the attack is stopped, and after it the server killed,
  // before it takes the shared machine's memory.
  const guard = setInterval(() => {
    let rss: number;
    try {
      rss = server.rssBytes();
    } catch {
      return; // the process is gone: the edits' check will say so
    }
    peakRssBytes = Math.max(peakRssBytes, rss);
    if (rss <= RSS_LIMIT_BYTES) return;
    if (attacking && !stoppedEarly) {
      stoppedEarly = true;
      attack.stop();
    } else if (!attacking && !killed) {
      killed = true;
      void server.kill();
    }
  }, 50);
  // A swamped server may take long to let the last attackers in: the window starts anyway.
  await Promise.race([attack.ready, sleep(CONNECT_TIMEOUT_MS)]);
  const cpu0 = server.cpuMs();
  const t0 = performance.now();
  const attackedRange = await edits.run(plan.durationMs, plan.editIntervalMs);
  const serverCpuPercent = ((server.cpuMs() - cpu0) / (performance.now() - t0)) * 100;
  attack.stop();
  attacking = false;
  await edits.settle(attackedRange, DRAIN_CAP_MS);
  clearInterval(guard);
  const attacked = edits.summarize(attackedRange);
  return { quiet, attacked, attack: { ...attack.stats, stoppedEarly, killed, peakRssBytes, serverCpuPercent } };
}

/** Scenario 8 (issue 15): sync requests for a large note that are never read, against an unrelated document's edits. */
export async function syncFloodScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const plan = ctx.plan.syncFlood;
  const rows = new RowSet();
  const notes: string[] = [];
  const unresponsive: string[] = [];
  const big = buildBigDoc();
  for (const kind of ctx.servers) {
    for (let rep = 0; rep < plan.reps; rep++) {
      // A fresh server each time: a reference may still be answering the last attack minutes later.
      const server = await startServer(ctx, kind, 'local');
      let responsive = true;
      try {
        const bigName = newDocName('flood-big');
        const smallName = newDocName('flood-edits');
        await writeBigDoc(server.endpoint, bigName, big);
        // Dialogo compacts a log 2 s after its last write (up to 10 s): that is not the attack's doing.
        await waitIdle(server, 3_000, 30_000);
        const [writer, reader] = await openSynced(server.endpoint, [smallName, smallName]);
        writer!.socket.discard = true;
        const edits = new EditStream(writer!, reader!);
        const { quiet, attacked, attack } = await measureFlood(server, edits, bigName, big.state, plan);
        ctx.log(
          `sync flood ${kind.id}: p95 ${quiet.p95.toFixed(1)} ms quiet, ${attacked.p95.toFixed(1)} ms under attack ` +
            `(p99 ${attacked.p99.toFixed(1)}, max ${attacked.max.toFixed(0)}, late ${attacked.late}); ${attack.requests} requests, ` +
            `${attack.reconnects} reconnects, server CPU ${attack.serverCpuPercent.toFixed(0)} %, peak RSS ${(attack.peakRssBytes / 2 ** 20).toFixed(0)} MB` +
            `${attack.stoppedEarly ? ', attack stopped early (memory)' : ''}${attack.killed ? ', server killed after it (memory)' : ''}`,
        );
        const ms = { unit: 'ms', better: 'lower' } as const;
        rows.add(kind.id, 'edit latency p50, no attack', quiet.p50, ms);
        rows.add(kind.id, 'edit latency p95, no attack', quiet.p95, ms);
        rows.add(kind.id, 'edit latency p99, no attack', quiet.p99, ms);
        rows.add(kind.id, 'edit latency p50 under attack', attacked.p50, ms);
        rows.add(kind.id, 'edit latency p95 under attack', attacked.p95, { ...ms, target: { op: '<', value: 100 } });
        rows.add(kind.id, 'edit latency p99 under attack', attacked.p99, ms);
        rows.add(kind.id, 'edit latency max under attack', attacked.max, ms);
        rows.add(kind.id, 'p95 under attack / p95 without', attacked.p95 / quiet.p95, { unit: '×', better: 'lower' });
        rows.add(kind.id, `edits not arrived ${DRAIN_CAP_MS / 1000} s after the attack stopped`, attacked.late, { unit: 'count', better: 'lower' });
        rows.add(kind.id, 'sync requests sent by the attackers', attack.requests, { unit: 'count', better: 'lower', noRatio: true });
        rows.add(kind.id, 'attacking sockets closed by the server (reconnected)', attack.reconnects, { unit: 'count', better: 'higher', noRatio: true });
        rows.add(kind.id, 'server CPU under attack', attack.serverCpuPercent, { unit: '% core', better: 'lower' });
        rows.add(kind.id, 'server RSS peak, attack and wait after it', attack.peakRssBytes / 2 ** 20, { unit: 'MB', better: 'lower' });
        const gib = RSS_LIMIT_BYTES / 2 ** 30;
        rows.add(kind.id, `attack stopped early (server RSS > ${gib} GiB)`, attack.stoppedEarly ? 1 : 0, { unit: 'count', better: 'lower', noRatio: true });
        rows.add(kind.id, `server killed after the attack (RSS > ${gib} GiB)`, attack.killed ? 1 : 0, { unit: 'count', better: 'lower', noRatio: true });

        // Every edit of the small document arrives, once and in order, and the server holds them all;
        // a server still swamped by the attack cannot be asked (it is counted, and killed).
        const expected = edits.text.join('');
        const stored = attack.killed
          ? null
          : await Promise.race([fetchText(server.endpoint, smallName, expected, 5_000).catch(() => null), sleep(10_000).then(() => null)]);
        responsive = stored !== null;
        rows.add(kind.id, `server unresponsive ${DRAIN_CAP_MS / 1000} s after the attack (copy not checked)`, responsive ? 0 : 1, {
          unit: 'count',
          better: 'lower',
          noRatio: true,
        });
        const zero = { unit: 'count', better: 'lower', mustBeZero: true } as const;
        rows.add(kind.id, 'edits duplicated or out of order', edits.mismatched, zero);
        if (responsive) {
          rows.add(kind.id, 'edits lost (never arrived)', edits.missing(0, edits.sentAt.length), zero);
          rows.add(kind.id, "server's copy of the edited document differs", stored === expected ? 0 : 1, zero);
        } else unresponsive.push(kind.id);
        writer!.close();
        reader!.close();
      } finally {
        if (responsive) await server.stop();
        else await server.kill();
      }
    }
  }
  const list = rows.list();
  const failures: string[] = [];
  checkZero(list, failures);
  if (unresponsive.length > 0) {
    notes.push(
      `Still swamped ${DRAIN_CAP_MS / 1000} s after the attack stopped (a new client could not read the edited document within 10 s), so its lost-edit and copy checks were not run: ${unresponsive.join(', ')}.`,
    );
  }
  notes.push(
    `The attacked note: ${BIG_DOC_CHARS / 2 ** 20} MiB of text written as ${BIG_DOC_INSERTS} inserts at random places (thousands of Yjs items), sent through the server as ordinary updates.`,
    'Latencies of edits that had not arrived when measured count as their wait so far (a lower bound). ' +
      `The attack stops at the end of its window, or earlier when a server's resident memory passes ${RSS_LIMIT_BYTES / 2 ** 30} GiB (the answers it queues for sockets that never read).`,
    'Dialogo answers an empty state vector from one encoding per document state, gives a connection a burst of 200 sync requests then 20 a second ' +
      '(more closes it with 4429), sends no new answer while the last is unread, and cuts a socket that drains nothing for 10 s (4430): ' +
      'closed attackers are expected there, and each is opened again at once.',
  );
  return {
    id: 'sync-flood',
    title: '8. Sync flood',
    method:
      `A ${BIG_DOC_CHARS / 2 ** 20} MiB note on the server; ${plan.attackers} raw sockets on it each send a sync step 1 every ${plan.requestIntervalMs} ms ` +
      '(an empty state vector and a random partial one in turn) and never read (the socket is paused); a socket the server closes is opened again. ' +
      `Meanwhile one writer appends to an unrelated small document every ${plan.editIntervalMs} ms and a reader of that document times each edit ` +
      `from send to receipt: ${plan.durationMs / 1000} s without the attack, then ${plan.durationMs / 1000} s under it ` +
      `(edits sent under attack may arrive up to ${DRAIN_CAP_MS / 1000} s after it stopped). Server CPU is % of one core during the attack window.`,
    rows: list,
    notes,
    failures,
    servers: ctx.servers.map((s) => s.id),
  };
}
