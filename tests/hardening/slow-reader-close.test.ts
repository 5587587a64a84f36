import { afterAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { CloseCode, CloseReason } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { removeDataDir, startServer, stopAllServers } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';
import { metricValue, scrapeMetrics } from './metrics.ts';

/**
 * A client that stops reading while another keeps editing is cut as a slow consumer and, when it
 * reads again, sees the documented close (4430 `slow-consumer`), not an abnormal 1006.
 */

const KB = 1024;

describe('a slow reader', () => {
  const dataDirs: string[] = [];
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    dataDirs.forEach(removeDataDir);
  });

  it('is closed with 4430 while another client keeps editing', async () => {
    const server = await startServer({ env: { METRICS_ENABLED: 'true', SLOW_CONSUMER_MS: '1000', COMPACT_AFTER_UPDATES: '1000000' } });
    dataDirs.push(server.dataDir);
    const name = 'minutes:slow-reader';
    const cookie = await server.adminCookie();
    const reader = await connectDoc(server, name);
    const writer = openRawDoc(server.wsUrl, name, { cookie });
    await writer.sync();
    const slow = openRawDoc(server.wsUrl, name, { cookie });
    await slow.sync();
    const rawSocket = (slow.ws as unknown as { _socket: Socket })._socket;
    rawSocket.pause();

    // The writer keeps editing (inserting and deleting 64 KiB) until the server has cut the reader.
    const text = writer.doc.getText('text');
    const filler = 'z'.repeat(64 * KB);
    const started = Date.now();
    let cut = false;
    let rounds = 0;
    while (!cut && Date.now() - started < 30_000) {
      for (let i = 0; i < 8; i++) writer.insert(filler);
      await writer.sync();
      text.delete(0, text.length);
      rounds++;
      cut = metricValue(await scrapeMetrics(server), 'dialogo_refused_total', { reason: 'slow-consumer' }) >= 1;
    }
    expect(cut).toBe(true);
    console.log(`slow reader cut after ${Date.now() - started} ms (${rounds} rounds of 512 KiB)`);
    // Reading again, it gets what was already on its way and then the close with the documented code.
    rawSocket.resume();
    expect(await slow.closed).toEqual({ code: CloseCode.slowConsumer, reason: CloseReason.slowConsumer });
    // The others were not held up.
    writer.insert('the end');
    await eventually(() => expect(reader.text.toString()).toBe('the end'));
    const back = await connectDoc(server, name);
    expect(back.text.toString()).toBe('the end');
    await server.stop();
  }, 60_000);
});
