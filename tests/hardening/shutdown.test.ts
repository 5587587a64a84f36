import { afterAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { CloseCode } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { closeAllLiveClients, liveClient } from '../helpers/live-client.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * SIGTERM while a client has stopped reading: the drain stores every edit, tells the clients that
 * read (4504), does not wait for the one that does not, and exits 0 long before SHUTDOWN_TIMEOUT_MS.
 */

const SHUTDOWN_TIMEOUT_MS = 30_000;

describe('SIGTERM with a client that stopped reading', () => {
  const dataDirs: string[] = [];
  const prefixes: string[] = [];
  afterAll(async () => {
    destroyAllDocClients();
    closeAllLiveClients();
    await stopAllServers();
    dataDirs.forEach(removeDataDir);
    await Promise.all(prefixes.map(deletePrefix));
  });

  for (const store of ['embedded', 'redis'] as const) {
    it(`exits 0 soon, with the last edit stored (${store})`, async () => {
      const prefix = uniquePrefix(`shutdown-${store}`);
      prefixes.push(prefix);
      const env = { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), VERSION_IDLE_MS: '100' };
      const server = await startServer({ store, prefix, env });
      dataDirs.push(server.dataDir);
      const cookie = await server.adminCookie();
      const name = `minutes:shutdown-${store}`;
      const editor = openRawDoc(server.wsUrl, name, { cookie });
      await editor.sync();
      const live = await liveClient(server.url, { cookie });
      // The stalled client: it stops reading, and the editor's writes pile up behind it.
      const stalled = openRawDoc(server.wsUrl, name, { cookie });
      await stalled.sync();
      (stalled.ws as unknown as { _socket: Socket })._socket.pause();
      const text = editor.doc.getText('text');
      // 6 MiB: more than the kernel buffers take, so the server holds some of it.
      const filler = 'w'.repeat(64 * 1024);
      for (let i = 0; i < 96; i++) {
        editor.insert(filler);
        if (i % 8 === 7) {
          await editor.sync();
          text.delete(0, text.length);
        }
      }
      await editor.sync();
      editor.insert('last edit');
      // Sent, not yet acknowledged by a sync: the drain must store it.
      const editorClosed = editor.closed;
      const started = Date.now();
      await server.stop();
      const took = Date.now() - started;
      console.log(`${store}: SIGTERM to exit in ${took} ms`);
      expect(server.process.exitCode).toBe(0);
      expect(took).toBeLessThan(SHUTDOWN_TIMEOUT_MS / 3);
      expect((await editorClosed).code).toBe(CloseCode.shuttingDown);
      await eventually(() => expect(live.connected).toBe(false));
      // Nothing of the drain is an error: no unhandled rejection, no version read from a closed store.
      const errors = server
        .output()
        .split('\n')
        .filter((line) => /"level":(50|60)/.test(line) || /unhandled|client is closed|closed database/.test(line));
      expect(errors).toEqual([]);

      const again = await startServer({ store, prefix, dataDir: server.dataDir, env });
      const reader = await connectDoc(again, name);
      await eventually(() => expect(reader.text.toString()).toBe('last edit'));
      reader.destroy();
      await again.stop();
      expect(again.process.exitCode).toBe(0);
    }, 60_000);
  }
});
