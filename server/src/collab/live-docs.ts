import * as Y from 'yjs';
import type { Actor } from '../access/policy.ts';
import type { Catalog } from '../documents/catalog.ts';
import { loadStoredDoc } from '../documents/content.ts';
import { assertMayWrite } from '../documents/server-writes.ts';
import type { Logger } from '../logger.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import type { Store } from '../store/index.ts';
import type { DocRegistry } from './registry.ts';

/** A document of its own with the same content, for a reader who may change or destroy it. */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** What the one implementation of {@link LiveDocs} is made of. */
export interface LiveDocsDeps {
  store: Store;
  registry: DocRegistry;
  catalog: Catalog;
  logger: Logger;
}

/**
 * The live documents as domain code sees them (see ports/live-docs.ts): reads (from the document
 * this instance holds when it holds it, else from the store), reads inside the held document, and
 * server-side writes through the registry's server-update path, after the policy.
 */
export function createLiveDocs({ store, registry, catalog, logger }: LiveDocsDeps): LiveDocs {
  const log = logger.child({ module: 'live-docs' });
  async function readHeld<R>(name: string, use: (doc: Y.Doc) => R): Promise<R> {
    const shared = await registry.get(name);
    try {
      await shared.drain();
      return use(shared.doc);
    } finally {
      shared.releaseIfUnused();
    }
  }

  return {
    // A document this instance holds is read from memory after every write it received (some may
    // still be on their way to the store) is stored and applied; the caller gets a copy, so nothing
    // it does reaches the live document. Any other is read from the store, and not loaded.
    read: (name) => (registry.holds(name) ? readHeld(name, copyOf) : loadStoredDoc(store, name)),

    readHeld,

    async transact<R>(name: string, actor: Actor, change: (doc: Y.Doc) => R, reason: string): Promise<R> {
      await assertMayWrite(catalog, name, actor);
      const shared = await registry.get(name);
      try {
        await shared.drain();
        // The live document only ever receives stored updates: the change is made on a copy.
        const copy = new Y.Doc();
        try {
          Y.applyUpdate(copy, Y.encodeStateAsUpdate(shared.doc));
          const updates: Uint8Array[] = [];
          copy.on('update', (update: Uint8Array) => updates.push(update));
          let result!: R;
          copy.transact(() => {
            result = change(copy);
          });
          if (updates.length > 0) {
            log.debug({ docName: name, reason, by: actor.kind === 'person' ? actor.id : actor.kind }, 'server write');
            shared.applyServerUpdate(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
            await shared.drain();
          }
          return result;
        } finally {
          copy.destroy();
        }
      } finally {
        shared.releaseIfUnused();
      }
    },
  };
}
