import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { io as connect, type Socket } from 'socket.io-client';
import { generateNKeysBetween } from 'fractional-indexing';
import { AgendaShape, LIVE_PATH, type Ack, type ClientToServerEvents, type MeetingView, type RoomState, type ServerToClientEvents } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A participant's socket.io client that, like the browser, joins the room again after every reconnection. */
interface Participant {
  socket: RoomSocket;
  /** The last state the server sent this participant. */
  state(): RoomState | null;
  emit<E extends keyof ClientToServerEvents>(event: E, input: Parameters<ClientToServerEvents[E]>[0]): Promise<Ack<unknown>>;
}
const sockets: RoomSocket[] = [];

function participant(url: string, cookie: string, meetingId: string): Promise<Participant> {
  const socket: RoomSocket = connect(url, {
    path: LIVE_PATH,
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
  });
  sockets.push(socket);
  let last: RoomState | null = null;
  socket.on('meeting:state', (state) => {
    if (state.meetingId === meetingId) last = state;
  });
  const emit = (event: string, input: unknown) =>
    new Promise<Ack<unknown>>((resolve) => (socket.emit as (e: string, i: unknown, ack: (a: Ack<unknown>) => void) => void)(event, input, resolve));
  // A server going down for a restart closes its sockets itself, after which socket.io does not
  // reconnect on its own; the browser's room client connects again, and so does this one.
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 200);
  });
  socket.on('connect', () => {
    void emit('meeting:join', { meetingId }).then((ack) => {
      if (ack.ok) last = ack.data as RoomState;
    });
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, state: () => last, emit: emit as Participant['emit'] }));
    socket.once('connect_error', reject);
  });
}

/** Writes an agenda of three items with time boxes of 10, 20 and 30 minutes. */
async function writeAgenda(server: TestServer, meetingId: string): Promise<string[]> {
  const client = await connectDoc(server, `agenda:${meetingId}`);
  const ids = ['intro', 'work-plan', 'communication'];
  const keys = generateNKeysBetween(null, null, 3);
  client.doc.transact(() => {
    ids.forEach((id, i) => {
      const cells = new Y.Map<unknown>();
      client.doc.getMap(AgendaShape.items).set(id, cells);
      cells.set('order', keys[i]);
      cells.set('parent', '');
      cells.set('title', id);
      cells.set('minutes', String((i + 1) * 10));
    });
  });
  // Stored once the server has acknowledged it: a new connection reads it back.
  const check = await connectDoc(server, `agenda:${meetingId}`);
  await eventually(() => expect(check.doc.getMap(AgendaShape.items).size).toBe(3));
  client.destroy();
  check.destroy();
  return ids;
}

const MINUTE = 60_000;

/** The live room on two instances over one Redis, and after one of them restarts. */
describe('meeting room', () => {
  const prefix = uniquePrefix('room');
  const dirs: string[] = [];
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    destroyAllDocClients();
    await stopAllServers();
    await deletePrefix(prefix);
    for (const dir of dirs) removeDataDir(dir);
  });

  it(
    'shows the same presence, current item, server-clock timer and speaking queue on two instances, and after one restarts',
    { timeout: 120_000 },
    async () => {
      const a = await startServer({ store: 'redis', prefix });
      let b = await startServer({ store: 'redis', prefix });
      const admin = await a.adminCookie();
      const [torino, reggio] = await Promise.all([createCity(a.url, admin, 'Torino'), createCity(a.url, admin, 'Reggio Emilia')]);
      const sara = await createMember(a.url, admin, { role: 'delegate', cityId: torino, name: 'Sara Lombardi', email: 'sara@example.org' });
      const marco = await createMember(a.url, admin, { role: 'delegate', cityId: reggio, name: 'Marco Ferri', email: 'marco@example.org' });
      const created = await api(a.url, '/api/meetings', {
        method: 'POST',
        cookie: admin,
        json: { title: 'Coordination meeting', startsAt: '2026-06-18T08:00:00Z', endsAt: '2026-06-18T10:00:00Z' },
      });
      const { meeting } = (await created.json()) as { meeting: MeetingView };
      const [intro, workPlan] = await writeAgenda(a, meeting.id);

      const chair = await participant(a.url, admin, meeting.id);
      const saraOnB = await participant(b.url, sara.cookie, meeting.id);
      const marcoOnA = await participant(a.url, marco.cookie, meeting.id);
      const everyone = [chair, saraOnB, marcoOnA];

      // Presence: everyone sees the three of them, with their cities, wherever they are connected.
      await eventually(() => {
        for (const p of everyone) {
          const present = p.state()!.present;
          expect(present).toHaveLength(3);
          expect(present.filter((x) => x.cityId).map((x) => [x.name, x.cityId])).toEqual([
            ['Marco Ferri', reggio],
            ['Sara Lombardi', torino],
          ]);
        }
      });

      // Only the chair runs the meeting; a malformed event gets an error ack and changes nothing.
      expect(await saraOnB.emit('meeting:control', { meetingId: meeting.id, command: 'start' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await chair.emit('meeting:control', { meetingId: meeting.id, command: 'launch' as 'start' })).toMatchObject({
        ok: false,
        error: { code: 'validation_failed', fields: { command: expect.any(String) } },
      });
      expect(await chair.emit('meeting:control', null as unknown as { meetingId: string; command: 'start' })).toMatchObject({
        ok: false,
        error: { code: 'validation_failed' },
      });
      expect(await chair.emit('meeting:join', { meetingId: '../../etc' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      expect(await saraOnB.emit('meeting:hand', { meetingId: meeting.id, raised: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });

      // The chair starts: the first item is current on both instances, with one deadline from the server's clock.
      const before = Date.now();
      const started = await chair.emit('meeting:control', { meetingId: meeting.id, command: 'start' });
      expect(started.ok).toBe(true);
      await eventually(() => {
        for (const p of everyone) expect(p.state()).toMatchObject({ status: 'live', live: { currentItemId: intro } });
      });
      const deadline = chair.state()!.live.itemEndsAt!;
      expect(deadline).toBeGreaterThanOrEqual(before + 10 * MINUTE);
      expect(deadline).toBeLessThanOrEqual(Date.now() + 10 * MINUTE);
      for (const p of everyone) expect(p.state()!.live.itemEndsAt).toBe(deadline);

      // A hand raised on B is in the queue seen on A; the chair gives the floor in order.
      expect((await saraOnB.emit('meeting:hand', { meetingId: meeting.id, raised: true })).ok).toBe(true);
      expect((await marcoOnA.emit('meeting:hand', { meetingId: meeting.id, raised: true })).ok).toBe(true);
      await eventually(() => {
        for (const p of everyone) expect(p.state()!.live.queue.map((s) => s.name)).toEqual(['Sara Lombardi', 'Marco Ferri']);
      });
      expect(await marcoOnA.emit('meeting:floor', { meetingId: meeting.id, personId: null })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect((await chair.emit('meeting:floor', { meetingId: meeting.id, personId: null })).ok).toBe(true);
      await eventually(() => {
        for (const p of everyone) {
          expect(p.state()!.live.speaker?.name).toBe('Sara Lombardi');
          expect(p.state()!.live.queue.map((s) => s.name)).toEqual(['Marco Ferri']);
        }
      });

      // Next item, then five more minutes: the same deadline everywhere.
      expect((await chair.emit('meeting:control', { meetingId: meeting.id, command: 'next' })).ok).toBe(true);
      expect((await chair.emit('meeting:control', { meetingId: meeting.id, command: 'extend', minutes: 5 })).ok).toBe(true);
      await eventually(() => {
        for (const p of everyone) expect(p.state()!.live.currentItemId).toBe(workPlan);
        const deadlines = new Set(everyone.map((p) => p.state()!.live.itemEndsAt));
        expect(deadlines.size).toBe(1);
      });
      const workPlanEnds = chair.state()!.live.itemEndsAt!;
      const remaining = workPlanEnds - chair.state()!.serverNow;
      expect(remaining).toBeGreaterThan(24 * MINUTE);
      expect(remaining).toBeLessThanOrEqual(25 * MINUTE);

      // Instance B restarts (a deploy): Sara's socket reconnects to the new process and joins again;
      // she sees the room exactly as it was, and the others see her present again.
      const port = b.port;
      await b.stop();
      await eventually(() => expect(chair.state()!.present.map((p) => p.cityId)).not.toContain(torino));
      b = await startServer({ store: 'redis', prefix, port });
      await eventually(
        () => {
          const state = saraOnB.state()!;
          expect(saraOnB.socket.connected).toBe(true);
          expect(state.present.map((p) => p.cityId)).toContain(torino);
          expect(state.live).toEqual(chair.state()!.live);
          expect(state.live).toMatchObject({ currentItemId: workPlan, itemEndsAt: workPlanEnds, speaker: { name: 'Sara Lombardi' } });
        },
        { timeout: 20_000 },
      );
      await eventually(() => expect(chair.state()!.present.map((p) => p.cityId)).toContain(torino));

      // A participant who comes late, on the restarted instance, gets the same clock at once.
      const late = await participant(b.url, marco.cookie, meeting.id);
      await eventually(() => expect(late.state()?.live).toEqual(chair.state()!.live));

      // Attendance, one entry per person: Sara's stretch before the restart was closed when she
      // disappeared (or, back within a minute, continued), and she is present again now.
      const saraEntries = chair.state()!.attendance.filter((x) => x.cityId === torino);
      expect(saraEntries.length).toBe(1);
      expect(saraEntries[0]!.leftAt).toBeNull();
      expect(saraEntries[0]!.stretches.at(-1)!.leftAt).toBeNull();

      // The chair ends the meeting: closed everywhere, minutes become a draft, attendance closed.
      expect((await chair.emit('meeting:control', { meetingId: meeting.id, command: 'end' })).ok).toBe(true);
      await eventually(() => {
        for (const p of [...everyone, late]) expect(p.state()).toMatchObject({ status: 'closed', minutesStatus: 'draft', live: { currentItemId: null } });
      });
      expect(chair.state()!.attendance.every((x) => x.leftAt !== null)).toBe(true);
      const record = (await (await api(b.url, `/api/meetings/${meeting.id}`, { cookie: admin })).json()) as { meeting: MeetingView };
      expect(record.meeting).toMatchObject({ status: 'closed', minutesStatus: 'draft' });
      expect(await chair.emit('meeting:control', { meetingId: meeting.id, command: 'next' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    },
  );

  it('keeps the room on the embedded store across a restart of the single server', { timeout: 90_000 }, async () => {
    const server = await startServer();
    dirs.push(server.dataDir);
    const admin = await server.adminCookie();
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Online forum', startsAt: '2026-06-18T08:00:00Z', endsAt: '2026-06-18T09:00:00Z' },
    });
    const { meeting } = (await created.json()) as { meeting: MeetingView };
    const [, second] = await writeAgenda(server, meeting.id);
    const chair = await participant(server.url, admin, meeting.id);
    await eventually(() => expect(chair.state()?.status).toBe('planned'));
    expect((await chair.emit('meeting:control', { meetingId: meeting.id, command: 'start' })).ok).toBe(true);
    expect((await chair.emit('meeting:control', { meetingId: meeting.id, command: 'next' })).ok).toBe(true);
    expect((await chair.emit('meeting:hand', { meetingId: meeting.id, raised: true })).ok).toBe(true);
    await eventually(() => expect(chair.state()!.live).toMatchObject({ currentItemId: second, queue: [{ personId: expect.any(String) }] }));
    const live = chair.state()!.live;

    // The same process restarts on the same data and port; the chair's socket comes back and sees the room as it was.
    const { port, dataDir } = server;
    await server.stop();
    await startServer({ port, dataDir });
    await eventually(
      () => {
        expect(chair.socket.connected).toBe(true);
        expect(chair.state()!.live).toEqual(live);
        expect(chair.state()!.present).toHaveLength(1);
      },
      { timeout: 20_000 },
    );
  });
});
