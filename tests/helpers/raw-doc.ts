import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';
import { COLLAB_PATH, MessageType } from '@dialogo/shared';

/**
 * A bare y-websocket connection driven step by step: it records every message the server sends,
 * answers nothing by itself, and can ask the server a sync step 1 as an ordering barrier (the
 * server handles one socket's messages in order, so the answer comes after everything sent before).
 */
export interface RawDocSocket {
  ws: WebSocket;
  /** The local replica, fed by what the server sends. */
  doc: Y.Doc;
  /** Every message received, in order. */
  received: Uint8Array[];
  /** The close, whenever it comes. */
  closed: Promise<{ code: number; reason: string }>;
  /**
   * The first thing the server did: send a message (the document opened) or close (refused);
   * with the number of messages received before the close.
   */
  first: Promise<{ opened: true } | { opened: false; code: number; reason: string; receivedBefore: number }>;
  /** Sends a sync step 1 and resolves with the server's step 2, applied to `doc`. */
  sync(): Promise<void>;
  /** Appends text to the local replica; the update goes to the server as `[sync, update]`. */
  insert(text: string): Uint8Array;
  close(): void;
}

/** Opens `/collab/<name>` with the given cookie (none when empty) and extra headers. */
export function openRawDoc(wsUrl: string, name: string, { cookie, headers = {} }: { cookie?: string; headers?: Record<string, string> } = {}): RawDocSocket {
  const ws = new WebSocket(`${wsUrl}${COLLAB_PATH}/${name}`, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
  const doc = new Y.Doc();
  const received: Uint8Array[] = [];
  const step2Waiters: (() => void)[] = [];
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const first = new Promise<Awaited<RawDocSocket['first']>>((resolve) => {
    ws.once('message', () => resolve({ opened: true }));
    void closed.then(({ code, reason }) => resolve({ opened: false, code, reason, receivedBefore: received.length }));
  });
  ws.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data);
    received.push(bytes);
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== MessageType.sync) return;
    const type = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (type === syncProtocol.messageYjsSyncStep2 || type === syncProtocol.messageYjsUpdate) Y.applyUpdate(doc, payload, 'server');
    if (type === syncProtocol.messageYjsSyncStep2) step2Waiters.shift()?.();
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'server') return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.sync);
    syncProtocol.writeUpdate(e, update);
    ws.send(encoding.toUint8Array(e));
  });
  return {
    ws,
    doc,
    received,
    closed,
    first,
    async sync() {
      if (ws.readyState === ws.CONNECTING) await new Promise((resolve) => ws.once('open', resolve));
      return new Promise<void>((resolve, reject) => {
        step2Waiters.push(resolve);
        void closed.then(({ code }) => reject(new Error(`closed with ${code} before the sync answer`)));
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, MessageType.sync);
        syncProtocol.writeSyncStep1(e, doc);
        ws.send(encoding.toUint8Array(e));
      });
    },
    insert(text) {
      let sent: Uint8Array | null = null;
      const capture = (u: Uint8Array) => (sent = u);
      doc.once('update', capture);
      const t = doc.getText('text');
      t.insert(t.length, text);
      return sent!;
    },
    close() {
      ws.close();
    },
  };
}

/**
 * Waits until the server has handled everything sent before on `ws` (any y-websocket socket,
 * e.g. a provider's): a sync step 1 with an empty state vector is answered in order.
 */
export function barrier(ws: {
  send(data: Uint8Array): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (event: { data: unknown }) => {
      const data = event.data;
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data as Buffer);
      const decoder = decoding.createDecoder(bytes);
      if (decoding.readVarUint(decoder) !== MessageType.sync) return;
      if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return;
      ws.removeEventListener('message', onMessage);
      resolve();
    };
    ws.addEventListener('message', onMessage);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.sync);
    syncProtocol.writeSyncStep1(e, new Y.Doc());
    ws.send(encoding.toUint8Array(e));
  });
}
