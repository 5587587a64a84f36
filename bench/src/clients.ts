import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { LiteSocket } from './wire.ts';

/**
 * Lightweight protocol clients. A benchmark client is a raw socket plus the few bytes of the
 * y-websocket sync protocol it needs; it keeps no Y.Doc unless a scenario builds one to check
 * convergence. Writers produce updates with `TextAppender`, which encodes a Yjs update directly
 * instead of running a transaction, so a writer costs about a microsecond per update.
 */

/** The framing a server speaks: y-websocket's, or Hocuspocus's (document name first, auth first). */
export type Dialect = 'y-websocket' | 'hocuspocus';

/** How to reach documents on one running server instance. */
export interface Endpoint {
  dialect: Dialect;
  /** WebSocket URL that opens `docName`. */
  url(docName: string): string;
  /** Headers sent with every upgrade (Dialogo's session cookie when sign-in is on). */
  headers: Record<string, string>;
}

const MSG_SYNC = 0;
const MSG_AUTH = 2;
const MSG_SYNC_REPLY = 4; // Hocuspocus: a sync message that asks for no further step 1
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
const AUTH_TOKEN = 0;
const AUTH_DENIED = 1;

/** Called with each incoming update (sub-type `update`) and when its bytes arrived. */
export type UpdateListener = (update: Uint8Array, at: number) => void;

/** One document open on one socket. */
export class DocClient {
  /** Incoming updates; step 2 answers go to `step2` waiters instead. */
  onUpdate: UpdateListener | null = null;
  /** When the bytes of the latest message arrived (`performance.now()`). */
  lastMessageAt = 0;
  /** Step 2 answers (to our step 1), oldest first. */
  private step2Waiters: Array<(payload: Uint8Array) => void> = [];
  private closeError: Error | null = null;

  private constructor(
    readonly socket: LiteSocket,
    readonly name: string,
    private readonly dialect: Dialect,
  ) {
    socket.onMessage = (data, at) => this.onMessage(data, at);
    socket.onClose = (code, reason) => {
      this.closeError = new Error(`socket of ${name} closed: ${code} ${reason}`);
      for (const waiter of this.step2Waiters.splice(0)) waiter(new Uint8Array(0));
    };
  }

  /** Connects and starts the handshake; `synced()` waits for the document's content. */
  static async open(endpoint: Endpoint, name: string): Promise<DocClient> {
    const socket = await LiteSocket.connect(endpoint.url(name), endpoint.headers);
    const client = new DocClient(socket, name, endpoint.dialect);
    if (endpoint.dialect === 'hocuspocus') {
      // Hocuspocus queues everything until the document is authenticated.
      const encoder = client.start(MSG_AUTH);
      encoding.writeVarUint(encoder, AUTH_TOKEN);
      encoding.writeVarString(encoder, '');
      socket.send(encoding.toUint8Array(encoder));
    }
    return client;
  }

  /** Asks for the whole document (step 1 with an empty state vector); resolves with the step 2 update. */
  requestState(): Promise<Uint8Array> {
    const answer = new Promise<Uint8Array>((resolve) => this.step2Waiters.push(resolve));
    const encoder = this.start(MSG_SYNC);
    encoding.writeVarUint(encoder, SYNC_STEP1);
    encoding.writeVarUint8Array(encoder, EMPTY_STATE_VECTOR);
    this.socket.send(encoding.toUint8Array(encoder));
    return answer.then((payload) => {
      if (this.closeError) throw this.closeError;
      return payload;
    });
  }

  /** Sends a sync step 1 with `stateVector` and waits for nothing (scenario 8's attackers). */
  sendStep1(stateVector: Uint8Array): void {
    const encoder = this.start(MSG_SYNC);
    encoding.writeVarUint(encoder, SYNC_STEP1);
    encoding.writeVarUint8Array(encoder, stateVector);
    this.socket.send(encoding.toUint8Array(encoder));
  }

  /** Sends `[sync, update, bytes]`. */
  sendUpdate(update: Uint8Array): void {
    const encoder = this.start(MSG_SYNC);
    encoding.writeVarUint(encoder, SYNC_UPDATE);
    encoding.writeVarUint8Array(encoder, update);
    this.socket.send(encoding.toUint8Array(encoder));
  }

  close(): void {
    this.socket.close();
  }

  get closed(): boolean {
    return this.socket.closed;
  }

  private start(type: number): encoding.Encoder {
    const encoder = encoding.createEncoder();
    if (this.dialect === 'hocuspocus') encoding.writeVarString(encoder, this.name);
    encoding.writeVarUint(encoder, type);
    return encoder;
  }

  private onMessage(data: Buffer, at: number): void {
    this.lastMessageAt = at;
    const decoder = decoding.createDecoder(data);
    if (this.dialect === 'hocuspocus') decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MSG_SYNC || type === MSG_SYNC_REPLY) {
      const sub = decoding.readVarUint(decoder);
      if (sub === SYNC_UPDATE) this.onUpdate?.(decoding.readVarUint8Array(decoder), at);
      else if (sub === SYNC_STEP2) this.step2Waiters.shift()?.(decoding.readVarUint8Array(decoder));
      // Step 1 from the server is not answered: benchmark clients never hold content the server lacks.
    } else if (type === MSG_AUTH && decoding.readVarUint(decoder) === AUTH_DENIED) {
      this.closeError = new Error(`hocuspocus denied ${this.name}`);
      this.socket.terminate();
    }
  }
}

export const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

/** Opens documents `count` at a time; resolves once each has answered its first sync. */
export async function openSynced(endpoint: Endpoint, names: string[], concurrency = 50): Promise<DocClient[]> {
  const out: DocClient[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      const client = await DocClient.open(endpoint, names[i]!);
      await client.requestState();
      out[i] = client;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  return out;
}

/**
 * Encodes Yjs updates that append text to the root `Y.Text` named `t`, as one client, without a
 * Y.Doc: the same bytes a transaction would produce (UpdateEncoderV1: one client, one Item with a
 * ContentString whose left origin is this client's previous character, empty delete set).
 */
export class TextAppender {
  private clock = 0;
  constructor(readonly client = (Math.random() * 0x7fffffff) >>> 0) {}

  next(text: string): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1); // clients
    encoding.writeVarUint(e, 1); // structs of this client
    encoding.writeVarUint(e, this.client);
    encoding.writeVarUint(e, this.clock);
    if (this.clock === 0) {
      encoding.writeUint8(e, 4); // ContentString, no origin: parent info follows
      encoding.writeVarUint(e, 1); // parent is a root type, by key
      encoding.writeVarString(e, TEXT_NAME);
    } else {
      encoding.writeUint8(e, 0x80 | 4); // ContentString with a left origin
      encoding.writeVarUint(e, this.client);
      encoding.writeVarUint(e, this.clock - 1);
    }
    encoding.writeVarString(e, text);
    encoding.writeVarUint(e, 0); // delete set: no clients
    this.clock += text.length;
    return encoding.toUint8Array(e);
  }
}

/** The shared text every benchmark writes to. */
export const TEXT_NAME = 't';

/** The text of a document state, read through a real Y.Doc (used by convergence checks). */
export function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  try {
    for (const u of updates) Y.applyUpdate(doc, u);
    return doc.getText(TEXT_NAME).toString();
  } finally {
    doc.destroy();
  }
}

/**
 * The server's text of a document as a new client sees it: the sync answer plus the updates that
 * follow, until the text equals `expected` or `timeoutMs` passes (a server may answer before its
 * stored copy is loaded and send the rest as updates: y-websocket-server does).
 */
export async function fetchText(endpoint: Endpoint, name: string, expected?: string, timeoutMs = 10_000): Promise<string> {
  const doc = new Y.Doc();
  const text = doc.getText(TEXT_NAME);
  const client = await DocClient.open(endpoint, name);
  try {
    client.onUpdate = (update) => Y.applyUpdate(doc, update);
    Y.applyUpdate(doc, await client.requestState());
    const deadline = Date.now() + (expected === undefined ? 0 : timeoutMs);
    while (text.toString() !== expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return text.toString();
  } finally {
    client.close();
    doc.destroy();
  }
}

/** Fails loudly at start when the hand-encoded updates stop matching what Yjs decodes. */
export function selfTestAppender(): void {
  const a = new TextAppender(7);
  const b = new TextAppender(8);
  const text = textOf([a.next('ab'), b.next('xy'), a.next('cd'), b.next('z')]);
  const ok = (t: string) => t === 'abcdxyz' || t === 'xyzabcd';
  if (!ok(text)) throw new Error(`TextAppender self-test failed: got ${JSON.stringify(text)}`);
}

/** `{b:<a>:<b>}`: what writers insert, so receivers can read it straight from update bytes. */
export function marker(a: number, b: number): string {
  return `{b:${a}:${b}}`;
}

const OPEN_0 = 0x7b; // {
const OPEN_1 = 0x62; // b
const COLON = 0x3a;
const CLOSE = 0x7d; // }

/**
 * Finds every marker in raw bytes (an update, or a whole frame) and calls `found(a, b)` for each.
 * Yjs writes string content verbatim as UTF-8, so no decoding is needed.
 */
export function scanMarkers(bytes: Uint8Array, found: (a: number, b: number) => void): void {
  const n = bytes.length;
  for (let i = 0; i + 5 < n; i++) {
    if (bytes[i] !== OPEN_0 || bytes[i + 1] !== OPEN_1 || bytes[i + 2] !== COLON) continue;
    let j = i + 3;
    let a = 0;
    let digits = 0;
    while (j < n && bytes[j]! >= 0x30 && bytes[j]! <= 0x39) {
      a = a * 10 + (bytes[j]! - 0x30);
      j++;
      digits++;
    }
    if (!digits || bytes[j] !== COLON) continue;
    j++;
    let b = 0;
    digits = 0;
    while (j < n && bytes[j]! >= 0x30 && bytes[j]! <= 0x39) {
      b = b * 10 + (bytes[j]! - 0x30);
      j++;
      digits++;
    }
    if (!digits || bytes[j] !== CLOSE) continue;
    found(a, b);
    i = j;
  }
}

/** Every marker of a text, in order (for checking a converged document). */
export function markersOf(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(/\{b:(\d+):(\d+)\}/g)) out.push([Number(m[1]), Number(m[2])]);
  return out;
}
