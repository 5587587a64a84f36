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
 * encoded once per document state, a connection gets a burst of requests then one per half second,
 * and a connection that has not read its last answer gets no further copy.
 */

const TOKEN = 'metrics-token-of-sync-flood';

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
    await eventually(async () => {
      const probe = await connectDoc(server, name);
      expect(probe.text.length).toBe(8 * 256 * 1024);
      probe.destroy();
    }, { timeout: 30_000 });
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
    expect(metricValue(await scrapeMetrics(server, TOKEN), 'dialogo_refused_total', { reason: 'sync-rate' })).toBeGreaterThanOrEqual(1);
  });

  it('sends no further copy of the document to a connection that has not read the last one', async () => {
    const before = metricValue(await scrapeMetrics(server, TOKEN), 'dialogo_refused_total', { reason: 'sync-unread' });
    const reader = openRawDoc(server.wsUrl, name, { cookie: admin });
    expect((await reader.first).opened).toBe(true);
    // Stop reading: the server's answers pile up in its socket.
    (reader.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 10; i++) {
      reader.ws.send(step1());
      await new Promise((r) => setTimeout(r, 50));
    }
    await eventually(async () => {
      const after = metricValue(await scrapeMetrics(server, TOKEN), 'dialogo_refused_total', { reason: 'sync-unread' });
      expect(after - before).toBeGreaterThanOrEqual(5);
    });
    reader.ws.terminate();
  });
});
