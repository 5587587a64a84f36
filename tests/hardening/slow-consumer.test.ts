import { afterAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { INSPECTABLE, liveMemory } from '../helpers/heap.ts';
import { removeDataDir, startServer, stopAllServers } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';
import { metricValue, scrapeMetrics } from './metrics.ts';

const MB = 1024 * 1024;
/** What the other participants write while one client has stopped reading. */
const WRITTEN_BYTES = 20 * MB;
const CHUNK = 16 * 1024;

describe('a client that stops reading', () => {
  const dataDirs: string[] = [];
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    dataDirs.forEach(removeDataDir);
  });

  it('is disconnected while others write 20 MB, and the server heap stays bounded', async () => {
    const server = await startServer({
      nodeArgs: INSPECTABLE,
      env: {
        METRICS_ENABLED: 'true',
        // A low ceiling, with limits that fit under it (it must be at least MAX_DOCUMENT_BYTES +
        // MAX_MESSAGE_BYTES; the writer can run ahead of the store by a few MB of queued updates).
        MAX_BUFFERED_BYTES: process.env.SLOW_TEST_BUFFER ?? String(4 * MB),
        MAX_DOCUMENT_BYTES: String(3 * MB),
        MAX_MESSAGE_BYTES: String(256 * 1024),
        // ...and, below the ceiling, a client that drains nothing for half a second is cut.
        SLOW_CONSUMER_MS: '500',
        // No compaction during the test: it would read the whole 20 MB log at once.
        COMPACT_AFTER_UPDATES: '1000000',
      },
    });
    dataDirs.push(server.dataDir);
    const name = 'minutes:slow-consumer';
    const cookie = await server.adminCookie();
    const reader = await connectDoc(server, name);
    const writer = openRawDoc(server.wsUrl, name, { cookie });
    await writer.sync();
    const slow = openRawDoc(server.wsUrl, name, { cookie });
    await slow.sync();
    // The slow client's process stops reading its socket: bytes pile up in the kernel, then in
    // the server, unless the server refuses to keep them.
    const rawSocket = (slow.ws as unknown as { _socket: Socket })._socket;
    rawSocket.pause();
    const baseline = await liveMemory(server);
    const held: number[] = [];

    // Chunks are inserted, and deleted once the server has relayed them (a deletion in the same
    // batch would be merged away before it is sent), so the document itself stays small: what
    // grows, if anything, is what the server holds for the client that does not read.
    const text = writer.doc.getText('text');
    const filler = 'x'.repeat(CHUNK);
    for (let written = 0; written < WRITTEN_BYTES; written += CHUNK) {
      writer.insert(filler);
      if ((written / CHUNK) % 64 === 63) {
        await writer.sync(); // the server has stored and relayed everything sent so far
        text.delete(0, text.length);
        held.push((await liveMemory(server)) - baseline);
      }
    }
    await writer.sync();
    held.push((await liveMemory(server)) - baseline);

    // Measured after a full collection each time, so what is counted is what the server keeps.
    // At its peak it holds its ceiling (4 MB) for the slow client plus the megabyte the writer
    // sends between samples; once the slow client is cut, nothing (without the cap it keeps what
    // the kernel's socket buffers could not take, 13 MB or more, and it never lets go).
    console.log(`held by the server (MB): ${held.map((b) => (b / MB).toFixed(1)).join(' ')}`);
    expect(Math.max(...held)).toBeLessThan(10 * MB);
    expect(held.at(-1)!).toBeLessThan(4 * MB);
    const metrics = await scrapeMetrics(server);
    expect(metricValue(metrics, 'dialogo_refused_total', { reason: 'slow-consumer' })).toBeGreaterThanOrEqual(1);
    // The others were not held up and still converge; the slow client, reading again, resyncs.
    writer.insert('the end');
    await eventually(() => expect(reader.text.toString()).toBe('the end'));
    rawSocket.resume();
    const { code } = await slow.closed;
    expect(code).not.toBe(1000);
    const back = await connectDoc(server, name);
    expect(back.text.toString()).toBe('the end');
    await server.stop();
  }, 120_000);
});
