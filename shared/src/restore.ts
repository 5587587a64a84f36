import * as Y from 'yjs';

/**
 * Restores a rich-text fragment to an earlier state as a new change on top of the current one:
 * the current blocks are removed and copies of the earlier ones inserted, in one transaction.
 * History is never rewritten, so every connected client receives the restore as an ordinary
 * update, and edits made after it (or concurrently) merge as with any other edit.
 */
export function restoreFragment(target: Y.XmlFragment, earlier: Y.XmlFragment): void {
  const doc = target.doc;
  if (!doc) throw new Error('restoreFragment: the target fragment is not in a document');
  const copies = earlier.toArray().map((node) => (node as Y.XmlElement | Y.XmlText).clone());
  doc.transact(() => {
    target.delete(0, target.length);
    target.insert(0, copies);
  }, 'restore');
}
