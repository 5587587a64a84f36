import * as Y from 'yjs';
import { repairStored } from '../collab/update-check.ts';

/**
 * Merges a snapshot and its log into one update by integrating them into a scratch document:
 * unlike `Y.mergeUpdates`, this also drops deleted content, so snapshots stay small. What Yjs
 * cannot integrate (entries stored before updates were checked) is left out, so one bad entry
 * never stops compaction: the document server reports it when it loads the document.
 */
export function mergeIntoSnapshot(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    for (const update of updates) {
      try {
        Y.applyUpdate(doc, repairStored(update, doc).update);
      } catch {
        // Bytes that do not decode at all: nothing of them can be kept.
      }
    }
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
