/**
 * Names of the shared types inside each kind of document. Tiptap binds to an XmlFragment by name,
 * and server-side seeding writes to the same one.
 */
export const DocShape = {
  /** Rich-text body of a minutes or note document. */
  body: 'body',
  /** Document metadata (title) kept in the document itself so every peer sees renames live. */
  meta: 'meta',
  /** Who writes from which Yjs client id (`DocAuthor` by client id as a string), for attribution. */
  authors: 'authors',
} as const;

/**
 * The element a person mentioned in rich text is (`@Name`; attributes `id`, the person's id, and
 * `label`): the server notifies the person a new one names.
 */
export const MENTION_NODE = 'mention';

/** The suggestion mark names, as the library and the Yjs document know them. */
export const SUGGESTION_MARKS = ['insertion', 'deletion', 'modification'] as const;
export type SuggestionMarkName = (typeof SUGGESTION_MARKS)[number];

/**
 * A suggestion's id: `<person id>:<random>`. The person is who made it; the server refuses a new
 * suggestion carrying another person's id (see server/src/collab/suggestion-marks.ts).
 */
export function suggestionId(personId: string, random: string): string {
  return `${personId}:${random}`;
}

/** Who made a suggestion, from its id; null for an id not made by Dialogo. */
export function suggestionAuthor(id: unknown): string | null {
  if (typeof id !== 'string') return null;
  const at = id.lastIndexOf(':');
  return at > 0 ? id.slice(0, at) : null;
}

/**
 * A whole block suggested for adding or removing (a paragraph, a list item, a table row, a rule):
 * the block's attribute `blockSuggestion`, `insertion:<suggestion id>` or `deletion:<suggestion
 * id>` (one string, so concurrent edits never split the kind from the id). Yjs keeps node
 * attributes, not node marks; the server checks the id as it checks the marks'.
 */
export const BLOCK_SUGGESTION = 'blockSuggestion';
export type BlockSuggestionKind = 'insertion' | 'deletion';

/** The attribute's value for a block suggestion. */
export function blockSuggestionValue(kind: BlockSuggestionKind, id: string): string {
  return `${kind}:${id}`;
}

/** A block suggestion's kind and id from its attribute's value; null for anything else. */
export function parseBlockSuggestion(value: unknown): { kind: BlockSuggestionKind; id: string } | null {
  if (typeof value !== 'string') return null;
  const at = value.indexOf(':');
  const kind = value.slice(0, at);
  if (at < 0 || (kind !== 'insertion' && kind !== 'deletion')) return null;
  return { kind, id: value.slice(at + 1) };
}

/** An entry of a document's `authors` map: the person behind one Yjs client id. */
export interface DocAuthor {
  person: string;
  name: string;
  city?: string;
}
