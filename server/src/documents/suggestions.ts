import * as Y from 'yjs';
import { BLOCK_SUGGESTION, parseBlockSuggestion, SUGGESTION_MARKS } from '@dialogo/shared';

/**
 * Pending suggestions as exports and published pages read them. A suggestion is a mark on text
 * (`insertion`, `deletion`, `modification`), a whole block's attribute `blockSuggestion`
 * (`insertion:<id>`, `deletion:<id>`), or, for a paragraph split or joined, a zero-width character
 * marked as inserted or deleted at each side of the boundary (as the editor's library writes them).
 * Both functions change `doc` in place: only ever a copy made for reading (`LiveDocs.read`),
 * never the live document.
 */

/** The zero-width character that anchors a suggested split or join. */
const BOUNDARY = '\u200B';
/** Containers that go with their last child (a list with its last item, a table with its last row). */
const GOES_WITH_LAST_CHILD = new Set(['bulletList', 'orderedList', 'listItem', 'blockquote', 'table', 'tableRow']);

type Op = { insert: unknown; attributes?: Record<string, unknown> };

/**
 * The text as it reads once every pending suggestion is accepted: what an export or a published
 * page shows by default (`?suggestions=marked` on an export keeps them marked instead, see
 * {@link markSuggestions}). Suggested text is kept or dropped, suggested blocks kept or dropped,
 * suggested joins made (between sibling blocks) and the markers of splits removed.
 */
export function acceptSuggestions(doc: Y.Doc): void {
  doc.transact(() => {
    // Joins first: the second block's content moves to the end of the first (its markers with it,
    // removed below with the other deleted text); a block may take several in turn.
    for (const element of richText(doc).elements) while (!isGone(element) && joinIfSuggested(element));
    const { texts, elements } = richText(doc);
    for (const element of elements) {
      if (isGone(element)) continue;
      const block = parseBlockSuggestion(element.getAttribute(BLOCK_SUGGESTION));
      if (block?.kind === 'deletion') removeBlock(element);
      else if (block) element.removeAttribute(BLOCK_SUGGESTION);
    }
    for (const text of texts) if (!isGone(text)) acceptInText(text);
  });
}

/**
 * The text with pending suggestions kept and shown as text marks, which every export renders
 * (struck in red, underlined in green): the text of a block suggested for adding or removing
 * takes the insertion or deletion mark, and a split or a join shows as a marked `¶`.
 */
export function markSuggestions(doc: Y.Doc): void {
  const { texts, elements } = richText(doc);
  doc.transact(() => {
    for (const element of elements) {
      const block = parseBlockSuggestion(element.getAttribute(BLOCK_SUGGESTION));
      if (!block) continue;
      for (const text of textsIn(element)) text.format(0, text.length, { [block.kind]: { id: block.id } });
    }
    for (const text of texts) {
      let at = 0;
      const boundaries: { at: number; length: number; attributes: Record<string, unknown> }[] = [];
      for (const op of text.toDelta() as Op[]) {
        const length = typeof op.insert === 'string' ? op.insert.length : 1;
        if (isBoundary(op)) boundaries.push({ at, length, attributes: op.attributes ?? {} });
        at += length;
      }
      for (const b of boundaries.reverse()) {
        text.delete(b.at, b.length);
        text.insert(b.at, '¶', b.attributes);
      }
    }
  });
}

/** Every rich text and element of the document, wherever it sits (found among the items, so no root needs to be typed). */
function richText(doc: Y.Doc): { texts: Y.XmlText[]; elements: Y.XmlElement[] } {
  const texts: Y.XmlText[] = [];
  const elements: Y.XmlElement[] = [];
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item) || struct.deleted || !(struct.content instanceof Y.ContentType)) continue;
      const type = struct.content.type;
      if (type instanceof Y.XmlText) texts.push(type);
      else if (type instanceof Y.XmlElement) elements.push(type);
    }
  }
  return { texts, elements };
}

const isGone = (type: Y.XmlElement | Y.XmlText) => !!type._item?.deleted;

function textsIn(element: Y.XmlElement): Y.XmlText[] {
  return element.toArray().flatMap((child) => (child instanceof Y.XmlText ? [child] : child instanceof Y.XmlElement ? textsIn(child) : []));
}

/** A marked zero-width marker of a split or a join. */
const isBoundary = (op: Op) =>
  typeof op.insert === 'string' &&
  op.insert.length > 0 &&
  [...op.insert].every((c) => c === BOUNDARY) &&
  (op.attributes?.insertion != null || op.attributes?.deletion != null);

/**
 * Makes a suggested join: `first` ends with a deleted marker and its next sibling starts with
 * one. Says whether it joined.
 */
function joinIfSuggested(first: Y.XmlElement): boolean {
  const second = first.nextSibling;
  if (!(second instanceof Y.XmlElement)) return false;
  const last = first.get(first.length - 1);
  const head = second.firstChild;
  if (!(last instanceof Y.XmlText) || !(head instanceof Y.XmlText)) return false;
  const lastOp = (last.toDelta() as Op[]).at(-1);
  const headOp = (head.toDelta() as Op[])[0];
  const deleted = (op: Op | undefined) => !!op && isBoundary(op) && op.attributes?.deletion != null;
  if (!deleted(lastOp) || !deleted(headOp)) return false;
  const copies = second.toArray().map((child) => {
    if (child instanceof Y.XmlText) {
      const copy = new Y.XmlText();
      copy.applyDelta(child.toDelta());
      return copy;
    }
    return (child as Y.XmlElement).clone();
  });
  first.insert(first.length, copies);
  removeFromParent(second);
  return true;
}

/**
 * The element's parent, able to delete it: a root read from the store is untyped until asked for,
 * and a block's parent root is always a rich-text fragment.
 */
function containerOf(element: Y.XmlElement): Y.XmlElement | Y.XmlFragment {
  const parent = element.parent!;
  if (parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment) return parent;
  return element.doc!.getXmlFragment(Y.findRootTypeKey(parent));
}

function removeFromParent(element: Y.XmlElement): void {
  const parent = containerOf(element);
  parent.delete(parent.toArray().indexOf(element), 1);
}

/** Removes a block; a list, item, quote, table or row left without children goes too. */
function removeBlock(element: Y.XmlElement): void {
  const parent = element.parent;
  if (parent instanceof Y.XmlElement && parent.length === 1 && GOES_WITH_LAST_CHILD.has(parent.nodeName)) {
    removeBlock(parent);
    return;
  }
  removeFromParent(element);
}

function acceptInText(text: Y.XmlText): void {
  const ops = text.toDelta() as Op[];
  const ranges: { at: number; length: number; drop: boolean; unmark: string[] }[] = [];
  let at = 0;
  for (const op of ops) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    const marks = SUGGESTION_MARKS.filter((name) => op.attributes?.[name] != null);
    // A split's markers go once it is accepted, as a join's do.
    if (marks.length > 0) ranges.push({ at, length, drop: marks.includes('deletion') || isBoundary(op), unmark: marks });
    at += length;
  }
  // From the end, so that earlier positions stay valid.
  for (const range of ranges.reverse()) {
    if (range.drop) text.delete(range.at, range.length);
    else text.format(range.at, range.length, Object.fromEntries(range.unmark.map((name) => [name, null])));
  }
}
