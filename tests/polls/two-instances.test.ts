import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollUpdate } from '@dialogo/shared';
import { closeAllLiveClients, liveClient, type LiveClient } from '../helpers/live-client.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { openPoll, pollView, voteLive, watchPoll } from './poll-helpers.ts';

/**
 * Exact counting under concurrency: 25 cities vote at once, half through each of two instances on
 * one Redis, and every city votes twice at the same moment from two delegates, one through each
 * instance (one over socket.io, one over HTTP). The count must be one ballot per city and the
 * tally the expected one, and viewers on both instances must receive that final tally live.
 */

const OPTIONS = ['Three rotating cities', 'One lead city', 'An external body'];
const CITIES = 25;

let a: TestServer;
let b: TestServer;
const prefix = uniquePrefix('polls-two');

interface City {
  id: string;
  delegates: { id: string; cookie: string }[];
}
const cities: City[] = [];

beforeAll(async () => {
  a = await startServer({ store: 'redis', prefix });
  b = await startServer({ store: 'redis', prefix });
  const admin = await a.adminCookie();
  for (let i = 0; i < CITIES; i++) cities.push({ id: await createCity(a.url, admin, `Città ${String(i + 1).padStart(2, '0')}`), delegates: [] });
  // Two delegates per city, a few at a time (each one hashes a password).
  for (let i = 0; i < CITIES; i += 5) {
    await Promise.all(
      cities.slice(i, i + 5).flatMap((city) =>
        [0, 1].map(async (n) => {
          const m = await createMember(a.url, admin, {
            role: 'delegate',
            cityId: city.id,
            name: `Delegate ${n} of ${city.id}`,
            email: `d${n}-${city.id}@example.org`,
          });
          city.delegates[n] = { id: m.person.id, cookie: m.cookie };
        }),
      ),
    );
  }
}, 120_000);

afterAll(async () => {
  closeAllLiveClients();
  await stopAllServers();
  await deletePrefix(prefix);
});

describe('one ballot per city across two instances', () => {
  it('counts 25 cities voting at once, each from two delegates on both instances, exactly', async () => {
    const admin = await a.adminCookie();
    const id = await openPoll(a.url, admin, {
      question: 'Which coordination structure should the network adopt?',
      kind: 'single',
      options: OPTIONS,
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
    });
    const optionIds = (await pollView(a.url, admin, id)).poll.options.map((o) => o.id);

    // Viewers on both instances: the coordinator and a delegate on each.
    const viewers: { socket: LiveClient; updates: PollUpdate[] }[] = [];
    for (const [server, cookie] of [
      [a, admin],
      [b, admin],
      [a, cities[0]!.delegates[0]!.cookie],
      [b, cities[1]!.delegates[1]!.cookie],
    ] as const) {
      const socket = await liveClient(server.url, { cookie });
      viewers.push({ socket, updates: (await watchPoll(socket, id)).updates });
    }

    // City i chooses option i % 3: 9 + 8 + 8.
    const choiceOf = (i: number) => optionIds[i % 3]!;
    const sockets = await Promise.all(cities.map((city, i) => liveClient((i % 2 === 0 ? a : b).url, { cookie: city.delegates[0]!.cookie })));
    const results = await Promise.all(
      cities.flatMap((city, i) => {
        const choice = { kind: 'single' as const, option: choiceOf(i) };
        // Delegate 0 through one instance over socket.io, delegate 1 through the other over HTTP.
        const other = i % 2 === 0 ? b : a;
        return [
          voteLive(sockets[i]!, id, { choice, reason: `socket vote of ${city.id}` }).then((ack) => (ack.ok ? 200 : ack.error.code)),
          api(other.url, `/api/polls/${id}/vote`, {
            method: 'POST',
            cookie: city.delegates[1]!.cookie,
            json: { choice, reason: `http vote of ${city.id}` },
          }).then((r) => r.status),
        ];
      }),
    );
    expect(results.every((r) => r === 200)).toBe(true);

    const expected = [0, 1, 2].map((k) => ({ option: optionIds[k]!, total: cities.filter((_, i) => i % 3 === k).length }));
    expect(expected.map((e) => e.total)).toEqual([9, 8, 8]);

    for (const server of [a, b]) {
      const view = await pollView(server.url, admin, id);
      expect(view.turnout).toMatchObject({ eligible: CITIES, voted: CITIES, notVoted: [] });
      expect(view.results).toMatchObject({ kind: 'single', ballots: CITIES, totals: expected });
      // One ballot per city, and neither of its two casts lost: both are in its history, the later one counts.
      expect(view.ballots).toHaveLength(CITIES);
      for (const ballot of view.ballots!) {
        const city = cities.find((c) => c.id === ballot.voter.id)!;
        expect(ballot.history.map((h) => h.castBy.id).sort()).toEqual(city.delegates.map((d) => d.id).sort());
        expect(ballot.castBy.id).toBe(ballot.history.at(-1)!.castBy.id);
      }
    }

    // Every viewer, on both instances, received the final tally (the highest revision they saw is it).
    const final = (await pollView(b.url, admin, id)).revision;
    for (const viewer of viewers) {
      await eventually(() => {
        const latest = viewer.updates.reduce<PollUpdate | null>((best, u) => (!best || u.revision > best.revision ? u : best), null);
        expect(latest?.revision).toBe(final);
        expect(latest?.turnout).toEqual({ eligible: CITIES, voted: CITIES });
        expect(latest?.results).toMatchObject({ ballots: CITIES, totals: expected });
      });
    }
  });
});
