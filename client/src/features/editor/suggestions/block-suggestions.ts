import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import type { Mark } from '@tiptap/pm/model';
import { suggestChangesKey, transformToSuggestionTransaction } from '@handlewithcare/prosemirror-suggest-changes';
import { BLOCK_SUGGESTION, blockSuggestionValue, parseBlockSuggestion, type BlockSuggestionKind } from '@dialogo/shared';

/**
 * Whole blocks suggested for adding or removing (a pasted paragraph, a table row, a rule, a list
 * deleted whole). @handlewithcare/prosemirror-suggest-changes marks them with node marks, which
 * the shared document does not keep (y-tiptap stores a block's attributes, not its marks): here
 * each node mark the library would add becomes the block's `blockSuggestion` attribute instead,
 * which Yjs keeps, the server checks (its id names the person) and the exports read. Splitting
 * and joining paragraphs stay the library's zero-width characters marked as inserted or deleted
 * at the boundary (text marks, which the shared document keeps).
 */

/** The zero-width character the library anchors a split or a join to. */
export const BOUNDARY = '\u200B';

/**
 * `tr` rewritten as a suggestion (what the library does), with every whole block it marks as
 * added or removed carrying the attribute instead of a node mark. Throws where the library cannot
 * express the change in this schema (a block's formatting, whose node marks have no attribute).
 */
export function suggestTransaction(tr: Transaction, state: EditorState, generateId: () => string): Transaction {
  // Blocks already suggested as added that are now deleted go for real (as the library does with
  // inserted text), once the library is done: positions recorded with the step count to map them.
  const dropped: { pos: number; steps: number }[] = [];
  const withAttributes = new Proxy(state, {
    get(target, prop) {
      if (prop !== 'tr') return Reflect.get(target, prop, target) as unknown;
      const fresh = target.tr;
      const addNodeMark = fresh.addNodeMark.bind(fresh);
      fresh.addNodeMark = (pos: number, mark: Mark) => {
        const kind = mark.type.name;
        const node = fresh.doc.nodeAt(pos);
        if ((kind !== 'insertion' && kind !== 'deletion') || !node || !(BLOCK_SUGGESTION in node.type.spec.attrs!)) return addNodeMark(pos, mark);
        const current = parseBlockSuggestion(node.attrs[BLOCK_SUGGESTION]);
        if (kind === 'deletion' && current?.kind === 'insertion') {
          dropped.push({ pos, steps: fresh.steps.length });
          return fresh;
        }
        // A block inside one already suggested under the same id (the rows of an added table) needs nothing more.
        if (insideSuggested(fresh.doc, pos, String(mark.attrs.id))) return fresh;
        return fresh.setNodeAttribute(pos, BLOCK_SUGGESTION, blockSuggestionValue(kind, String(mark.attrs.id)));
      };
      return fresh;
    },
  });
  const result = transformToSuggestionTransaction(tr, withAttributes, () => generateId());
  // `result` is the transaction the proxy handed out (the library builds on the one `state.tr` it asks for).
  for (const { pos, steps } of dropped.reverse()) {
    const at = result.mapping.slice(steps).mapResult(pos);
    const node = at.deleted ? null : result.doc.nodeAt(at.pos);
    if (node) deleteBlock(result, at.pos, node);
  }
  return result;
}

function insideSuggested(doc: PMNode, pos: number, id: string): boolean {
  const $pos = doc.resolve(pos);
  for (let depth = $pos.depth; depth > 0; depth--) {
    if (parseBlockSuggestion($pos.node(depth).attrs[BLOCK_SUGGESTION])?.id === id) return true;
  }
  return false;
}

/** Containers that go with their last child (a list with its last item, a table with its last row). */
const GOES_WITH_LAST_CHILD = new Set(['bulletList', 'orderedList', 'listItem', 'blockquote', 'table', 'tableRow']);

/**
 * Deletes the block at `pos`; when it is the only child of a list, item, quote, table or row, that
 * goes instead, and the only block of the text or of a table cell becomes an empty paragraph.
 */
function deleteBlock(tr: Transaction, pos: number, node: PMNode): void {
  const $pos = tr.doc.resolve(pos);
  if ($pos.parent.childCount === 1) {
    if ($pos.depth > 0 && GOES_WITH_LAST_CHILD.has($pos.parent.type.name)) {
      deleteBlock(tr, $pos.before(), $pos.parent);
      return;
    }
    tr.replaceWith(pos, pos + node.nodeSize, tr.doc.type.schema.nodes.paragraph!.create());
    return;
  }
  tr.delete(pos, pos + node.nodeSize);
}

/** One block suggestion as the panel lists it. */
export interface BlockSuggestion {
  id: string;
  kind: BlockSuggestionKind;
  /** The block's type (`paragraph`, `tableRow`...). */
  block: string;
  /** Its text, for the panel to quote. */
  text: string;
}

/** The block suggestions of a text, in the order they appear (a block inside a suggested one is not listed again). */
export function readBlockSuggestions(doc: PMNode): BlockSuggestion[] {
  const found: BlockSuggestion[] = [];
  doc.descendants((node) => {
    if (node.isInline) return false;
    const parsed = parseBlockSuggestion(node.attrs[BLOCK_SUGGESTION]);
    if (!parsed) return true;
    found.push({ ...parsed, block: node.type.name, text: node.textContent.replaceAll(BOUNDARY, '') });
    return false;
  });
  return found;
}

/**
 * Decides the block suggestions under `id`: accepting keeps an added block and removes a removed
 * one, rejecting the other way round. Returns the transaction, or null when no block has that id.
 */
export function decideBlockSuggestion(state: EditorState, id: string, accept: boolean): Transaction | null {
  const targets: { pos: number; node: PMNode; remove: boolean }[] = [];
  state.doc.descendants((node, pos) => {
    if (node.isInline) return false;
    const parsed = parseBlockSuggestion(node.attrs[BLOCK_SUGGESTION]);
    if (!parsed || parsed.id !== id) return true;
    targets.push({ pos, node, remove: (parsed.kind === 'insertion') !== accept });
    return false;
  });
  if (targets.length === 0) return null;
  const tr = state.tr;
  // From the end, so that earlier positions stay valid.
  for (const { pos, node, remove } of targets.reverse()) {
    if (remove) deleteBlock(tr, pos, node);
    else tr.setNodeAttribute(pos, BLOCK_SUGGESTION, null);
  }
  // A decision, not a change to suggest, even when the person deciding is suggesting.
  return tr.setMeta(suggestChangesKey, { skip: true });
}
