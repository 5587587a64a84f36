import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, RESP_TYPES } from 'redis';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode, CloseReason, DocShape, MessageType } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { api, createMember } from '../helpers/session.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';
import { deletePrefix, REDIS_URL } from '../helpers/redis.ts';
import { metricValue, scrapeMetrics } from './metrics.ts';

/**
 * A corpus of hostile updates, each sent by an editor of a real server: the sender is closed with
 * 4400 and a reason, nothing of it is stored or relayed, the document reads the same for a fresh
 * client and after a restart, and the others keep editing.
 */

const TOKEN = 'metrics-token-of-hostile-updates';
const hex = (s: string) =>
  Uint8Array.from(
    s
      .replace(/\s+/g, '')
      .match(/../g)!
      .map((b) => parseInt(b, 16)),
  );

/** `[sync, update, bytes]`. */
function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** One struct of one client, written by hand (`write` writes info, references and content). */
function oneStruct(client: number, clock: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  write(e);
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** The corpus: each builds its update against what the document holds (a text written by `author`). */
const CORPUS: { name: string; build(author: { client: number; length: number }): Uint8Array | Uint8Array[] }[] = [
  // The 19-byte frame: a ContentDeleted of length 0 under the root text.
  { name: 'zero-length deleted item (the 19-byte frame)', build: () => hex('01 01 c1a8a504 00 01 01 04 74657874 00 00') },
  {
    name: 'zero-length string',
    build: () =>
      oneStruct(5150, 0, (e) => {
        encoding.writeUint8(e, 4);
        encoding.writeVarUint(e, 1);
        encoding.writeVarString(e, 'text');
        encoding.writeVarString(e, '');
      }),
  },
  {
    name: 'item whose origin is itself',
    build: () =>
      oneStruct(5151, 0, (e) => {
        encoding.writeUint8(e, 4 | 0x80);
        encoding.writeVarUint(e, 5151);
        encoding.writeVarUint(e, 0);
        encoding.writeVarString(e, 'loop');
      }),
  },
  {
    name: 'item whose parent is a character, not a type',
    build: ({ client }) =>
      oneStruct(5152, 0, (e) => {
        encoding.writeUint8(e, 4);
        encoding.writeVarUint(e, 0); // parent by id
        encoding.writeVarUint(e, client);
        encoding.writeVarUint(e, 0);
        encoding.writeVarString(e, 'x');
      }),
  },
  {
    name: 'content after a gap in its clock (would wait as a pending struct)',
    build: () =>
      oneStruct(5153, 10, (e) => {
        encoding.writeUint8(e, 4);
        encoding.writeVarUint(e, 1);
        encoding.writeVarString(e, 'text');
        encoding.writeVarString(e, 'later');
      }),
  },
  {
    name: 'delete-set bomb of 150,000 ranges',
    build: ({ client }) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, 150_000);
      for (let i = 0; i < 150_000; i++) {
        encoding.writeVarUint(e, i * 2);
        encoding.writeVarUint(e, 1);
      }
      return encoding.toUint8Array(e);
    },
  },
  {
    name: 'delete of content that does not exist',
    build: () => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 777_777);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 1_000_000);
      return encoding.toUint8Array(e);
    },
  },
  {
    name: 'generated: an honest update with its origin pointed past the end of the document',
    build: ({ client, length }) =>
      oneStruct(5154, 0, (e) => {
        encoding.writeUint8(e, 4 | 0x80);
        encoding.writeVarUint(e, client);
        encoding.writeVarUint(e, length + 100_000);
        encoding.writeVarString(e, 'x');
      }),
  },
  {
    name: 'generated: 2,000 one-character updates with clock gaps',
    build: () =>
      Array.from({ length: 2000 }, (_, i) =>
        oneStruct(5155, 2 + i * 2, (e) => {
          encoding.writeUint8(e, 4);
          encoding.writeVarUint(e, 1);
          encoding.writeVarString(e, 'text');
          encoding.writeVarString(e, 'z');
        }),
      ),
  },
];

describe('hostile updates', () => {
  let server: TestServer;
  let admin: string;
  const dataDirs: string[] = [];
  beforeAll(async () => {
    server = await startServer({ env: { METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN } });
    dataDirs.push(server.dataDir);
    admin = await server.adminCookie();
  });
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    dataDirs.forEach(removeDataDir);
  });

  async function newNote(title: string): Promise<string> {
    const res = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { document: { name: string } }).document.name;
  }

  it('closes the sender of each with 4400, stores nothing, and the others keep editing', async () => {
    const name = await newNote('Corpus');
    const honest = await connectDoc(server, name);
    honest.text.insert(0, 'Verbale della riunione di coordinamento.');
    const author = { client: honest.doc.clientID, length: honest.text.length };
    await eventually(async () => {
      const probe = await connectDoc(server, name);
      expect(probe.text.toString()).toBe(honest.text.toString());
      probe.destroy();
    });
    const heapBefore = metricValue(await scrapeMetrics(server, TOKEN), 'process_resident_memory_bytes');
    for (const { name: what, build } of CORPUS) {
      const attacker = openRawDoc(server.wsUrl, name, { cookie: admin });
      expect((await attacker.first).opened, what).toBe(true);
      for (const update of [build(author)].flat()) attacker.ws.send(updateFrame(update));
      const closed = await attacker.closed;
      expect(closed, what).toEqual({ code: CloseCode.malformed, reason: CloseReason.invalidUpdate });
      // The honest client still edits, and a fresh client reads exactly its text.
      honest.text.insert(honest.text.length, '.');
      await eventually(async () => {
        const fresh = await connectDoc(server, name);
        try {
          expect(fresh.text.toString(), what).toBe(honest.text.toString());
          expect(fresh.doc.store.pendingStructs, what).toBeNull();
        } finally {
          fresh.destroy();
        }
      });
    }
    const metrics = await scrapeMetrics(server, TOKEN);
    expect(metricValue(metrics, 'dialogo_refused_total', { reason: 'invalid-update' })).toBeGreaterThanOrEqual(CORPUS.length);
    // A refused bomb is not kept (accepted, a 10 MB one took the server from 253 to 838 MB).
    expect(metricValue(metrics, 'process_resident_memory_bytes') - heapBefore).toBeLessThan(150 * 1024 * 1024);
    const md = await fetch(`${server.url}/api/documents/${encodeURIComponent(name)}/export.md`, { headers: { cookie: admin } });
    expect(md.status).toBe(200);

    // After a restart the document opens for a stock provider, which can still edit it.
    const expected = honest.text.toString();
    honest.destroy();
    await server.stop();
    server = await startServer({ port: server.port, dataDir: server.dataDir, env: { METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN } });
    admin = await server.adminCookie();
    const again = await connectDoc(server, name);
    expect(again.text.toString()).toBe(expected);
    again.text.insert(0, '> ');
    await eventually(async () => {
      const other = await connectDoc(server, name);
      expect(other.text.toString()).toBe(`> ${expected}`);
      other.destroy();
    });
  });

  it('credits text to whoever wrote it: client ids belong to the person who first wrote with them', async () => {
    const name = await newNote('Chi scrive');
    const torino = await createMember(server.url, admin, { role: 'coordinator', name: 'Sara Lombardi', email: 'sara@hostile.test' });
    const chiara = openRawDoc(server.wsUrl, name, { cookie: admin });
    await chiara.sync();
    chiara.insert('Scritto dalla coordinatrice. ');
    await chiara.sync();
    await eventually(() => expect(chiara.doc.getMap(DocShape.authors).get(String(chiara.doc.clientID))).toMatchObject({ name: 'admin' }));

    // Sara forges content under Chiara's client id: refused, nothing stored.
    const sara = openRawDoc(server.wsUrl, name, { cookie: torino.cookie });
    await sara.sync();
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(sara.doc));
    // Set after loading: Yjs picks a new id when a remote update carries its own.
    forged.clientID = chiara.doc.clientID;
    const sv = Y.encodeStateVector(forged);
    forged.getText('text').insert(0, 'Falso: ');
    sara.ws.send(updateFrame(Y.encodeStateAsUpdate(forged, sv)));
    expect(await sara.closed).toEqual({ code: CloseCode.malformed, reason: CloseReason.foreignClient });

    // Her own writes to the authors map, crediting her text to Chiara, are dropped; the server
    // writes her entry from her session.
    const sara2 = openRawDoc(server.wsUrl, name, { cookie: torino.cookie });
    await sara2.sync();
    sara2.doc.transact(() => {
      sara2.doc.getText('text').insert(0, 'Di Sara. ');
      sara2.doc.getMap(DocShape.authors).set(String(sara2.doc.clientID), { person: 'someone-else', name: 'Chiara Bellini' });
      sara2.doc.getMap(DocShape.authors).set(String(chiara.doc.clientID), { person: torino.person.id, name: 'Sara Lombardi' });
    });
    await sara2.sync();

    // Chiara resends her own content (an honest resend): accepted.
    chiara.ws.send(updateFrame(Y.encodeStateAsUpdate(chiara.doc)));
    await chiara.sync();

    const check = async (target: TestServer, cookie: string) => {
      await eventually(async () => {
        const fresh = await connectDoc(target, name, { cookie });
        try {
          expect(fresh.text.toString()).toBe('Di Sara. Scritto dalla coordinatrice. ');
          const authors = fresh.doc.getMap(DocShape.authors).toJSON();
          expect(authors[String(chiara.doc.clientID)]).toMatchObject({ name: 'admin' });
          expect(authors[String(sara2.doc.clientID)]).toMatchObject({ person: torino.person.id, name: 'Sara Lombardi' });
          expect(Object.keys(authors)).toHaveLength(2);
        } finally {
          fresh.destroy();
        }
      });
    };
    await check(server, admin);
    chiara.close();
    sara2.close();

    // After a restart, the claim still holds.
    await server.stop();
    server = await startServer({ port: server.port, dataDir: server.dataDir, env: { METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN } });
    admin = await server.adminCookie();
    const sara3 = openRawDoc(server.wsUrl, name, {
      cookie: (await api(server.url, '/api/auth/login', { method: 'POST', json: { email: 'sara@hostile.test', password: torino.password } })).headers
        .get('set-cookie')!
        .split(';')[0]!,
    });
    await sara3.sync();
    const forgedAgain = new Y.Doc();
    Y.applyUpdate(forgedAgain, Y.encodeStateAsUpdate(sara3.doc));
    forgedAgain.clientID = chiara.doc.clientID;
    const before = Y.encodeStateVector(forgedAgain);
    forgedAgain.getText('text').insert(0, 'Ancora falso: ');
    sara3.ws.send(updateFrame(Y.encodeStateAsUpdate(forgedAgain, before)));
    expect(await sara3.closed).toEqual({ code: CloseCode.malformed, reason: CloseReason.foreignClient });
    await check(server, admin);
  }, 60_000);
});

describe('documents stored with an unreadable entry (before updates were checked)', () => {
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
  });

  it('load without it: the entry is set aside and reported, the rest compacted, and the document edits again', async () => {
    const server = await startServer({ store: 'redis' });
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      const admin = await server.adminCookie();
      const res = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Avvelenato' } });
      const { name } = ((await res.json()) as { document: { name: string } }).document;
      const writer = await connectDoc(server, name);
      writer.text.insert(0, 'Testo buono.');
      await eventually(async () => expect(await redis.lLen(`${server.prefix}:doc:{${name}}:log`)).toBeGreaterThan(0));
      // What the old server stored: the 19-byte update, an item whose origin is itself, then more
      // good text after them.
      const good = new Y.Doc();
      Y.applyUpdate(good, Y.encodeStateAsUpdate(writer.doc));
      const stateBefore = Y.encodeStateVector(good);
      good.getText('text').insert(good.getText('text').length, ' Ancora testo.');
      writer.destroy();
      await server.stop();

      const log = `${server.prefix}:doc:{${name}}:log`;
      await redis.rPush(log, [
        Buffer.from(hex('01 01 c1a8a504 00 01 01 04 74657874 00 00')),
        Buffer.from(
          oneStruct(5151, 0, (e) => {
            encoding.writeUint8(e, 4 | 0x80);
            encoding.writeVarUint(e, 5151);
            encoding.writeVarUint(e, 0);
            encoding.writeVarString(e, 'loop');
          }),
        ),
        Buffer.from(Y.encodeStateAsUpdate(good, stateBefore)),
      ]);

      const again = await startServer({ store: 'redis', prefix: server.prefix, port: server.port });
      const reader = await connectDoc(again, name);
      expect(reader.text.toString()).toBe('Testo buono. Ancora testo.');
      reader.text.insert(reader.text.length, ' Fine.');
      await eventually(async () => {
        const other = await connectDoc(again, name);
        expect(other.text.toString()).toBe('Testo buono. Ancora testo. Fine.');
        other.destroy();
      });
      expect(again.output()).toContain('unreadable parts set aside');
      // Compaction ran at once: the unreadable entries are gone from the log, the good content is in the snapshot.
      const poison = Buffer.from(hex('01 01 c1a8a504 00 01 01 04 74657874 00 00'));
      await eventually(async () => {
        const entries = await redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).lRange(log, 0, -1);
        expect(entries.length).toBeLessThan(4);
        expect(entries.some((entry) => Buffer.compare(entry, poison) === 0)).toBe(false);
      });
      const snapshot = (await redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).get(`${server.prefix}:doc:{${name}}:snapshot`))!;
      const compacted = new Y.Doc();
      Y.applyUpdate(compacted, new Uint8Array(snapshot));
      expect(compacted.getText('text').toString()).toContain('Testo buono. Ancora testo.');
    } finally {
      await redis.close();
      await deletePrefix(server.prefix);
    }
  }, 60_000);
});

describe('client ids across two instances on one Redis', () => {
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
  });

  it('a client id written with on one instance cannot be written with by another person on the other', async () => {
    const a = await startServer({ store: 'redis' });
    const b = await startServer({ store: 'redis', prefix: a.prefix });
    try {
      const admin = await a.adminCookie();
      const res = await api(a.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Due istanze' } });
      const { name } = ((await res.json()) as { document: { name: string } }).document;
      const sara = await createMember(a.url, admin, { role: 'coordinator', name: 'Sara Lombardi', email: 'sara@two-instances.test' });

      const chiara = openRawDoc(a.wsUrl, name, { cookie: admin });
      await chiara.sync();
      chiara.insert('Dalla coordinatrice. ');
      await chiara.sync();

      // Sara, on the other instance, once Chiara's text reached it, writes under Chiara's id.
      const attacker = openRawDoc(b.wsUrl, name, { cookie: sara.cookie });
      await eventually(async () => {
        await attacker.sync();
        expect(attacker.doc.getText('text').toString()).toBe('Dalla coordinatrice. ');
      });
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(attacker.doc));
      forged.clientID = chiara.doc.clientID;
      const sv = Y.encodeStateVector(forged);
      forged.getText('text').insert(0, 'Falso: ');
      attacker.ws.send(updateFrame(Y.encodeStateAsUpdate(forged, sv)));
      expect(await attacker.closed).toEqual({ code: CloseCode.malformed, reason: CloseReason.foreignClient });

      // Chiara keeps writing on her instance; both instances read only her text.
      chiara.insert('Ancora lei.');
      for (const target of [a, b]) {
        await eventually(async () => {
          const reader = await connectDoc(target, name);
          try {
            expect(reader.text.toString()).toBe('Dalla coordinatrice. Ancora lei.');
          } finally {
            reader.destroy();
          }
        });
      }
      chiara.close();
    } finally {
      await deletePrefix(a.prefix);
    }
  }, 60_000);
});
