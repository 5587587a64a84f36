import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { DocKind, LIMITS, parseDocName } from '@dialogo/shared';
import type { SharedDoc } from './shared-doc.ts';

/**
 * The limit of co-edited text fields, enforced by the server. A field is a Y.Text held in a Y.Map
 * (an agenda item's title or presenter, an action-plan cell, a budget line's description, a
 * timeline activity, a section's title); rich text (Y.XmlText inside a fragment) is not one. The
 * editor stops at the limit; a client that sends more anyway (a script, an old tab) has its text
 * cut back by the server: the characters past the limit are deleted by id, in an update of the
 * server's own that everyone receives, so every copy converges on the same text. Refusing the
 * update instead would leave the sender's copy diverged for good (it would send it again at every
 * reconnection).
 *
 * Only the instance that received the edit from its client cuts it, after applying it; deleting by
 * id is idempotent, so a cut made twice changes nothing more.
 */

/** The most characters a text field of a document of this kind may hold. */
export function fieldLimitOf(docName: string): number {
  // The action plan's cells are multi-line notes; every other field is a single line.
  return parseDocName(docName)?.kind === DocKind.actionPlan ? LIMITS.notes : LIMITS.docField;
}

/** Yjs internals the cut walks (not part of its typed API). */
interface ItemLike {
  id: { client: number; clock: number };
  deleted: boolean;
  countable: boolean;
  length: number;
  right: ItemLike | null;
}

/** An item with its content, as a type holds it (Yjs internals). */
interface ContentItem {
  deleted: boolean;
  right: ContentItem | null;
  content: { getContent(): unknown[] };
}

/**
 * Calls `found` with every shared type (a Y.Map row, a Y.Text field...) that `transaction` created,
 * reading only the structs between each client's clock before and after it (Yjs internals).
 */
function forEachNewType(transaction: Y.Transaction, found: (type: unknown) => void): void {
  const clients = transaction.doc.store.clients;
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = clients.get(client);
    if (!structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!;
      if (struct.id.clock >= after) break;
      if (struct instanceof Y.Item && !struct.deleted && struct.content instanceof Y.ContentType) found(struct.content.type);
    }
  }
}

/** Whether a changed type is a text field (a Y.Text directly in a Y.Map). */
function isField(type: unknown): type is Y.Text {
  return type instanceof Y.Text && !(type instanceof Y.XmlText) && type.parent instanceof Y.Map;
}

/**
 * An update deleting every character of `texts` past `limit` (a V1 update with no structs and a
 * delete set), or null when none is past it.
 */
export function trimUpdate(texts: Iterable<Y.Text>, limit: number): Uint8Array | null {
  const ranges = new Map<number, { clock: number; len: number }[]>();
  for (const text of texts) {
    if (text.length <= limit) continue;
    let index = 0;
    for (let item = (text as unknown as { _start: ItemLike | null })._start; item; item = item.right) {
      if (item.deleted || !item.countable) continue;
      const end = index + item.length;
      if (end > limit) {
        const from = Math.max(0, limit - index);
        const list = ranges.get(item.id.client) ?? [];
        list.push({ clock: item.id.clock + from, len: item.length - from });
        ranges.set(item.id.client, list);
      }
      index = end;
    }
  }
  if (ranges.size === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, ranges.size);
  for (const [client, list] of ranges) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    for (const { clock, len } of list) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, len);
    }
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Watches a loaded document: after each transaction of edits from this instance's clients, the text
 * fields it changed are cut back to the limit of the document's kind.
 */
export function enforceFieldLimits(shared: SharedDoc): void {
  const limit = fieldLimitOf(shared.name);
  shared.doc.on('afterTransaction', (transaction: Y.Transaction) => {
    const origin = transaction.origin as { source?: string } | null;
    if (origin?.source !== 'connection' && origin?.source !== 'batch') return;
    const over = new Set<Y.Text>();
    const check = (value: unknown) => {
      if (isField(value) && value.length > limit) over.add(value);
    };
    // A row's fields: a Y.Text made in this transaction is not listed as changed itself, only the
    // map that took it (a new row, a field set whole).
    const checkRow = (value: unknown) => {
      check(value);
      if (value instanceof Y.Map) value.forEach(check);
    };
    for (const [type, keys] of transaction.changed) {
      check(type);
      // Read through the type's items: a root the server never asked for by kind is still a bare
      // AbstractType here (neither a Y.Map nor a Y.Array), whatever the clients made of it.
      const internal = type as unknown as { _map: Map<string, ContentItem> };
      for (const key of keys) {
        const item = key === null ? null : internal._map.get(key);
        if (item && !item.deleted) checkRow(item.content.getContent().at(-1));
      }
    }
    // Rows and fields inserted into a list (a new agenda item, plan row, budget line): only what
    // this transaction created is read, never the whole list (nor a long text's characters,
    // which a walk of every changed type's items would split into arrays at every keystroke).
    forEachNewType(transaction, checkRow);
    if (over.size === 0) return;
    const update = trimUpdate(over, limit);
    // After the transaction: the cut is stored and sent like any other server write.
    if (update) queueMicrotask(() => shared.applyServerUpdate(update));
  });
}
