import * as Y from 'yjs';
import { SUGGESTION_MARKS } from '@dialogo/shared';

const MARKERS = SUGGESTION_MARKS.map((name) => Buffer.from(name));
const isSuggestionMark = (key: string) => (SUGGESTION_MARKS as readonly string[]).includes(key);

/**
 * Suggested changes name their author in their id (`<person id>:<random>`), so the document server
 * holds the rule: a connection may start suggestions only under its own person's id. It may still
 * carry an id that is already in the document (typing next to someone's suggestion extends it, as
 * the editor library does) and may remove any suggestion's mark (accepting or rejecting it); a new
 * id of another person is a forgery and its update is refused. The ids seen in the document are
 * collected on first need and kept up to date as updates are applied.
 */
export class SuggestionIds {
  private known: Set<string> | null = null;

  /** `doc` is read only when the ids are first needed (a cold document stays unapplied until then). */
  constructor(private readonly doc: () => Y.Doc) {}

  /** Whether `update`, sent by `personId`, starts a suggestion in someone else's name. */
  forged(update: Uint8Array, personId: string): boolean {
    const ids = suggestionIdsIn(update);
    if (ids.length === 0) return false;
    const own = `${personId}:`;
    return ids.some((id) => !id.startsWith(own) && !this.knownIds().has(id));
  }

  /** Remembers the ids an applied update brought (only once they have been collected). */
  applied(update: Uint8Array): void {
    if (!this.known) return;
    for (const id of suggestionIdsIn(update)) this.known.add(id);
  }

  private knownIds(): Set<string> {
    if (this.known) return this.known;
    const known = new Set<string>();
    for (const structs of this.doc().store.clients.values()) {
      for (const struct of structs) {
        const id = suggestionIdOf(struct);
        if (id !== null) known.add(id);
      }
    }
    this.known = known;
    return known;
  }
}

/** The suggestion ids an update sets (removals carry none); most updates cost one byte search. */
function suggestionIdsIn(update: Uint8Array): string[] {
  const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
  if (!MARKERS.some((marker) => bytes.includes(marker))) return [];
  const ids: string[] = [];
  for (const struct of Y.decodeUpdate(update).structs) {
    const id = suggestionIdOf(struct);
    if (id !== null) ids.push(id);
  }
  return ids;
}

function suggestionIdOf(struct: Y.Item | Y.GC | Y.Skip): string | null {
  if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentFormat)) return null;
  const { key, value } = struct.content;
  if (!isSuggestionMark(key) || value === null || typeof value !== 'object') return null;
  return String((value as { id?: unknown }).id);
}
