import * as Y from 'yjs';
import { repairStored } from '../lib/update-check.ts';

/**
 * Merges a snapshot and its log into one update by integrating them into a scratch document:
 * unlike `Y.mergeUpdates`, this also drops deleted content, so snapshots stay small. What Yjs
 * cannot integrate (entries stored before updates were checked) is left out, so one bad entry
 * never stops compaction: the document server reports it when it loads the document.
 */
export function mergeIntoSnapshot(updates: Uint8Array[]): Uint8Array {
  // Every entry stored since updates are checked applies: try that first, without the cost of a
  // second decoding, and repair only when something does not apply.
  const plain = merge(updates, (_doc, update) => update);
  return plain ?? merge(updates, (doc, update) => repairStored(update, doc).update, true)!;
}

/** The merged state, or null when an entry fails to apply (unless `skipFailures`). */
function merge(updates: Uint8Array[], prepare: (doc: Y.Doc, update: Uint8Array) => Uint8Array, skipFailures = false): Uint8Array | null {
  const doc = new Y.Doc({ gc: true });
  try {
    for (const update of updates) {
      try {
        Y.applyUpdate(doc, prepare(doc, update));
      } catch {
        // A failed apply may have left the scratch document half-changed: start over with repairs.
        if (!skipFailures) return null;
        // Bytes that do not decode at all: nothing of them can be kept.
      }
    }
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
