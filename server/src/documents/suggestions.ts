import * as Y from 'yjs';
import { SUGGESTION_MARKS } from '@dialogo/shared';

/**
 * The text as it reads once every pending suggestion is accepted: what an export or a published
 * page shows by default (`?suggestions=marked` on an export keeps them marked instead). Changes
 * `doc` in place: only ever a copy loaded for reading (`loadStoredDoc`), never the live document.
 */
export function acceptSuggestions(doc: Y.Doc): void {
  // Every rich text of the document, wherever it sits (a body, an agenda item's section, a
  // proposal's section): found among the items, so no root needs to be typed to be read.
  const texts: Y.XmlText[] = [];
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (struct instanceof Y.Item && !struct.deleted && struct.content instanceof Y.ContentType && struct.content.type instanceof Y.XmlText)
        texts.push(struct.content.type);
    }
  }
  doc.transact(() => texts.forEach(acceptInText));
}

function acceptInText(text: Y.XmlText): void {
  type Op = { insert: unknown; attributes?: Record<string, unknown> };
  const ops = text.toDelta() as Op[];
  const ranges: { at: number; length: number; drop: boolean; unmark: string[] }[] = [];
  let at = 0;
  for (const op of ops) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    const marks = SUGGESTION_MARKS.filter((name) => op.attributes?.[name] != null);
    if (marks.length > 0) ranges.push({ at, length, drop: marks.includes('deletion'), unmark: marks });
    at += length;
  }
  // From the end, so that earlier positions stay valid.
  for (const range of ranges.reverse()) {
    if (range.drop) text.delete(range.at, range.length);
    else text.format(range.at, range.length, Object.fromEntries(range.unmark.map((name) => [name, null])));
  }
}
