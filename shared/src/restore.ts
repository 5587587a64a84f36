import * as Y from 'yjs';
import { DocShape } from './doc-shapes.ts';
import { AgendaShape, minutesSectionName } from './agenda-doc.ts';

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

/**
 * Restores minutes (the general notes and every agenda item's section, including sections the
 * earlier state did not have yet, which become empty) as one change on top.
 */
export function restoreMinutes(target: Y.Doc, earlier: Y.Doc): void {
  const sections = [...target.share.keys(), ...earlier.share.keys()].filter((name) => name.startsWith(minutesSectionName('')));
  target.transact(() => {
    for (const name of new Set([DocShape.body, ...sections])) restoreFragment(target.getXmlFragment(name), earlier.getXmlFragment(name));
  }, 'restore');
}

/**
 * Restores an agenda (its items, their order, time boxes and descriptions) as one change on top:
 * the current items are replaced by copies of the earlier ones.
 */
export function restoreAgenda(target: Y.Doc, earlier: Y.Doc): void {
  const items = target.getMap<Y.Map<unknown>>(AgendaShape.items);
  target.transact(() => {
    for (const id of [...items.keys()]) items.delete(id);
    for (const [id, cells] of earlier.getMap<Y.Map<unknown>>(AgendaShape.items).entries()) {
      const copy = new Y.Map<unknown>();
      items.set(id, copy);
      // A description is a Y.XmlFragment of the earlier document: it goes in as a copy.
      for (const [key, value] of cells.entries()) copy.set(key, value instanceof Y.AbstractType ? value.clone() : value);
    }
  }, 'restore');
}
