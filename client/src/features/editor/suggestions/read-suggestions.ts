import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { applySuggestion, revertSuggestion } from '@handlewithcare/prosemirror-suggest-changes';
import { BLOCK_SUGGESTION, parseBlockSuggestion, suggestionAuthor, type BlockSuggestionKind } from '@dialogo/shared';
import { BOUNDARY, decideBlockSuggestion } from './block-suggestions.ts';

/** One suggested change as the suggestions panel lists it: everything under one id. */
export interface Suggestion {
  id: string;
  author: string | null;
  /** Text suggested for adding, and for removing (without the markers of splits and joins). */
  added: string;
  removed: string;
  formatting: boolean;
  /** A paragraph (or list item) split in two; two joined into one. */
  split: boolean;
  join: boolean;
  /** Whole blocks suggested for adding or removing: their type and text. */
  blocks: { kind: BlockSuggestionKind; block: string; text: string }[];
}

/**
 * The suggestions of an editor's text, in the order they appear: text marks, the marked markers
 * of splits and joins, and whole blocks carrying the block attribute (a block inside one suggested
 * under the same id is part of it).
 */
export function readSuggestions(doc: PMNode): Suggestion[] {
  const byId = new Map<string, Suggestion>();
  const entry = (id: string) => {
    let found = byId.get(id);
    if (!found) byId.set(id, (found = { id, author: suggestionAuthor(id), added: '', removed: '', formatting: false, split: false, join: false, blocks: [] }));
    return found;
  };
  // The blocks suggested for adding, where they end: their text, marked as added under the same
  // id, is the block's and is not listed again.
  const added = new Map<string, number>();
  // Markers of splits and joins by kind and id: one at each side of a boundary (a single one is
  // the library's anchor of some other change, a rule inserted at a paragraph's end say).
  const boundaries = new Map<string, number>();
  doc.descendants((node, pos) => {
    if (!node.isText) {
      const block = node.isInline ? null : parseBlockSuggestion(node.attrs[BLOCK_SUGGESTION]);
      if (block) {
        entry(block.id).blocks.push({ kind: block.kind, block: node.type.name, text: node.textContent.replaceAll(BOUNDARY, '') });
        if (block.kind === 'insertion') added.set(block.id, pos + node.nodeSize);
      }
      return true;
    }
    for (const mark of node.marks) {
      const name = mark.type.name;
      if (name !== 'insertion' && name !== 'deletion' && name !== 'modification') continue;
      const id = String(mark.attrs.id);
      const s = entry(id);
      const text = node.text ?? '';
      const plain = text.replaceAll(BOUNDARY, '');
      if (name === 'modification') s.formatting = true;
      else if (plain !== text) boundaries.set(`${name}:${id}`, (boundaries.get(`${name}:${id}`) ?? 0) + text.length - plain.length);
      if (name === 'insertion' && !(pos < (added.get(id) ?? -1))) s.added += plain;
      else if (name === 'deletion') s.removed += plain;
    }
    return false;
  });
  for (const s of byId.values()) {
    s.split = (boundaries.get(`insertion:${s.id}`) ?? 0) >= 2;
    s.join = (boundaries.get(`deletion:${s.id}`) ?? 0) >= 2;
  }
  return [...byId.values()];
}

/**
 * Accepts or rejects one suggestion in `state`, dispatching each step: its text (the library's
 * command: a split's or a join's markers too) and its whole blocks.
 */
export function decideSuggestion(getState: () => EditorState, dispatch: (tr: Transaction) => void, id: string, accept: boolean) {
  (accept ? applySuggestion(id) : revertSuggestion(id))(getState(), dispatch);
  const blocks = decideBlockSuggestion(getState(), id, accept);
  if (blocks) dispatch(blocks);
}
