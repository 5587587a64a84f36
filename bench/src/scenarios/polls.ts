import { performance } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { LIVE_PATH, type Ack, type ClientToServerEvents, type Person, type PollView, type VoteReceipt, type ServerToClientEvents } from '@dialogo/shared';
import { api, inviteDelegate, signInAs } from '../api.ts';
import { startServer, type BenchContext } from '../context.ts';
import { RowSet, checkZero, type ScenarioResult } from '../results.ts';
import type { HttpSide, RunningServer } from '../servers/index.ts';
import { dialogo } from '../servers/dialogo.ts';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const OPTIONS = ['Tre città a rotazione', 'Una città capofila', 'Un ente esterno', 'Il coordinamento attuale', 'Da decidere a settembre'];

/** One city's delegate, connected to one of the two instances. */
interface Voter {
  cityId: string;
  cookie: string;
  instance: 'A' | 'B';
  socket?: LiveSocket;
}

/** Signs in one delegate per city (the seeded ones where a city has one; else one is invited). */
async function votersOf(http: HttpSide): Promise<Voter[]> {
  const [{ cities }, { people }] = await Promise.all([
    api<{ cities: { id: string; archived: boolean }[] }>(http, '/api/cities'),
    api<{ people: Person[] }>(http, '/api/people'),
  ]);
  const voters: Voter[] = [];
  const open = cities.filter((c) => !c.archived);
  // A few at a time: each sign-in or acceptance hashes a password (argon2) on the server.
  for (let i = 0; i < open.length; i += 4) {
    const batch = await Promise.all(
      open.slice(i, i + 4).map(async (city) => {
        const delegate = people.find((p) => p.role === 'delegate' && p.cityId === city.id && !p.archived);
        const { cookie } = delegate
          ? await signInAs(http, delegate.email, http.demoPassword)
          : await inviteDelegate(http, city.id, `Delegata di ${city.id}`, `bench-${city.id}-${process.pid}@example.org`);
        return { cityId: city.id, cookie };
      }),
    );
    voters.push(...batch.map((v, j) => ({ ...v, instance: (i + j) % 2 === 0 ? ('A' as const) : ('B' as const) })));
  }
  return voters;
}

function liveSocket(http: HttpSide, cookie: string): Promise<LiveSocket> {
  const socket: LiveSocket = connect(http.url, { path: LIVE_PATH, transports: ['websocket'], reconnection: false, extraHeaders: { Cookie: cookie } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Casts one ballot; an acknowledgement that never comes (a lost socket) counts as a refusal. */
const vote = (socket: LiveSocket, pollId: string, option: string) =>
  new Promise<Ack<VoteReceipt>>((resolve) =>
    socket
      .timeout(30_000)
      .emit('poll:vote', { pollId, choice: { kind: 'single', option } }, (err: Error | null, ack: Ack<VoteReceipt>) =>
        resolve(err ? ({ ok: false, error: { code: 'no-acknowledgement', message: err.message } } as unknown as Ack<VoteReceipt>) : ack),
      ),
  );

interface PollRun {
  accepted: number;
  refused: number;
  refusals: Map<string, number>;
  seconds: number;
  /** Ballots the server counted beyond (or short of) the acknowledged ones: poll revision minus acks. */
  countedMinusAcked: number;
  /** Cities whose stored ballot is not their last acknowledged one, or counted other than once. */
  wrongCities: number;
  /** Option totals that differ from the last ballots' own count. */
  wrongTotals: number;
  turnout: number;
  cities: number;
  /** JSON size of the largest acknowledgement of the last ballots: what each vote sends back by then. */
  ackBytes: number;
}

/**
 * One measurement: a fresh poll, every voter re-voting with `inFlight` ballots outstanding for
 * `durationMs`; then, with nothing in flight, each city's last ballot alone, and the count read
 * back through the other instance.
 */
async function runPoll(a: HttpSide, b: HttpSide, voters: Voter[], inFlight: number, durationMs: number): Promise<PollRun> {
  const { poll } = await api<{ poll: { id: string } }>(a, '/api/polls', {
    method: 'POST',
    json: {
      question: 'Quale struttura di coordinamento deve adottare la rete?',
      kind: 'single',
      options: OPTIONS,
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
    },
  });
  const opened = await api<PollView>(a, `/api/polls/${poll.id}/open`, { method: 'POST' });
  const optionIds = opened.poll.options.map((o) => o.id);

  let accepted = 0;
  let refused = 0;
  const refusals = new Map<string, number>();
  const settle = (ack: Ack<VoteReceipt>) => {
    if (ack.ok) accepted++;
    else {
      refused++;
      refusals.set(ack.error.code, (refusals.get(ack.error.code) ?? 0) + 1);
    }
  };
  const t0 = performance.now();
  const end = t0 + durationMs;
  let lastAckAt = t0;
  // Each voter keeps `inFlight` ballots outstanding, sending the next as soon as one is acknowledged.
  await Promise.all(
    voters.map(async (voter, v) => {
      let seq = 0;
      const lane = async () => {
        while (performance.now() < end) {
          settle(await vote(voter.socket!, poll.id, optionIds[(v + seq++) % optionIds.length]!));
          lastAckAt = performance.now();
        }
      };
      await Promise.all(Array.from({ length: inFlight }, lane));
    }),
  );
  const seconds = (lastAckAt - t0) / 1000;
  const timedAccepted = accepted;

  // Nothing is in flight now, so each city's final ballot is the last one the server stores.
  const last = new Map<string, string>();
  let ackBytes = 0;
  await Promise.all(
    voters.map(async (voter, v) => {
      const option = optionIds[(v * 7) % optionIds.length]!;
      const ack = await vote(voter.socket!, poll.id, option);
      settle(ack);
      if (ack.ok) last.set(voter.cityId, option);
      ackBytes = Math.max(ackBytes, JSON.stringify(ack).length);
    }),
  );

  const view = await api<PollView>(b, `/api/polls/${poll.id}`);
  const ballots = view.ballots ?? [];
  let wrongCities = 0;
  for (const voter of voters) {
    const mine = ballots.filter((x) => x.voter.id === voter.cityId);
    const choice = mine[0]?.choice;
    if (mine.length !== 1 || choice?.kind !== 'single' || choice.option !== last.get(voter.cityId)) wrongCities++;
  }
  const expected = new Map(optionIds.map((id) => [id, 0]));
  for (const option of last.values()) expected.set(option, expected.get(option)! + 1);
  const totals = view.results && 'totals' in view.results ? view.results.totals : [];
  const wrongTotals = optionIds.filter((id) => totals.find((t) => t.option === id)?.total !== expected.get(id)).length;
  // The view's revision is the poll's own plus one per ballot cast and stored.
  const counted = view.revision - view.poll.revision;
  return {
    accepted: timedAccepted,
    refused,
    refusals,
    seconds,
    countedMinusAcked: counted - accepted,
    wrongCities,
    wrongTotals,
    turnout: view.turnout.voted,
    cities: voters.length,
    ackBytes,
  };
}

/** Scenario 6: one voter per city, half on each of two Dialogo instances, re-voting as fast as acknowledged. */
export async function pollsScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const { inFlight, durationMs, reps } = ctx.plan.polls;
  const rows = new RowSet();
  const notes: string[] = [];
  const runs = ctx.servers.some((k) => k.id === 'dialogo');
  const servers: RunningServer[] = [];
  let voterCount = 0;
  if (runs) {
    try {
      servers.push(await startServer(ctx, dialogo, 'redis'));
      // B starts while the voters sign in on A (after A has seeded the demo network, so they never seed at once).
      const starting = startServer(ctx, dialogo, 'redis');
      starting.catch(() => undefined);
      const voters = await votersOf(servers[0]!.http!).finally(async () => {
        servers.push(await starting);
      });
      const [a, b] = servers.map((s) => s.http!) as [HttpSide, HttpSide];
      voterCount = voters.length;
      for (const voter of voters) voter.socket = await liveSocket(voter.instance === 'A' ? a : b, voter.cookie);
      for (let rep = 0; rep < reps; rep++) {
        const run = await runPoll(a, b, voters, inFlight, durationMs);
        const rate = run.accepted / run.seconds;
        ctx.log(
          `polls: ${run.accepted} ballots in ${run.seconds.toFixed(1)} s = ${rate.toFixed(0)}/s, ${run.refused} refused, turnout ${run.turnout}/${run.cities}`,
        );
        rows.add('dialogo', 'ballots accepted per second (two instances)', rate, { unit: 'ballots/s', better: 'higher', target: { op: '>=', value: 5000 } });
        rows.add('dialogo', 'ballots accepted', run.accepted, { unit: 'count', better: 'higher', noRatio: true });
        rows.add('dialogo', 'ballots refused (error acknowledgement)', run.refused, { unit: 'count', better: 'lower', noRatio: true });
        rows.add('dialogo', 'size of one acknowledgement at the end (JSON)', run.ackBytes, { unit: 'bytes', better: 'lower', noRatio: true });
        const zero = { unit: 'count', better: 'lower', mustBeZero: true } as const;
        rows.add('dialogo', 'ballots counted minus ballots acknowledged', run.countedMinusAcked, zero);
        rows.add('dialogo', 'cities whose stored ballot is not their last acknowledged one', run.wrongCities, zero);
        rows.add('dialogo', 'option totals that differ from the last ballots', run.wrongTotals, zero);
        rows.add('dialogo', 'turnout short of one ballot per city', run.cities - run.turnout, zero);
        if (run.refusals.size > 0) notes.push(`Refusals by code: ${[...run.refusals].map(([code, n]) => `${code} × ${n}`).join(', ')}.`);
      }
      for (const voter of voters) voter.socket?.disconnect();
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  }
  const list = rows.list();
  const failures: string[] = [];
  checkZero(list, failures);
  return {
    id: 'polls',
    title: '6. Polls',
    method:
      `Two Dialogo instances on one Redis. The coordinator creates and opens a per-city, named, single-choice poll ` +
      `(${OPTIONS.length} options, live results) over HTTP on instance A. One delegate per city (${voterCount || 25} cities; the seeded ` +
      'delegates, the others invited over HTTP), half connected over socket.io to A and half to B, each re-voting with ' +
      `${inFlight} ballots in flight (\`poll:vote\`, the next sent as soon as one is acknowledged) for ${durationMs / 1000} s: ` +
      'ballots acknowledged as accepted per second of that window. The server has no per-person vote rate limit to stay within. ' +
      'Then, with nothing in flight, every city casts one last ballot alone, and the poll is read over HTTP through instance B: ' +
      "each city must hold exactly its last acknowledged ballot, the option totals must equal those ballots' count, and the " +
      "poll's revision (its own plus one per ballot stored) must count exactly the ballots acknowledged. The size of the " +
      'acknowledgement of a last ballot is shown because each one carries the whole poll view. Dialogo only: no reference.',
    rows: list,
    notes,
    failures,
    servers: runs ? ['dialogo'] : [],
  };
}
