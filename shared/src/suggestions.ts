/**
 * Suggested changes ("track changes") in rich text: marks the editor adds instead of changing the
 * text while a person suggests, and what every copy of the document agrees on about them. The
 * editing itself comes from @handlewithcare/prosemirror-suggest-changes (client); these marks have
 * the same names and attributes as its own, so its commands work on them, and they are part of
 * the schema the server reads too (exports, published pages). Imported with `rich-text.ts`.
 */
import { Mark, mergeAttributes } from '@tiptap/core';

export { SUGGESTION_MARKS, suggestionAuthor, suggestionId, type SuggestionMarkName } from './doc-shapes.ts';

const idAttribute = {
  id: {
    default: null,
    parseHTML: (element: { getAttribute(name: string): string | null }) => {
      const raw = element.getAttribute('data-id');
      try {
        return raw ? (JSON.parse(raw) as unknown) : null;
      } catch {
        return null;
      }
    },
    renderHTML: (attributes: Record<string, unknown>) => ({ 'data-id': JSON.stringify(attributes.id) }),
  },
};

/** Text someone suggests adding. */
export const Insertion = Mark.create({
  name: 'insertion',
  inclusive: false,
  excludes: 'deletion modification insertion',
  addAttributes: () => idAttribute,
  parseHTML: () => [{ tag: 'ins[data-id]' }],
  renderHTML: ({ HTMLAttributes }) => ['ins', mergeAttributes(HTMLAttributes, { class: 'suggestion suggestion--insertion' }), 0],
});

/** Text someone suggests removing: it stays until the suggestion is accepted. */
export const Deletion = Mark.create({
  name: 'deletion',
  inclusive: false,
  excludes: 'deletion modification insertion',
  addAttributes: () => idAttribute,
  parseHTML: () => [{ tag: 'del[data-id]' }],
  renderHTML: ({ HTMLAttributes }) => ['del', mergeAttributes(HTMLAttributes, { class: 'suggestion suggestion--deletion' }), 0],
});

/** A change of formatting someone suggests (bold added, a link changed...). */
export const Modification = Mark.create({
  name: 'modification',
  inclusive: false,
  excludes: 'deletion insertion',
  addAttributes: () => ({
    ...idAttribute,
    type: { default: null },
    attrName: { default: null },
    previousValue: { default: null },
    newValue: { default: null },
  }),
  parseHTML: () => [{ tag: "span[data-type='modification']" }],
  renderHTML: ({ HTMLAttributes }) => [
    'span',
    mergeAttributes(HTMLAttributes, { 'data-type': 'modification', class: 'suggestion suggestion--modification' }),
    0,
  ],
});
