import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { DocKind, DocShape, docName } from '@dialogo/shared';
import { loadConfig } from '../../server/src/config.ts';
import { createLogger } from '../../server/src/logger.ts';
import { createStore, type Store } from '../../server/src/store/index.ts';
import { createServer, type DialogoServer } from '../../server/src/app.ts';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.ts';

/**
 * `LiveDocs.read`, the one way domain code reads a document: a document this instance holds live is
 * read from memory, caught up with every write it has received (queued for the store or stored and
 * applied, compacted or not), and the caller gets a copy of its own; a document nobody holds is read
 * from the store without being loaded into the registry.
 */

/** An update that writes `text` as a paragraph at the start of the document's body. */
function paragraphUpdate(base: Y.Doc, text: string): Uint8Array {
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(scratch);
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  scratch.getXmlFragment(DocShape.body).insert(0, [p]);
  const update = Y.encodeStateAsUpdate(scratch, before);
  scratch.destroy();
  return update;
}

const bodyOf = (doc: Y.Doc) => doc.getXmlFragment(DocShape.body).toString();

describe.each(['embedded', 'redis'] as const)('LiveDocs.read (%s store)', (kind) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dialogo-live-read-'));
  const prefix = uniquePrefix('live-read');
  let server: DialogoServer;
  let store: Store;

  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      REDIS_URL: kind === 'redis' ? REDIS_URL : '',
      REDIS_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      DEMO: 'false',
      // Compaction never runs during the test: reads see the log as written.
      COMPACT_AFTER_UPDATES: '100000',
    });
    const logger = createLogger('silent');
    store = await createStore(config, logger);
    server = await createServer({ config, store, logger });
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (kind === 'redis') await deletePrefix(prefix);
  });

  it('reads a held document with an update that was stored and applied but not compacted', async () => {
    const name = docName(DocKind.note, `acked-${kind}`);
    const shared = await server.registry.get(name);
    try {
      shared.applyServerUpdate(paragraphUpdate(shared.doc, 'Acknowledged line'));
      await shared.drain();
      expect(bodyOf(shared.doc)).toContain('Acknowledged line');
      const read = await server.liveDocs.read(name);
      try {
        expect(bodyOf(read)).toContain('Acknowledged line');
      } finally {
        read.destroy();
      }
    } finally {
      shared.releaseIfUnused();
    }
  });

  it('reads a held document with an update the server received and has not stored yet', async () => {
    const name = docName(DocKind.note, `queued-${kind}`);
    const shared = await server.registry.get(name);
    try {
      // Received (queued for the store), not awaited: a read right after a write sees it.
      shared.applyServerUpdate(paragraphUpdate(shared.doc, 'Line typed just now'));
      const read = await server.liveDocs.read(name);
      try {
        expect(bodyOf(read)).toContain('Line typed just now');
      } finally {
        read.destroy();
      }
    } finally {
      shared.releaseIfUnused();
    }
  });

  it('gives a copy: what the caller changes in it reaches neither the live document nor the store', async () => {
    const name = docName(DocKind.note, `copy-${kind}`);
    const shared = await server.registry.get(name);
    try {
      shared.applyServerUpdate(paragraphUpdate(shared.doc, 'Live text'));
      await shared.drain();
      const read = await server.liveDocs.read(name);
      read.getXmlFragment(DocShape.body).delete(0, 1);
      read.getMap('scratch').set('changed', true);
      read.destroy();
      expect(bodyOf(shared.doc)).toContain('Live text');
      expect(shared.doc.getMap('scratch').size).toBe(0);
      const stored = new Y.Doc();
      Y.applyUpdate(stored, Y.mergeUpdates(await store.docs.load(name)));
      expect(bodyOf(stored)).toContain('Live text');
      expect(stored.getMap('scratch').size).toBe(0);
      stored.destroy();
    } finally {
      shared.releaseIfUnused();
    }
  });

  it('reads a document nobody holds from the store, without loading it into the registry', async () => {
    const name = docName(DocKind.note, `cold-${kind}`);
    const base = new Y.Doc();
    await store.docs.append(name, [paragraphUpdate(base, 'Stored long ago')]);
    base.destroy();
    const held = server.registry.size;
    const read = await server.liveDocs.read(name);
    try {
      expect(bodyOf(read)).toContain('Stored long ago');
    } finally {
      read.destroy();
    }
    expect(server.registry.size).toBe(held);
  });
});
