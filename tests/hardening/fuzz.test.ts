import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { COLLAB_PATH, LIVE_PATH, MessageType } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Property-based fuzzing of a running server: random, truncated and mutated y-protocols frames on
 * the document WebSocket and random socket.io payloads on /live. The server must never go down,
 * and two ordinary clients of the same document must still converge afterwards.
 */

const DOC = 'minutes:fuzz';
/** Frames per socket, and sockets: 1,000 x 10 = 10,000 y-protocols frames per run. */
const FRAMES_PER_SOCKET = 10;
const DOC_RUNS = 1000;
const LIVE_RUNS = 150;

function frame(...parts: ((e: encoding.Encoder) => void)[]): Uint8Array {
  const e = encoding.createEncoder();
  for (const part of parts) part(e);
  return encoding.toUint8Array(e);
}
const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n);
const bytes = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b);
const raw = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeUint8Array(e, b);

/**
 * Client ids of the generated updates: each update has one nobody else used. Yjs converges only
 * while a (client, clock) pair names one piece of content; two different updates under one id
 * (fast-check favours small and boundary integers, so a random id repeats often) are a client
 * impersonating another, which no CRDT can reconcile, not malformed input.
 */
let nextClient = 1_000_000;

/** A real update from a scratch document of its own client id: text, map and array edits. */
const validUpdate = fc
  .record({
    ops: fc.array(fc.tuple(fc.constantFrom('text', 'map', 'array', 'xml'), fc.string({ maxLength: 12 }), fc.nat(20)), { minLength: 1, maxLength: 5 }),
  })
  .map(({ ops }) => {
    const doc = new Y.Doc();
    doc.clientID = nextClient++;
    for (const [kind, s, n] of ops) {
      if (kind === 'text') doc.getText('text').insert(Math.min(n, doc.getText('text').length), s);
      else if (kind === 'map') doc.getMap('meta').set(s || 'k', n);
      else if (kind === 'array') doc.getArray('rows').push([s, n]);
      else doc.getXmlFragment('body').insert(0, [new Y.XmlText(s)]);
    }
    const update = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return update;
  });

const awarenessUpdate = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.oneof(fc.json(), fc.constant('null'), fc.string())), { maxLength: 4 }).map((entries) =>
  frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const [id, clock, state] of entries) {
      encoding.writeVarUint(e, id);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, state);
    }
  }),
);

/** Well-formed messages of every type the protocol has. */
const wellFormed = fc.oneof(
  validUpdate.map((u) => frame(uint(MessageType.sync), uint(2), bytes(u))),
  validUpdate.map((u) => frame(uint(MessageType.sync), uint(1), bytes(u))),
  fc.uint8Array({ maxLength: 24 }).map((sv) => frame(uint(MessageType.sync), uint(0), bytes(sv))),
  awarenessUpdate.map((a) => frame(uint(MessageType.awareness), bytes(a))),
  fc.constant(frame(uint(MessageType.queryAwareness))),
  fc.uint8Array({ maxLength: 16 }).map((b) => frame(uint(MessageType.auth), raw(b))),
);

/** Inputs of the kinds reported as crashes in the Yjs and y-protocols trackers. */
const knownBad = fc.constantFrom(
  new Uint8Array([0, 1, 255, 255, 255, 255, 255, 255, 255, 255, 255, 127]), // length beyond 2^53
  new Uint8Array([0, 2, 255, 255, 255, 255, 15]), // length announced, nothing sent
  new Uint8Array([0, 2, 4, 1, 1, 0, 0]), // one client, structs missing
  new Uint8Array([0, 2, 10, 1, 1, 200, 1, 0, 4, 1, 4, 0xff, 0xfe, 0, 0]), // invalid UTF-8 parent name
  new Uint8Array([0, 0, 6, 1, 255, 255, 255, 255, 15]), // state vector with a clock past 2^32
  new Uint8Array([1, 9, 1, 1, 1, 255, 255, 255, 255, 15]), // awareness state longer than the message
  new Uint8Array([0, 2, 2, 0, 0]), // the empty update stock providers send
  new Uint8Array([0, 3]), // unknown sync type
  new Uint8Array([7]),
  new Uint8Array([]),
);

/** Truncated at a random place, or bytes overwritten, inserted or appended. */
const mutated = fc.oneof(
  fc.tuple(wellFormed, fc.nat()).map(([f, n]) => f.slice(0, f.length ? n % f.length : 0)),
  fc.tuple(wellFormed, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })).map(([f, edits]) => {
    const copy = f.slice();
    for (const [at, value] of edits) if (copy.length) copy[at % copy.length] = value;
    return copy;
  }),
  fc.tuple(wellFormed, fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.nat()).map(([f, extra, at]) => {
    const i = f.length ? at % f.length : 0;
    return new Uint8Array([...f.slice(0, i), ...extra, ...f.slice(i)]);
  }),
);

const anyFrame = fc.oneof(
  { weight: 2, arbitrary: wellFormed },
  { weight: 4, arbitrary: mutated },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  { weight: 1, arbitrary: knownBad },
);

/**
 * Sends frames on a fresh authenticated socket, then waits until the server either closed it or
 * answered every sync step 1 it was sent plus a final one (so it has handled all of them).
 */
async function throwFrames(server: TestServer, cookie: string, frames: Uint8Array[]): Promise<void> {
  const ws = new WebSocket(`${server.wsUrl}${COLLAB_PATH}/${DOC}`, { headers: { cookie } });
  ws.on('error', () => {});
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  let step2 = 0;
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(d) === MessageType.sync && decoding.readVarUint(d) === 1) step2++;
  });
  await Promise.race([new Promise((resolve) => ws.once('open', resolve)), closed]);
  if (ws.readyState !== ws.OPEN) return;
  const barrier = frame(uint(MessageType.sync), uint(0), bytes(Y.encodeStateVector(new Y.Doc())));
  const step1s = frames.filter((f) => f[0] === 0 && f[1] === 0).length + 1;
  for (const f of [...frames, barrier]) ws.send(f);
  await Promise.race([closed, eventually(() => expect(step2).toBeGreaterThanOrEqual(step1s), { timeout: 20_000 })]);
  ws.terminate();
}

/** One engine.io/socket.io connection on /live sending random payloads after a proper connect. */
async function throwLivePayloads(server: TestServer, cookie: string, payloads: (string | Uint8Array)[]): Promise<void> {
  const ws = new WebSocket(`${server.wsUrl}${LIVE_PATH}/?EIO=4&transport=websocket`, { headers: { cookie, origin: server.url } });
  ws.on('error', () => {});
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  await Promise.race([new Promise((resolve) => ws.once('open', resolve)), closed]);
  if (ws.readyState !== ws.OPEN) return;
  ws.send('40');
  for (const p of payloads) ws.send(p);
  // A ping answered is the barrier: engine.io handles a socket's packets in order.
  const pong = new Promise<void>((resolve) => ws.on('message', (d: Buffer) => d.toString() === '3probe' && resolve()));
  ws.send('2probe');
  await Promise.race([closed, pong]);
  ws.terminate();
}

const livePayload = fc.oneof(
  fc.json().map((j) => `42[${JSON.stringify('room:join')},${j}]`),
  fc.tuple(fc.string(), fc.json()).map(([event, j]) => `42${JSON.stringify([event, JSON.parse(j)])}`),
  fc.tuple(fc.nat(99), fc.json()).map(([id, j]) => `42${id}${JSON.stringify(['room:join', JSON.parse(j)])}`),
  fc.string().map((s) => `4${s}`),
  fc.string(),
  fc.constantFrom('451-["x",{"_placeholder":true,"num":0}]', '42[', '4[]', '41', '40/nope,', '6', '1', '5', '2', '42{"a":1}', '43999[]'),
  fc.uint8Array({ maxLength: 32 }),
);

describe('fuzzing a running server', () => {
  const dataDirs: string[] = [];
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    dataDirs.forEach(removeDataDir);
  });

  it('survives 10,000 random, truncated and mutated y-protocols frames and random socket.io payloads; other clients still converge', async () => {
    const server = await startServer({ env: { LOG_LEVEL: 'error' } });
    dataDirs.push(server.dataDir);
    const cookie = await server.adminCookie();
    const a = await connectDoc(server, DOC);
    const b = await connectDoc(server, DOC);
    a.text.insert(0, 'before the fuzz;');
    await eventually(() => expect(b.text.toString()).toBe('before the fuzz;'));

    let thrown = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(anyFrame, { minLength: FRAMES_PER_SOCKET, maxLength: FRAMES_PER_SOCKET }), async (frames) => {
        await throwFrames(server, cookie, frames);
        thrown += frames.length;
        return server.process.exitCode === null;
      }),
      { numRuns: DOC_RUNS },
    );
    let livePayloads = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(livePayload, { minLength: 1, maxLength: 10 }), async (payloads) => {
        await throwLivePayloads(server, cookie, payloads);
        livePayloads += payloads.length;
        return server.process.exitCode === null;
      }),
      { numRuns: LIVE_RUNS },
    );
    expect(thrown).toBeGreaterThanOrEqual(10_000);
    expect(livePayloads).toBeGreaterThan(0);

    // Up, answering, and the two ordinary clients still converge (on whatever valid fuzz content
    // reached the document too).
    expect(server.process.exitCode).toBe(null);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    a.text.insert(a.text.length, 'after the fuzz;');
    await eventually(() => {
      expect(b.text.toString()).toBe(a.text.toString());
      expect(b.text.toString()).toContain('after the fuzz;');
    });
    const fresh = await connectDoc(server, DOC);
    expect(fresh.text.toString()).toBe(a.text.toString());
    await server.stop();
  }, 300_000);
});
