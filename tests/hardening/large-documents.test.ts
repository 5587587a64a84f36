import { afterAll, describe, expect, it } from 'vitest';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { openRawDoc, type RawDocSocket } from '../helpers/raw-doc.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Every document within the limits opens for every client, with the default limits: a 9 MiB one
 * (one update just under MAX_MESSAGE_BYTES) on both stores, and a 60 MiB one (just under
 * MAX_DOCUMENT_BYTES) on the embedded store. Readers that were there when the big update came stay
 * connected and receive it; new readers (stock providers and a raw client) receive the whole state.
 */

const MB = 1024 * 1024;

/** Counts the closes a provider saw: a reader that is cut and reconnects shows up here. */
function closesOf(client: DocClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: { code: number } | null) => codes.push(event?.code ?? 0));
  return codes;
}

describe('large documents', () => {
  const dataDirs: string[] = [];
  const prefixes: string[] = [];
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    dataDirs.forEach(removeDataDir);
    await Promise.all(prefixes.map(deletePrefix));
  });

  for (const store of ['embedded', 'redis'] as const) {
    it(`a 9 MiB document opens for every client (${store})`, async () => {
      const prefix = uniquePrefix(`large-${store}`);
      prefixes.push(prefix);
      const server = await startServer({ store, prefix });
      dataDirs.push(server.dataDir);
      const cookie = await server.adminCookie();
      const name = `minutes:large-${store}`;
      // Two readers are there when the 9 MiB update is accepted.
      const readers = [await connectDoc(server, name), await connectDoc(server, name)];
      const closes = readers.map(closesOf);
      const writer = openRawDoc(server.wsUrl, name, { cookie });
      await writer.sync();
      const big = 'x'.repeat(9 * MB);
      writer.insert(big);
      await writer.sync(); // stored and applied
      for (const reader of readers) await eventually(() => expect(reader.text.length).toBe(9 * MB), { timeout: 20_000 });
      // Nobody was cut for receiving one large message.
      expect(closes.flat()).toEqual([]);

      // New readers: two stock providers and a raw client receive the whole document.
      const fresh = await Promise.all([connectDoc(server, name, { synced: false }), connectDoc(server, name, { synced: false })]);
      for (const f of fresh) await eventually(() => expect(f.provider.synced && f.text.length).toBe(9 * MB), { timeout: 20_000 });
      const raw = openRawDoc(server.wsUrl, name, { cookie });
      await raw.sync();
      expect(raw.doc.getText('text').length).toBe(9 * MB);

      // And after the document left memory (a cold load from the store).
      readers.concat(fresh).forEach((c) => c.destroy());
      writer.close();
      raw.close();
      await new Promise((r) => setTimeout(r, 1000));
      const cold = await connectDoc(server, name, { synced: false });
      await eventually(() => expect(cold.provider.synced && cold.text.length).toBe(9 * MB), { timeout: 20_000 });
      cold.destroy();
      await server.stop();
      expect(server.process.exitCode).toBe(0);
    }, 60_000);
  }

  it('a 60 MiB document (under the 64 MiB limit) opens for a stock provider and a raw client', async () => {
    const server = await startServer({ store: 'embedded' });
    dataDirs.push(server.dataDir);
    const cookie = await server.adminCookie();
    const name = 'minutes:large-60';
    const writer = openRawDoc(server.wsUrl, name, { cookie });
    await writer.sync();
    const part = 'y'.repeat(9.5 * MB);
    const started = Date.now();
    let written = 0;
    while (written + part.length <= 60 * MB) {
      writer.insert(part);
      await writer.sync();
      written += part.length;
    }
    const reader = await connectDoc(server, name, { synced: false });
    await eventually(() => expect(reader.provider.synced && reader.text.length).toBe(written), { timeout: 30_000 });
    const raw: RawDocSocket = openRawDoc(server.wsUrl, name, { cookie });
    await raw.sync();
    expect(raw.doc.getText('text').length).toBe(written);
    console.log(`60 MiB document: written and opened by two readers in ${Date.now() - started} ms`);
    reader.destroy();
    raw.close();
    writer.close();
    await server.stop();
  }, 60_000);
});
