import * as Y from 'yjs';
import { BLOCK_SUGGESTION, parseBlockSuggestion, SUGGESTION_MARKS } from '@dialogo/shared';

const MARKERS = [...SUGGESTION_MARKS, BLOCK_SUGGESTION].map((name) => Buffer.from(name));
const isSuggestionMark = (key: string) => (SUGGESTION_MARKS as readonly string[]).includes(key);

/**
 * Suggested changes name their author in their id (`<person id>:<random>`), so the document server
 * holds the rule: a connection may start suggestions only under its own person's id. It may still
 * carry an id that is already in the document (typing next to someone's suggestion extends it, as
 * the editor library does) and may remove any suggestion's mark (accepting or rejecting it); a new
 * id of another person is a forgery and its update is refused. The same holds for whole blocks
 * suggested for adding or removing: their attribute `blockSuggestion` (`insertion:<id>`,
 * `deletion:<id>`) carries the id. The ids seen in the document are collected on first need and
 * kept up to date as updates are applied.
 */
export class SuggestionIds {
  private known: Set<string> | null = null;

  /** `doc` is read only when the ids are first needed (a cold document stays unapplied until then). */
  constructor(private readonly doc: () => Y.Doc) {}

  /** Whether `update`, sent by `personId`, starts a suggestion in someone else's name. */
  forged(update: Uint8Array, personId: string): boolean {
    const ids = this.idsIn(update);
    if (ids.length === 0) return false;
    const own = `${personId}:`;
    return ids.some((id) => !id.startsWith(own) && !this.knownIds().has(id));
  }

  /** Remembers the ids an applied update brought (only once they have been collected). */
  applied(update: Uint8Array): void {
    if (!this.known) return;
    for (const id of this.idsIn(update)) this.known.add(id);
  }

  private knownIds(): Set<string> {
    if (this.known) return this.known;
    const known = new Set<string>();
    for (const structs of this.doc().store.clients.values()) {
      for (const struct of structs) {
        const id = suggestionIdOf(struct, keyInDoc(this.doc()));
        if (id !== null) known.add(id);
      }
    }
    this.known = known;
    return known;
  }

  /** The suggestion ids an update sets (removals carry none); most updates cost one byte search. */
  private idsIn(update: Uint8Array): string[] {
    const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
    if (!MARKERS.some((marker) => bytes.includes(marker))) return [];
    const { structs } = Y.decodeUpdate(update);
    // An attribute set again names its key only through the value it replaces (its origin),
    // which is in this update or already in the document.
    const inUpdate = new Map<string, Y.Item>();
    for (const struct of structs) if (struct instanceof Y.Item) inUpdate.set(`${struct.id.client}:${struct.id.clock}`, struct);
    const inDoc = keyInDoc(this.doc());
    const keyOf = (item: Y.Item): string | null => {
      for (let at: Y.Item | undefined = item, hops = 0; at && hops < 64; hops++) {
        if (at.parentSub !== null) return at.parentSub;
        if (!at.origin) return null;
        const origin = inUpdate.get(`${at.origin.client}:${at.origin.clock}`);
        if (!origin) return inDoc(at);
        at = origin;
      }
      return null;
    };
    const ids: string[] = [];
    for (const struct of structs) {
      const id = suggestionIdOf(struct, keyOf);
      if (id !== null) ids.push(id);
    }
    return ids;
  }
}

/** The map key of an item whose origin is in `doc`; null when unknown. */
const keyInDoc =
  (doc: Y.Doc) =>
  (item: Y.Item): string | null => {
    if (item.parentSub !== null) return item.parentSub;
    if (!item.origin) return null;
    if (Y.getState(doc.store, item.origin.client) <= item.origin.clock) return null;
    const origin = Y.getItem(doc.store, item.origin);
    return origin instanceof Y.Item ? origin.parentSub : null;
  };

function suggestionIdOf(struct: Y.Item | Y.GC | Y.Skip, keyOf: (item: Y.Item) => string | null): string | null {
  if (!(struct instanceof Y.Item)) return null;
  if (struct.content instanceof Y.ContentFormat) {
    const { key, value } = struct.content;
    if (!isSuggestionMark(key) || value === null || typeof value !== 'object') return null;
    return String((value as { id?: unknown }).id);
  }
  // A block's attribute: `insertion:<id>` or `deletion:<id>` under the key `blockSuggestion`. A
  // value of that form whose key cannot be told (its origin still queued) is checked all the same.
  if (struct.content instanceof Y.ContentAny && struct.content.arr.length === 1) {
    const block = parseBlockSuggestion(struct.content.arr[0]);
    if (!block) return null;
    const key = keyOf(struct);
    return key === null || key === BLOCK_SUGGESTION ? block.id : null;
  }
  return null;
}
