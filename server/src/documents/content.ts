import * as Y from 'yjs';
import type { Store } from '../store/index.ts';

/**
 * A document as stored now, for reading outside the live document server (published pages,
 * exports). The store holds everything anyone has seen (store-before-relay), so this is current.
 * The caller destroys the returned doc.
 */
export async function loadStoredDoc(store: Store, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const updates = await store.docs.load(name);
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}
