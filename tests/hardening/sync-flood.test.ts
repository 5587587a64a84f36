import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { CloseCode, CloseReason, MessageType } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { api } from '../helpers/session.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';
import { metricValue, scrapeMetrics } from './metrics.ts';

/**
 * Sync step 1 is answered with the whole document: it must not be a way to make the server encode
 * and buffer a large document again and again. The answer to a reader starting from nothing is
 * encoded once per document state, a connection gets a burst of requests then 20 a second, and its
 * answers go out one at a time, each once it has read the one before.
 */

const TOKEN = 'metrics-token-of-sync-flood';

/** A `[sync, step 2, ...]` message. */
function isStep2(message: Uint8Array): boolean {
  return message[0] === MessageType.sync && message[1] === 1;
}

function step1(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeSyncStep1(e, new Y.Doc());
  return encoding.toUint8Array(e);
}

describe('sync requests', () => {
  let server: TestServer;
  let admin: string;
  let name: string;
  beforeAll(async () => {
    server = await startServer({ env: { METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN, SLOW_CONSUMER_MS: '60000' } });
    admin = await server.adminCookie();
    const res = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Grande' } });
    name = ((await res.json()) as { document: { name: string } }).document.name;
    // A document of about 2 MB, written by a stock provider.
    const writer = await connectDoc(server, name);
    for (let i = 0; i < 8; i++) writer.text.insert(writer.text.length, `${i}`.repeat(256 * 1024));
    await eventually(
      async () => {
        const probe = await connectDoc(server, name);
        expect(probe.text.length).toBe(8 * 256 * 1024);
        probe.destroy();
      },
      { timeout: 30_000 },
    );
    writer.destroy();
  });
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    removeDataDir(server.dataDir);
  });

  it('closes a connection that floods sync requests with 4429, and others keep editing', async () => {
    const flooder = openRawDoc(server.wsUrl, name, { cookie: admin });
    expect((await flooder.first).opened).toBe(true);
    for (let i = 0; i < 400; i++) flooder.ws.send(step1());
    expect(await flooder.closed).toEqual({ code: CloseCode.tooMany, reason: CloseReason.syncRate });
    const editor = await connectDoc(server, name);
    editor.text.insert(0, 'ok ');
    await eventually(async () => {
      const reader = await connectDoc(server, name);
      expect(reader.text.toString().startsWith('ok ')).toBe(true);
      reader.destroy();
    });
    const metrics = await scrapeMetrics(server, TOKEN);
    const refused =
      metricValue(metrics, 'dialogo_refused_total', { reason: 'sync-rate' }) + metricValue(metrics, 'dialogo_refused_total', { reason: 'sync-unread' });
    expect(refused).toBeGreaterThanOrEqual(1);
  });

  it('answers a connection one sync request at a time, each once it has read the last answer', async () => {
    const deferred = async () => metricValue(await scrapeMetrics(server, TOKEN), 'dialogo_refused_total', { reason: 'sync-deferred' });
    const before = await deferred();
    const reader = openRawDoc(server.wsUrl, name, { cookie: admin });
    expect((await reader.first).opened).toBe(true);
    // Stop reading: the first answers (2 MB each) fill the sockets' buffers; the others wait their turn.
    const socket = (reader.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    for (let i = 0; i < 10; i++) {
      reader.ws.send(step1());
      await new Promise((r) => setTimeout(r, 50));
    }
    await eventually(async () => expect((await deferred()) - before).toBeGreaterThanOrEqual(5));
    const answersBefore = reader.received.filter(isStep2).length;
    // Reading again: every request is answered, none was dropped.
    socket.resume();
    await eventually(() => expect(reader.received.filter(isStep2).length - answersBefore).toBe(10), { timeout: 20_000 });
    reader.close();
  });
});
