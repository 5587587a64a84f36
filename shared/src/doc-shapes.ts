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

/** An entry of a document's `authors` map: the person behind one Yjs client id. */
export interface DocAuthor {
  person: string;
  name: string;
  city?: string;
}
