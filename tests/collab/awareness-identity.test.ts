import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { MessageType, type Person } from '@dialogo/shared';
import { openRawDoc, type RawDocSocket } from '../helpers/raw-doc.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Issue 15: carets and names belong to the connection's person. Raw y-protocols clients, two real
 * instances on one Redis prefix: the server stamps who a caret is, whatever the client claims.
 */

interface Entry {
  id: number;
  clock: number;
  state: Record<string, unknown> | null;
}

function awarenessFrame(entries: Entry[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const { id, clock, state } of entries) {
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

/** The awareness entries of one received message, or null for another kind of message. */
function entriesOf(message: Uint8Array): Entry[] | null {
  const d = decoding.createDecoder(message);
  if (decoding.readVarUint(d) !== MessageType.awareness) return null;
  const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
  const out: Entry[] = [];
  for (let n = decoding.readVarUint(inner); n > 0; n--) {
    out.push({ id: decoding.readVarUint(inner), clock: decoding.readVarUint(inner), state: JSON.parse(decoding.readVarString(inner)) as Entry['state'] });
  }
  return out;
}

/** What a socket was told about every awareness entry: its latest state (null when removed). */
function statesSeen(s: RawDocSocket): Map<number, Record<string, unknown> | null> {
  const states = new Map<number, Record<string, unknown> | null>();
  for (const m of s.received) for (const e of entriesOf(m) ?? []) states.set(e.id, e.state);
  return states;
}

/** Every state a socket was ever told for one entry. */
function historyOf(s: RawDocSocket, id: number): (Record<string, unknown> | null)[] {
  const out: (Record<string, unknown> | null)[] = [];
  for (const m of s.received) for (const e of entriesOf(m) ?? []) if (e.id === id) out.push(e.state);
  return out;
}

function userOf(state: Record<string, unknown> | null | undefined): Record<string, unknown> | undefined {
  return state?.user as Record<string, unknown> | undefined;
}

describe('awareness identity', () => {
  const prefix = uniquePrefix('awareness-identity');
  let a: TestServer;
  let b: TestServer;
  let admin: string;
  let adminPerson: Person;
  let cityA: string;
  let cityB: string;
  let n = 0;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer({ store: 'redis', prefix }), startServer({ store: 'redis', prefix })]);
    admin = await a.adminCookie();
    adminPerson = ((await (await api(a.url, '/api/auth/me', { cookie: admin })).json()) as { person: Person }).person;
    cityA = await createCity(a.url, admin, 'Lodi');
    cityB = await createCity(a.url, admin, 'Pavia');
  });
  afterAll(async () => {
    await stopAllServers();
    await deletePrefix(prefix);
  });

  async function delegate(cityId: string, name: string) {
    const email = `delegate-${++n}@awareness-identity.test`;
    return createMember(a.url, admin, { role: 'delegate', cityId, name, email });
  }

  /** A proposal of city A: its delegates edit it, the other members read it. */
  async function proposalOfA(title: string): Promise<string> {
    const res = await api(a.url, '/api/documents', {
      method: 'POST',
      cookie: admin,
      json: { title, kind: 'proposal', scope: { cities: [cityA], visibility: 'network' } },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { document: { name: string } }).document.name;
  }

  async function open(server: TestServer, name: string, cookie: string): Promise<RawDocSocket> {
    const s = openRawDoc(server.wsUrl, name, { cookie });
    await s.sync();
    return s;
  }

  it('replaces a forged name with the session person, keeping the cursor', async () => {
    const name = await proposalOfA('Forged name');
    const lodi = await delegate(cityA, 'Delegate of Lodi');
    const watcher = await open(a, name, admin);
    const forger = await open(a, name, lodi.cookie);
    forger.ws.send(
      awarenessFrame([{ id: 5001, clock: 1, state: { user: { name: 'Coordinator', color: '#000000', id: adminPerson.id }, cursor: { anchor: 3, head: 7 } } }]),
    );
    await eventually(() => expect(statesSeen(watcher).get(5001)).toBeTruthy());
    const state = statesSeen(watcher).get(5001)!;
    expect(userOf(state)).toMatchObject({ id: lodi.person.id, name: 'Delegate of Lodi', city: cityA });
    expect(userOf(state)!.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(userOf(state)!.color).not.toBe('#000000');
    expect(state.cursor).toEqual({ anchor: 3, head: 7 });
    watcher.close();
    forger.close();
  });

  it('refuses a takeover of a client id held on another instance: the victim and their watchers keep the victim', async () => {
    const name = await proposalOfA('Cross-instance takeover');
    const victimPerson = await delegate(cityA, 'Victim of Lodi');
    const attackerPerson = await delegate(cityA, 'Attacker of Lodi');
    const victim = await open(a, name, victimPerson.cookie);
    const watcherA = await open(a, name, admin);
    victim.ws.send(awarenessFrame([{ id: 6001, clock: 1, state: { user: { name: 'Victim of Lodi' }, cursor: { anchor: 1, head: 1 } } }]));
    await eventually(() => expect(userOf(statesSeen(watcherA).get(6001))).toMatchObject({ name: 'Victim of Lodi' }));
    // A watcher of instance B that joined after the victim still learns the victim's caret.
    const watcherB = await open(b, name, admin);
    await eventually(() => expect(userOf(statesSeen(watcherB).get(6001))).toMatchObject({ name: 'Victim of Lodi' }));

    const attacker = await open(b, name, attackerPerson.cookie);
    attacker.ws.send(awarenessFrame([{ id: 6001, clock: 1000, state: { user: { name: 'Forged' }, cursor: { anchor: 99, head: 99 } } }]));
    // Its own entry passes, after the forgery on the same socket and the same relay channel.
    attacker.ws.send(awarenessFrame([{ id: 6002, clock: 1, state: { cursor: { anchor: 2, head: 2 } } }]));
    await eventually(() => expect(userOf(statesSeen(watcherA).get(6002))).toMatchObject({ name: 'Attacker of Lodi' }));
    await eventually(() => expect(userOf(statesSeen(watcherB).get(6002))).toMatchObject({ name: 'Attacker of Lodi' }));

    for (const s of [watcherA, watcherB, victim]) {
      for (const state of historyOf(s, 6001)) {
        expect(userOf(state)).toMatchObject({ id: victimPerson.person.id, name: 'Victim of Lodi' });
        expect(state!.cursor).toEqual({ anchor: 1, head: 1 });
      }
    }
    for (const s of [victim, watcherA, watcherB, attacker]) s.close();
  });

  it('keeps a dropped client id for its person: another person cannot claim it, on either instance', async () => {
    const name = await proposalOfA('Dropped id');
    const ownerPerson = await delegate(cityA, 'Owner of Lodi');
    const otherPerson = await delegate(cityA, 'Other of Lodi');
    const watcherA = await open(a, name, admin);
    const watcherB = await open(b, name, admin);
    const owner = await open(a, name, ownerPerson.cookie);
    owner.ws.send(awarenessFrame([{ id: 7001, clock: 1, state: { cursor: { anchor: 1, head: 1 } } }]));
    await eventually(() => expect(userOf(statesSeen(watcherB).get(7001))).toMatchObject({ name: 'Owner of Lodi' }));
    owner.close();
    await eventually(() => {
      expect(statesSeen(watcherA).get(7001)).toBeNull();
      expect(statesSeen(watcherB).get(7001)).toBeNull();
    });

    for (const server of [a, b]) {
      const thief = await open(server, name, otherPerson.cookie);
      thief.ws.send(awarenessFrame([{ id: 7001, clock: 50, state: { cursor: { anchor: 9, head: 9 } } }]));
      const own = server === a ? 7002 : 7003;
      thief.ws.send(awarenessFrame([{ id: own, clock: 1, state: { cursor: { anchor: 2, head: 2 } } }]));
      await eventually(() => {
        expect(userOf(statesSeen(watcherA).get(own))).toMatchObject({ name: 'Other of Lodi' });
        expect(userOf(statesSeen(watcherB).get(own))).toMatchObject({ name: 'Other of Lodi' });
      });
      thief.close();
    }
    for (const s of [watcherA, watcherB]) {
      for (const state of historyOf(s, 7001)) if (state) expect(userOf(state)).toMatchObject({ name: 'Owner of Lodi' });
    }

    // The same person, back with the same client id, has it again.
    const back = await open(b, name, ownerPerson.cookie);
    back.ws.send(awarenessFrame([{ id: 7001, clock: 60, state: { cursor: { anchor: 5, head: 5 } } }]));
    await eventually(() => {
      expect(statesSeen(watcherA).get(7001)).toMatchObject({ user: { name: 'Owner of Lodi' }, cursor: { anchor: 5, head: 5 } });
      expect(statesSeen(watcherB).get(7001)).toMatchObject({ user: { name: 'Owner of Lodi' }, cursor: { anchor: 5, head: 5 } });
    });
    for (const s of [back, watcherA, watcherB]) s.close();
  });

  it('caps the awareness of one person across 20 sockets, as one watcher sees it', async () => {
    const name = await proposalOfA('Twenty sockets');
    const loud = await delegate(cityA, 'Loud of Lodi');
    const watcher = await open(a, name, admin);
    const sockets = await Promise.all(Array.from({ length: 20 }, () => open(a, name, loud.cookie)));
    const before = watcher.received.length;
    // Each socket sends 40 caret moves of ~1 KB over about one second (800 in all).
    const pad = 'x'.repeat(1000);
    for (let round = 1; round <= 40; round++) {
      sockets.forEach((s, i) => s.ws.send(awarenessFrame([{ id: 8000 + i, clock: round, state: { cursor: { anchor: round, head: round }, pad } }])));
      await new Promise((r) => setTimeout(r, 25));
    }
    // Let what the server accepted arrive, then count.
    await Promise.all(sockets.map((s) => s.sync()));
    await watcher.sync();
    const messages = watcher.received.slice(before).filter((m) => entriesOf(m) !== null);
    const bytes = messages.reduce((sum, m) => sum + m.byteLength, 0);
    // AWARENESS_MAX_PER_SECOND (30) for the person, with a burst of as many; not 20 times that.
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.length).toBeLessThanOrEqual(120);
    expect(bytes).toBeLessThanOrEqual(160 * 1024);
    for (const s of [watcher, ...sockets]) s.close();
  });

  it('shows a reader as present under their session name, never a forged one', async () => {
    const name = await proposalOfA('Reader presence');
    const reader = await delegate(cityB, 'Reader of Pavia');
    const watcher = await open(b, name, admin);
    const socket = await open(a, name, reader.cookie);
    socket.ws.send(awarenessFrame([{ id: 9001, clock: 1, state: { user: { name: 'Coordinator', color: '#000000' }, cursor: { anchor: 1, head: 1 } } }]));
    await eventually(() => expect(statesSeen(watcher).get(9001)).toBeTruthy());
    expect(userOf(statesSeen(watcher).get(9001))).toMatchObject({ id: reader.person.id, name: 'Reader of Pavia', city: cityB });
    for (const state of historyOf(watcher, 9001)) expect(userOf(state)!.name).toBe('Reader of Pavia');
    watcher.close();
    socket.close();
  });
});
