/**
 * Suggested changes ("track changes") in rich text: marks the editor adds instead of changing the
 * text while a person suggests, and what every copy of the document agrees on about them. The
 * editing itself comes from @handlewithcare/prosemirror-suggest-changes (client); these marks have
 * the same names and attributes as its own, so its commands work on them, and they are part of
 * the schema the server reads too (exports, published pages). Imported with `rich-text.ts`. Whole
 * blocks suggested for adding or removing carry an attribute instead ({@link BlockSuggestions}).
 */
import { Extension, Mark, mergeAttributes } from '@tiptap/core';
import { BLOCK_SUGGESTION, parseBlockSuggestion } from './doc-shapes.ts';

export {
  BLOCK_SUGGESTION,
  blockSuggestionValue,
  parseBlockSuggestion,
  SUGGESTION_MARKS,
  suggestionAuthor,
  suggestionId,
  type BlockSuggestionKind,
  type SuggestionMarkName,
} from './doc-shapes.ts';

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

/**
 * The block types a whole block of can be suggested for adding or removing: the ones a person
 * adds with Enter, the toolbar or a paste (a paragraph, a heading, a list or its item, a quote, a
 * rule, a table, its rows and cells).
 */
export const SUGGESTION_BLOCKS = [
  'paragraph',
  'heading',
  'blockquote',
  'bulletList',
  'orderedList',
  'listItem',
  'codeBlock',
  'horizontalRule',
  'table',
  'tableRow',
  'tableCell',
  'tableHeader',
] as const;

/**
 * Whole blocks suggested for adding or removing: the attribute `blockSuggestion` of
 * `doc-shapes.ts` (`insertion:<id>`, `deletion:<id>`), which the shared document keeps (it keeps
 * node attributes, not ProseMirror's node marks). Shown as `data-suggestion` and
 * `data-suggestion-id` on the block, with a class for its look. Never copied to the second half
 * of a split block, never read back from HTML (a paste).
 */
export const BlockSuggestions = Extension.create({
  name: 'blockSuggestions',
  addGlobalAttributes: () => [
    {
      types: [...SUGGESTION_BLOCKS],
      attributes: {
        [BLOCK_SUGGESTION]: {
          default: null,
          keepOnSplit: false,
          // Never read from pasted HTML: a block copied from a suggestion is not one (its id may be
          // another person's, which the server refuses).
          parseHTML: () => null,
          renderHTML: (attributes: Record<string, unknown>) => {
            const parsed = parseBlockSuggestion(attributes[BLOCK_SUGGESTION]);
            if (!parsed) return {};
            return {
              'data-suggestion': parsed.kind,
              'data-suggestion-id': parsed.id,
              class: `suggestion-block suggestion-block--${parsed.kind}`,
            };
          },
        },
      },
    },
  ],
});
