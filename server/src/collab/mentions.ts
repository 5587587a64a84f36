import * as Y from 'yjs';
import { MENTION_NODE } from '@dialogo/shared';
import type { AddedMention } from '../ports/domain-events.ts';

export type { AddedMention };

const MARKER = Buffer.from(MENTION_NODE);

/**
 * The mention nodes an update (already applied to `doc`) added and that are still there. Most
 * updates are a few typed characters: the node's name is looked for in the bytes before anything
 * is decoded, so they cost one native byte search.
 */
export function mentionsAdded(doc: Y.Doc, update: Uint8Array): AddedMention[] {
  if (Buffer.from(update.buffer, update.byteOffset, update.byteLength).indexOf(MARKER) === -1) return [];
  const added: AddedMention[] = [];
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) continue;
    const decoded = struct.content.type;
    if (!(decoded instanceof Y.XmlElement) || decoded.nodeName !== MENTION_NODE) continue;
    const item = Y.getItem(doc.store, struct.id) as Y.Item | undefined;
    if (!item || item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const element = item.content.type as Y.XmlElement;
    const personId = element.getAttribute('id');
    if (typeof personId === 'string' && personId) added.push({ personId, context: textAround(element) });
  }
  return added;
}

/** The plain text of the block a mention sits in, the mention shown as `@Name`. */
function textAround(element: Y.XmlElement): string {
  const parent = element.parent;
  if (!(parent instanceof Y.XmlElement)) return '';
  let text = '';
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown }[]) if (typeof op.insert === 'string') text += op.insert;
    } else if (child instanceof Y.XmlElement && child.nodeName === MENTION_NODE) {
      text += `@${String(child.getAttribute('label') ?? '')}`;
    }
  }
  return text.trim();
}
