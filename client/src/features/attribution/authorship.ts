/**
 * Who wrote what. Every Yjs item carries the client id that inserted it; the document's `authors`
 * map names the person (and city) behind each client id. A client adds its own entry with its
 * first edit, so only people who wrote appear, and offline edits are attributed too.
 */
import * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { DocShape, type DocAuthor } from '@dialogo/shared';
import { syncState } from '../../lib/editor-decorations.ts';

const REGISTERED = Symbol('authors');

export function authorsOf(doc: Y.Doc): Y.Map<DocAuthor> {
  return doc.getMap<DocAuthor>(DocShape.authors);
}

/** Adds this client's entry after its first local change; returns the unsubscribe function. */
export function registerAuthor(doc: Y.Doc, author: DocAuthor): () => void {
  const authors = authorsOf(doc);
  const key = String(doc.clientID);
  const listener = (transaction: Y.Transaction) => {
    if (!transaction.local || transaction.origin === REGISTERED || authors.has(key)) return;
    if (transaction.changed.size === 0) return;
    // After the transaction, not inside it: observers must see the edit and the entry apart.
    queueMicrotask(() => {
      if (!authors.has(key)) doc.transact(() => authors.set(key, author), REGISTERED);
    });
  };
  doc.on('afterTransaction', listener);
  return () => doc.off('afterTransaction', listener);
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
