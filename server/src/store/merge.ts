import * as Y from 'yjs';

/**
 * Merges a snapshot and its log into one update by integrating them into a scratch document:
 * unlike `Y.mergeUpdates`, this also drops deleted content, so snapshots stay small.
 */
export function mergeIntoSnapshot(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    for (const update of updates) Y.applyUpdate(doc, update);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
