import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode, CloseReason, COLLAB_PATH, MessageType } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';

/** Opens a raw WebSocket on a document, for sending bytes no provider would send. */
/** A bare socket signed in as the test server's coordinator: it sends exactly what a test writes. */
async function rawSocket(server: TestServer, name: string): Promise<WebSocket> {
  const ws = new WebSocket(`${server.wsUrl}${COLLAB_PATH}/${name}`, { headers: { cookie: await server.adminCookie() } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

for (const store of ['embedded', 'redis'] as const) {
  describe(`document server on the ${store} store`, () => {
    const prefix = uniquePrefix(`collab-${store}`);
    const dataDirs: string[] = [];
    const start = async (reuse?: TestServer) => {
      const s = await startServer({ store, prefix, dataDir: reuse?.dataDir });
      dataDirs.push(s.dataDir);
      return s;
    };

    afterAll(async () => {
      destroyAllDocClients();
      await stopAllServers();
      dataDirs.forEach(removeDataDir);
      await deletePrefix(prefix);
    });

    it('two clients converge on the same text, and a late joiner gets all of it', async () => {
      const server = await start();
      const a = await connectDoc(server, 'minutes:converge');
      const b = await connectDoc(server, 'minutes:converge');
      a.text.insert(0, 'Analysis of intercultural policies. ');
      b.text.insert(0, 'Work plan for the 2nd semester. ');
      await eventually(() => {
        expect(a.text.toString()).toBe(b.text.toString());
        expect(a.text.length).toBe('Analysis of intercultural policies. Work plan for the 2nd semester. '.length);
      });
      const late = await connectDoc(server, 'minutes:converge');
      // The first sync answer carries the content: no waiting after `synced`.
      expect(late.text.toString()).toBe(a.text.toString());
      await server.stop();
    });

    it('removes the awareness of a client that leaves', async () => {
      const server = await start();
      const a = await connectDoc(server, 'minutes:awareness');
      const b = await connectDoc(server, 'minutes:awareness');
      a.provider.awareness.setLocalStateField('user', { name: 'Delegate of Lodi', color: '#2a9d8f' });
      // The server writes the name of the session's person (the coordinator, `admin`).
      await eventually(() => expect(b.provider.awareness.getStates().get(a.doc.clientID)).toMatchObject({ user: { name: 'admin' } }));
      a.destroy();
      await eventually(() => expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false));
      await server.stop();
    });

    it('keeps every acknowledged edit across a restart of the server', async () => {
      const first = await start();
      const a = await connectDoc(first, 'minutes:restart');
      const b = await connectDoc(first, 'minutes:restart');
      for (let i = 0; i < 50; i++) a.text.insert(a.text.length, `line ${i}\n`);
      // b has seen every line: the server stores before it relays.
      await eventually(() => expect(b.text.length).toBe(a.text.length));
      const expected = b.text.toString();
      a.destroy();
      b.destroy();
      await first.kill();
      const second = await start(first);
      const c = await connectDoc(second, 'minutes:restart');
      expect(c.text.toString()).toBe(expected);
      await second.stop();
    });

    it('closes only the connection that sends malformed or truncated bytes', async () => {
      const server = await start();
      const a = await connectDoc(server, 'minutes:malformed');
      const b = await connectDoc(server, 'minutes:malformed');
      a.text.insert(0, 'before');
      await eventually(() => expect(b.text.toString()).toBe('before'));

      const truncatedUpdate = (() => {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, MessageType.sync);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint(e, 500); // announces 500 bytes, sends 3
        encoding.writeUint8Array(e, new Uint8Array([1, 2, 3]));
        return encoding.toUint8Array(e);
      })();
      const garbageUpdate = (() => {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, MessageType.sync);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, new Uint8Array([255, 255, 255, 255, 15, 1, 2]));
        return encoding.toUint8Array(e);
      })();
      for (const bytes of [truncatedUpdate, garbageUpdate, new Uint8Array([99]), new Uint8Array([])]) {
        const ws = await rawSocket(server, 'minutes:malformed');
        const closed = closeOf(ws);
        ws.send(bytes);
        expect(await closed).toEqual({ code: CloseCode.malformed, reason: CloseReason.malformed });
      }
      // A text frame is not the protocol either.
      const textWs = await rawSocket(server, 'minutes:malformed');
      const textClosed = closeOf(textWs);
      textWs.send('hello');
      expect((await textClosed).code).toBe(CloseCode.malformed);

      // The others carry on and the document is unchanged by the bad input.
      b.text.insert(b.text.length, ' after');
      await eventually(() => expect(a.text.toString()).toBe('before after'));
      const fresh = await connectDoc(server, 'minutes:malformed');
      expect(fresh.text.toString()).toBe('before after');
      await server.stop();
    });

    it('refuses unknown document names with a reason', async () => {
      const server = await start();
      for (const name of ['nothing', 'minutes:..%2Fsecret', 'MINUTES:x', 'minutes:Upper']) {
        const ws = await rawSocket(server, name);
        expect(await closeOf(ws)).toEqual({ code: CloseCode.notFound, reason: CloseReason.notFound });
      }
      await server.stop();
    });

    it('applies a Yjs update from a second document model identically (CRDT identity)', async () => {
      const server = await start();
      const a = await connectDoc(server, 'minutes:identity');
      const other = new Y.Doc();
      other.getText('text').insert(0, 'from outside');
      Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(other));
      const b = await connectDoc(server, 'minutes:identity', { synced: true });
      await eventually(() => expect(b.text.toString()).toBe('from outside'));
      await server.stop();
    });
  });
}
