import { afterAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type StartOptions } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Fault injection with real processes: the server is killed or stopped while people type, and
 * nothing that anyone saw, nor anything a client typed, may be lost once everyone is back.
 */

/** Appends numbered lines to a client's text until stopped; every line it typed stays in its own doc. */
function typeContinuously(client: DocClient, label: string): { stop(): number } {
  let n = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    client.text.insert(client.text.length, `${label}-${n++};`);
    setTimeout(tick, 3);
  };
  tick();
  return {
    stop() {
      running = false;
      return n;
    },
  };
}

function linesOf(text: string, label: string): number {
  return text.split(';').filter((l) => l.startsWith(`${label}-`)).length;
}

/** A random place between two markers (after a `;` or at the start), so no marker is split. */
function markerBoundary(text: string): number {
  const places = [0];
  for (let i = text.indexOf(';'); i >= 0; i = text.indexOf(';', i + 1)) places.push(i + 1);
  return places[Math.floor(Math.random() * places.length)]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('crashes and restarts of the document server', () => {
  const prefix = uniquePrefix('hardening-crash');
  const dataDirs: string[] = [];
  const start = async (opts: StartOptions = {}) => {
    const s = await startServer({ prefix, ...opts });
    dataDirs.push(s.dataDir);
    return s;
  };

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    dataDirs.forEach(removeDataDir);
    await deletePrefix(prefix);
  });

  it('kill -9 between 0 and 200 ms after another client saw an edit, repeated, loses nothing', async () => {
    let server = await start();
    const name = 'minutes:kill-nine';
    const writer = await connectDoc(server, name);
    const reader = await connectDoc(server, name);
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      const label = `r${round}`;
      const typing = typeContinuously(writer, label);
      // The reader has seen an edit of this round: from now on the kill may come at any moment.
      await eventually(() => expect(linesOf(reader.text.toString(), label)).toBeGreaterThan(0));
      await sleep(Math.floor(Math.random() * 201));
      const seen = reader.text.toString();
      await server.kill();
      typing.stop();

      server = await start({ port: server.port, dataDir: server.dataDir });
      // A fresh client gets at least everything the reader had seen before the crash...
      const fresh = await connectDoc(server, name);
      expect(fresh.text.toString().startsWith(seen)).toBe(true);
      // ...and once the writer is back, its edits that never reached the store arrive too.
      await eventually(
        () => {
          expect(fresh.text.toString()).toBe(writer.text.toString());
          expect(reader.text.toString()).toBe(writer.text.toString());
        },
        { timeout: 20_000 },
      );
      fresh.destroy();
    }
    for (let round = 0; round < rounds; round++) expect(linesOf(reader.text.toString(), `r${round}`)).toBeGreaterThan(0);
    await server.stop();
  }, 180_000);

  it('SIGTERM while a client types: clients are told to reconnect, new connections are refused, the process exits, nothing is lost', async () => {
    const server = await start();
    const name = 'minutes:sigterm';
    const writer = await connectDoc(server, name);
    const reader = await connectDoc(server, name);
    const closeCodes: number[] = [];
    writer.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
    const typing = typeContinuously(writer, 'typed');
    await eventually(() => expect(linesOf(reader.text.toString(), 'typed')).toBeGreaterThan(20));

    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    server.process.kill('SIGTERM');
    await eventually(() => expect(closeCodes).toContain(CloseCode.shuttingDown));
    // Draining: a new connection is not let in any more.
    const late = openRawDoc(server.wsUrl, name, { cookie: await server.adminCookie() });
    expect((await late.first).opened).toBe(false);
    // Exits by itself, gracefully (the bound would exit with 1).
    expect(await exited).toBe(0);
    const typed = typing.stop();

    const again = await start({ port: server.port, dataDir: server.dataDir });
    await eventually(
      () => {
        expect(reader.text.toString()).toBe(writer.text.toString());
        expect(linesOf(reader.text.toString(), 'typed')).toBe(typed);
      },
      { timeout: 20_000 },
    );
    const fresh = await connectDoc(again, name);
    await eventually(() => expect(fresh.text.toString()).toBe(writer.text.toString()));
    await again.stop();
  }, 120_000);

  it('200 offline edits on each side of a partition merge when the connection returns', async () => {
    const server = await start();
    const name = 'minutes:partition';
    const a = await connectDoc(server, name);
    const b = await connectDoc(server, name);
    a.text.insert(0, 'shared start;');
    await eventually(() => expect(b.text.toString()).toBe('shared start;'));
    a.provider.disconnect();
    b.provider.disconnect();
    for (let i = 0; i < 200; i++) {
      a.text.insert(markerBoundary(a.text.toString()), `A${i};`);
      b.text.insert(markerBoundary(b.text.toString()), `B${i};`);
    }
    a.provider.connect();
    b.provider.connect();
    await eventually(
      () => {
        expect(a.text.toString()).toBe(b.text.toString());
        for (let i = 0; i < 200; i++) {
          expect(a.text.toString()).toContain(`A${i};`);
          expect(a.text.toString()).toContain(`B${i};`);
        }
      },
      { timeout: 20_000 },
    );
    const fresh = await connectDoc(server, name);
    expect(fresh.text.toString()).toBe(a.text.toString());
    await server.stop();
  }, 60_000);

  it('two instances, 1,000 concurrent inserts: identical on both, and still after both restart', async () => {
    // One after the other: two processes compiling at once on a loaded 2-core machine start slowly.
    const one = await start({ store: 'redis' });
    const two = await start({ store: 'redis' });
    const name = 'minutes:two-instances-thousand';
    const clients = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => connectDoc(i % 2 ? two : one, name)));
    // 8 clients x 125 inserts, interleaved, each at a random place.
    await Promise.all(
      clients.map(async (c, ci) => {
        for (let i = 0; i < 125; i++) {
          c.text.insert(markerBoundary(c.text.toString()), `<${ci}.${i}>;`);
          if (i % 10 === 0) await sleep(1);
        }
      }),
    );
    const expectAll = (text: string) => {
      expect(text.match(/<\d\.\d+>/g)?.length).toBe(1000);
    };
    await eventually(
      () => {
        for (const c of clients) expect(c.text.toString()).toBe(clients[0]!.text.toString());
        expectAll(clients[0]!.text.toString());
      },
      { timeout: 30_000 },
    );
    const final = clients[0]!.text.toString();
    clients.forEach((c) => c.destroy());
    await Promise.all([one.stop(), two.stop()]);

    const oneAgain = await start({ store: 'redis' });
    const twoAgain = await start({ store: 'redis' });
    const [onOne, onTwo] = await Promise.all([connectDoc(oneAgain, name), connectDoc(twoAgain, name)]);
    expect(onOne.text.toString()).toBe(final);
    expect(onTwo.text.toString()).toBe(final);
    await Promise.all([oneAgain.stop(), twoAgain.stop()]);
  }, 120_000);
});
