import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { CloseCode, CloseReason, COLLAB_PATH, type Ack, type RoomState } from '@dialogo/shared';
import { createCollabEndpoint, createLogger, type CollabAccess } from '@dialogo/server';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { closeAllLiveClients, joinRoom, liveClient, type LiveClient } from '../helpers/live-client.ts';
import { openRawDoc, type RawDocSocket } from '../helpers/raw-doc.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember, signIn } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Access taken away while a connection is open: an archive, a role change or a sign-out reaches
 * document and live connections that are already open, at the server's next recheck
 * (ACCESS_RECHECK_MS, 200 ms here). Tests wait for the event itself, never for a time.
 */

/** Generous: the server rechecks every 200 ms; this only bounds a broken server. */
const WAIT = { timeout: 15_000, interval: 50 };

/** Resolves with the event, or fails with what was awaited when it never comes. */
function event<T>(what: string, register: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT.timeout} ms`)), WAIT.timeout);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

function closeOf(socket: RawDocSocket | WebSocket): Promise<{ code: number; reason: string }> {
  const ws = 'closed' in socket ? socket.ws : socket;
  return event('close of the document socket', (resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

function disconnectOf(socket: LiveClient): Promise<string> {
  return event('disconnect of the live socket', (resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

describe('access taken away from open connections', () => {
  let server: TestServer;
  let admin: string;
  let cityA: string;
  let cityB: string;
  let n = 0;

  beforeAll(async () => {
    server = await startServer({ env: { ACCESS_RECHECK_MS: '200' } });
    admin = await server.adminCookie();
    [cityA, cityB] = await Promise.all([createCity(server.url, admin, 'Arezzo'), createCity(server.url, admin, 'Bologna')]);
  });

  afterAll(async () => {
    destroyAllDocClients();
    closeAllLiveClients();
    const dir = server?.dataDir;
    await stopAllServers();
    if (dir) removeDataDir(dir);
  });

  async function delegate(cityId: string) {
    const email = `delegate-${++n}@revocation.test`;
    return { email, ...(await createMember(server.url, admin, { role: 'delegate', cityId, name: `Delegate ${n}`, email })) };
  }

  async function document(title: string, kind: 'minutes' | 'proposal', scope?: unknown): Promise<string> {
    const res = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title, kind, scope } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { document: { name: string } }).document.name;
  }

  /** A coordinator writing into the document and another one watching what the server stored. */
  async function coordinators(name: string): Promise<{ writer: DocClient; watcher: DocClient }> {
    return { writer: await connectDoc(server, name), watcher: await connectDoc(server, name) };
  }

  /**
   * True when a write on `socket` reached the document: the watcher received it, which it must
   * have done if a coordinator's edit sent after the server handled it arrived.
   */
  async function writeLands(socket: RawDocSocket, { writer, watcher }: { writer: DocClient; watcher: DocClient }): Promise<boolean> {
    const mark = `[delegate ${++n}]`;
    socket.insert(mark);
    await socket.sync();
    const after = `[coordinator ${++n}]`;
    writer.text.insert(writer.text.length, after);
    await eventually(() => expect(watcher.text.toString()).toContain(after));
    return watcher.text.toString().includes(mark);
  }

  it('closes an archived delegate’s document connection and live socket, and refuses them after', async () => {
    const member = await delegate(cityA);
    const name = await document('Open minutes', 'minutes');
    const docs = await coordinators(name);
    const socket = openRawDoc(server.wsUrl, name, { cookie: member.cookie });
    await socket.sync();
    expect(await writeLands(socket, docs)).toBe(true);
    const live = await liveClient(server.url, { cookie: member.cookie });
    expect(await joinRoom(live, `doc:${name}`)).toMatchObject({ ok: true });
    const closed = closeOf(socket);
    const disconnected = disconnectOf(live);

    expect((await api(server.url, `/api/people/${member.person.id}`, { method: 'PATCH', cookie: admin, json: { archived: true } })).status).toBe(200);

    // The archive ended the person's sessions: the same answer a new connection gets.
    expect(await closed).toEqual({ code: CloseCode.unauthorized, reason: CloseReason.unauthorized });
    expect(await disconnected).toBe('io server disconnect');
    expect(await openRawDoc(server.wsUrl, name, { cookie: member.cookie }).first).toMatchObject({
      opened: false,
      code: CloseCode.unauthorized,
      receivedBefore: 0,
    });
    await expect(liveClient(server.url, { cookie: member.cookie })).rejects.toThrow('unauthorized');
  });

  it('closes with 4404 the connection of a delegate moved out of the city a restricted meeting is for', async () => {
    const member = await delegate(cityB);
    const name = await document('Minutes of B', 'minutes', { cities: [cityB], visibility: 'participants' });
    const socket = openRawDoc(server.wsUrl, name, { cookie: member.cookie });
    await socket.sync();
    const closed = closeOf(socket);

    expect((await api(server.url, `/api/people/${member.person.id}`, { method: 'PATCH', cookie: admin, json: { cityId: cityA } })).status).toBe(200);

    // What one may no longer read is, to them, a document that does not exist.
    expect(await closed).toEqual({ code: CloseCode.notFound, reason: CloseReason.notFound });
    // The session itself is fine: the person still works elsewhere.
    expect((await api(server.url, '/api/auth/me', { cookie: member.cookie })).status).toBe(200);
  });

  it('turns the connection of a delegate who may now only read into a read-only one', async () => {
    const member = await delegate(cityA);
    const name = await document('Proposal of A', 'proposal', { cities: [cityA], visibility: 'network' });
    const docs = await coordinators(name);
    const socket = openRawDoc(server.wsUrl, name, { cookie: member.cookie });
    await socket.sync();
    expect(await writeLands(socket, docs)).toBe(true);

    // Moved to B: no longer a partner of the proposal, still a member who may read it.
    expect((await api(server.url, `/api/people/${member.person.id}`, { method: 'PATCH', cookie: admin, json: { cityId: cityB } })).status).toBe(200);

    // Writes land until the server has rechecked; then none does.
    await eventually(async () => expect(await writeLands(socket, docs)).toBe(false), WAIT);
    expect(await writeLands(socket, docs)).toBe(false);
    // Still open, still reading what others write.
    expect(socket.ws.readyState).toBe(WebSocket.OPEN);
    docs.writer.text.insert(0, 'READ ME ');
    await eventually(() => expect(socket.doc.getText('text').toString()).toContain('READ ME'));
  });

  /** An acknowledged event sent by `socket` after everything the server emitted to it before. */
  function emitAndWait<T>(socket: LiveClient, send: (ack: (result: T) => void) => void): Promise<T> {
    return event('acknowledgement', (resolve) => send(resolve));
  }

  it('takes a live socket out of a document room its person may no longer read: nothing more of the room reaches it', async () => {
    const member = await delegate(cityB);
    const name = await document('Minutes for B only', 'minutes', { cities: [cityB], visibility: 'participants' });
    const room = `doc:${name}`;
    const live = await liveClient(server.url, { cookie: member.cookie });
    expect(await joinRoom(live, room)).toMatchObject({ ok: true, data: { members: 1 } });
    const revoked = event<{ room: string }>('room:revoked', (resolve) => live.once('room:revoked', resolve));

    // Moved to A: the minutes are B's participants' only.
    expect((await api(server.url, `/api/people/${member.person.id}`, { method: 'PATCH', cookie: admin, json: { cityId: cityA } })).status).toBe(200);

    expect(await revoked).toEqual({ room });
    const heard: unknown[] = [];
    live.on('room:members', (info) => heard.push(info));
    // A coordinator joins: the room is told its new head count, which no longer counts the delegate...
    const coordinator = await liveClient(server.url, { cookie: admin });
    expect(await joinRoom(coordinator, room)).toEqual({ ok: true, data: { room, members: 1 } });
    // ...and the delegate, answered after that was sent, did not hear it, nor may join again.
    expect(await joinRoom(live, room)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(heard).toEqual([]);
    expect(live.connected).toBe(true);
  });

  it('takes a live socket out of the room of a meeting its person was removed from', async () => {
    const member = await delegate(cityB);
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: {
        title: 'Meeting of B',
        startsAt: '2026-06-18T08:00:00Z',
        endsAt: '2026-06-18T09:00:00Z',
        participants: { cities: [cityB], people: [] },
        visibility: 'participants',
      },
    });
    expect(created.status).toBe(201);
    const meetingId = ((await created.json()) as { meeting: { id: string } }).meeting.id;
    const live = await liveClient(server.url, { cookie: member.cookie });
    const joined = await emitAndWait<Ack<RoomState>>(live, (ack) => live.emit('meeting:join', { meetingId }, ack));
    expect(joined).toMatchObject({ ok: true, data: { present: [{ personId: member.person.id }] } });
    const revoked = event<{ room: string }>('room:revoked', (resolve) => live.once('room:revoked', resolve));

    // The meeting is now A's: B's delegate no longer takes part, and it is for participants only.
    const moved = await api(server.url, `/api/meetings/${meetingId}`, {
      method: 'PATCH',
      cookie: admin,
      json: { participants: { cities: [cityA], people: [] } },
    });
    expect(moved.status).toBe(200);

    expect(await revoked).toEqual({ room: `meeting:${meetingId}` });
    const heard: RoomState[] = [];
    live.on('meeting:state', (state) => heard.push(state));
    // The chair comes in: the room's state goes out, without the delegate in it...
    const chair = await liveClient(server.url, { cookie: admin });
    const chairJoined = await emitAndWait<Ack<RoomState>>(chair, (ack) => chair.emit('meeting:join', { meetingId }, ack));
    expect(chairJoined.ok && chairJoined.data.present.map((p) => p.personId)).not.toContain(member.person.id);
    // ...and none of it reached the delegate, who may not come back either.
    expect(await emitAndWait<Ack<RoomState>>(live, (ack) => live.emit('meeting:join', { meetingId }, ack))).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(heard).toEqual([]);
  });

  it('closes a document connection and a live socket whose session was signed out', async () => {
    const member = await delegate(cityA);
    const name = await document('More open minutes', 'minutes');
    const second = await signIn(server.url, member.email, member.password);
    const socket = openRawDoc(server.wsUrl, name, { cookie: second });
    await socket.sync();
    const untouched = openRawDoc(server.wsUrl, name, { cookie: member.cookie });
    await untouched.sync();
    const live = await liveClient(server.url, { cookie: second });
    const closed = closeOf(socket);
    const disconnected = disconnectOf(live);

    expect((await api(server.url, '/api/auth/logout', { method: 'POST', cookie: second })).status).toBe(204);

    expect(await closed).toEqual({ code: CloseCode.unauthorized, reason: CloseReason.unauthorized });
    expect(await disconnected).toBe('io server disconnect');
    // The person's other session goes on.
    await untouched.sync();
    expect(untouched.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('a live socket whose session ended, before any recheck', () => {
  let dataDir: string | undefined;
  afterAll(async () => {
    closeAllLiveClients();
    await stopAllServers();
    if (dataDir) removeDataDir(dataDir);
  });

  it('is disconnected at its next event', async () => {
    // Rechecks far apart: only the event itself can notice.
    const server = await startServer({ env: { ACCESS_RECHECK_MS: '600000' } });
    dataDir = server.dataDir;
    const admin = await server.adminCookie();
    const member = await createMember(server.url, admin, { role: 'expert', name: 'Expert', email: 'expert@revocation.test' });
    const live = await liveClient(server.url, { cookie: member.cookie });
    expect(await joinRoom(live, 'doc:minutes:any')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const disconnected = disconnectOf(live);
    expect((await api(server.url, '/api/auth/logout', { method: 'POST', cookie: member.cookie })).status).toBe(204);
    let acknowledged = false;
    live.emit('room:join', { room: 'doc:minutes:any' }, () => (acknowledged = true));
    expect(await disconnected).toBe('io server disconnect');
    expect(acknowledged).toBe(false);
  });
});

describe('a live room whose reader lost access, long before any recheck', () => {
  const prefix = uniquePrefix('revocation-live');
  afterAll(async () => {
    closeAllLiveClients();
    await stopAllServers();
    await deletePrefix(prefix);
  });

  it('is left at once, on every instance, when the person or the document changes', async () => {
    // Rechecks far apart: only the change itself can take the rooms away.
    const env = { ACCESS_RECHECK_MS: '600000' };
    const [a, b] = await Promise.all([startServer({ store: 'redis', prefix, env }), startServer({ store: 'redis', prefix, env })]);
    const admin = await a.adminCookie();
    const [cityA, cityB] = await Promise.all([createCity(a.url, admin, 'Arezzo'), createCity(a.url, admin, 'Bologna')]);
    const member = await createMember(a.url, admin, { role: 'delegate', cityId: cityB, name: 'Delegate of B', email: 'b@revocation-live.test' });
    const created = await api(a.url, '/api/documents', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Minutes of B', kind: 'minutes', scope: { cities: [cityB], visibility: 'participants' } },
    });
    const room = `doc:${((await created.json()) as { document: { name: string } }).document.name}`;
    const meeting = await api(a.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: {
        title: 'Meeting of B',
        startsAt: '2026-06-18T08:00:00Z',
        endsAt: '2026-06-18T09:00:00Z',
        participants: { cities: [cityB], people: [] },
        visibility: 'participants',
      },
    });
    const meetingId = ((await meeting.json()) as { meeting: { id: string } }).meeting.id;

    // The delegate listens on the other instance.
    const live = await liveClient(b.url, { cookie: member.cookie });
    expect(await joinRoom(live, room)).toMatchObject({ ok: true });
    expect(await new Promise<Ack<RoomState>>((resolve) => live.emit('meeting:join', { meetingId }, resolve))).toMatchObject({ ok: true });
    const lost: string[] = [];
    live.on('room:revoked', ({ room }) => lost.push(room));

    // The meeting becomes A's: its room is left...
    expect(
      (await api(a.url, `/api/meetings/${meetingId}`, { method: 'PATCH', cookie: admin, json: { participants: { cities: [cityA], people: [] } } })).status,
    ).toBe(200);
    await eventually(() => expect(lost).toEqual([`meeting:${meetingId}`]), WAIT);
    // ...and once the delegate moves to A, so is the minutes' room.
    expect((await api(a.url, `/api/people/${member.person.id}`, { method: 'PATCH', cookie: admin, json: { cityId: cityA } })).status).toBe(200);
    await eventually(() => expect(lost).toEqual([`meeting:${meetingId}`, room]), WAIT);
    expect(live.connected).toBe(true);
  });
});

describe('a document socket not yet authorized', () => {
  let http: Server;
  let url: string;
  let decide: (access: CollabAccess) => void = () => {};
  const handled: Uint8Array[] = [];
  const endpoint = createCollabEndpoint({
    // Holds every socket at the policy until the test decides.
    authorize: () => new Promise<CollabAccess>((resolve) => (decide = resolve)),
    // A document that only records the messages it is given.
    registry: {
      get: async () => ({
        addConnection: () => {},
        removeConnection: () => {},
        releaseIfUnused: () => {},
        handleMessage: (_conn: unknown, data: Uint8Array) => void handled.push(data),
      }),
    } as never,
    logger: createLogger('silent'),
    maxMessageBytes: 64 * 1024,
    recheckMs: 60_000,
  });

  beforeAll(async () => {
    http = createHttpServer();
    http.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head) || socket.destroy());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}${COLLAB_PATH}/minutes:pending`;
  });

  afterAll(async () => {
    endpoint.closeAll(CloseCode.shuttingDown, CloseReason.shuttingDown);
    await new Promise((resolve) => http.close(resolve));
  });

  const open = async () => {
    const ws = new WebSocket(url);
    ws.on('error', () => {});
    await new Promise((resolve) => ws.once('open', resolve));
    return ws;
  };

  it('is closed with 1009 when it sends too many messages, or too many bytes, before the policy answered', async () => {
    const chatty = await open();
    const chattyClosed = closeOf(chatty);
    for (let i = 0; i < 100; i++) chatty.send(new Uint8Array([0, 0, 1, 0]));
    expect(await chattyClosed).toEqual({ code: CloseCode.tooBig, reason: CloseReason.tooBig });

    const bulky = await open();
    const bulkyClosed = closeOf(bulky);
    // Each message is within the largest allowed; together they are more than it.
    for (let i = 0; i < 3; i++) bulky.send(new Uint8Array(40 * 1024));
    expect(await bulkyClosed).toEqual({ code: CloseCode.tooBig, reason: CloseReason.tooBig });
    expect(handled).toEqual([]);
  });

  it('keeps what a client sends while it waits, and hands it to the document in order once let in', async () => {
    const ws = await open();
    const messages = Array.from({ length: 5 }, (_, i) => new Uint8Array([0, 0, 1, i]));
    for (const m of messages) ws.send(m);
    // The server has read them all: a ping sent after them is answered after them.
    await new Promise<void>((resolve) => {
      ws.once('pong', () => resolve());
      ws.ping();
    });
    decide({ ok: true, readOnly: false });
    await eventually(() => expect(handled.map((m) => [...m])).toEqual(messages.map((m) => [...m])));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
