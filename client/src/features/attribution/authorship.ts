/**
 * Who wrote what. Every Yjs item carries the client id that inserted it; the document's `authors`
 * map names the person (and city) behind each client id. The server writes it, from the session of
 * the connection that first wrote with the id (clients' own writes to it are dropped), so the names
 * cannot be forged and only people who wrote appear.
 */
import * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { DocShape, type DocAuthor } from '@dialogo/shared';
import { syncState } from '../../lib/editor-decorations.ts';

export function authorsOf(doc: Y.Doc): Y.Map<DocAuthor> {
  return doc.getMap<DocAuthor>(DocShape.authors);
}

/** A run of text written by one client. */
export interface AuthorRange {
  from: number;
  to: number;
  client: number;
}

/** The runs of every textblock, in ProseMirror positions; adjacent runs of one client are merged. */
export function authorRanges(state: EditorState): AuthorRange[] {
  const sync = syncState(state);
  if (!sync) return [];
  const typeOf = new Map<PMNode, Y.AbstractType<unknown>>();
  sync.mapping.forEach((node, type) => {
    if (!Array.isArray(node)) typeOf.set(node, type);
  });
  const ranges: AuthorRange[] = [];
  const push = (from: number, length: number, client: number) => {
    const last = ranges.at(-1);
    if (last && last.to === from && last.client === client) last.to += length;
    else ranges.push({ from, to: from + length, client });
  };
  state.doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const element = typeOf.get(node);
    if (!(element instanceof Y.XmlElement)) return false;
    let offset = pos + 1;
    for (let child = element._start; child; child = child.right) {
      if (child.deleted || !child.countable) continue;
      const content = child.content;
      if (content instanceof Y.ContentType && content.type instanceof Y.XmlText) {
        for (let item = content.type._start; item; item = item.right) {
          if (item.deleted || !item.countable) continue;
          push(offset, item.length, item.id.client);
          offset += item.length;
        }
      } else offset += 1; // an inline node (a hard break) takes one position
    }
    return false;
  });
  return ranges;
}
