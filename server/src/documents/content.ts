import * as Y from 'yjs';
import type { Store } from '../store/index.ts';

/**
 * A document as stored now: what `LiveDocs.read` (collab/live-docs.ts) gives for a document this
 * instance does not hold. Nothing else calls it (import rule `reads-through-live-docs`): a read
 * through LiveDocs also sees a held document's writes still on their way to the store.
 * The caller destroys the returned doc.
 */
export async function loadStoredDoc(store: Store, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const updates = await store.docs.load(name);
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}
