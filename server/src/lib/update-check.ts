import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { DocShape } from '@dialogo/shared';

/**
 * What an incoming update must be before the server stores it. Yjs trusts its peers: it applies
 * whatever decodes, and an update it cannot integrate (a zero-length item, an item whose origin is
 * itself, a parent that is not a type) throws halfway through a transaction and leaves the document
 * unusable for everyone, on every load. The server is not a peer but the place every update passes
 * through, so it checks each one against the document it will join, structurally, before storing:
 *
 * - it decodes completely, every struct has a length, and clocks stay within bounds;
 * - every struct continues its client's clock (no gap: nothing would wait as a pending struct, whose
 *   retries cost superlinear CPU), and every reference (origin, right origin, parent) names content
 *   that exists before it: in the document, earlier in the queue of the same client, or in this
 *   update without a cycle; a parent is a type, and the two neighbours of an item share its parent;
 * - its delete set names only content that exists, in a bounded number of ranges;
 * - no subdocuments (Dialogo has none).
 *
 * These are exactly the conditions under which Yjs' integration cannot fail, and they are checked
 * in one pass over the decoded update plus one lookup per reference into the document, so the check
 * costs about what decoding does (see bench/ throughput).
 *
 * The `authors` map (who writes with which client id) is written by the server only: items a client
 * writes into it are turned into garbage-collected ranges of the same length (the client's clock
 * stays continuous, nobody sees the entry), and its deletes of entries are taken out of the update.
 */

/** Clocks beyond this are refused: no honest client reaches four billion operations. */
export const MAX_CLOCK = 2 ** 32;

export interface CheckLimits {
  /** Most delete ranges one update may carry. */
  maxDeleteRanges: number;
}

/** The state an update is checked against: the document, plus what is queued to join it. */
export interface CheckContext {
  doc: Y.Doc;
  /** End clocks of content accepted but not applied yet (queued for the store), by client. */
  queued?: ReadonlyMap<number, number>;
  limits: CheckLimits;
}

export type CheckResult =
  | {
      ok: true;
      /** The update to store: the original bytes, or a rewrite without client writes to `authors`. */
      update: Uint8Array;
      /** Clients with new content in it, and the end clock each reaches. */
      ends: Map<number, number>;
      /** The client ids it carries new content of (resent content is left out of `update`). */
      clients: Set<number>;
      /** True when nothing is left to store (an empty update, or one that only resends). */
      empty: boolean;
    }
  /** `malformed`: the bytes are not an update at all (as opposed to one that cannot join the document). */
  | { ok: false; reason: string; malformed?: boolean };

type Struct = Y.Item | Y.GC | Y.Skip;
/** Yjs' decoded delete set (not exported by name). */
type DeleteSet = { clients: Map<number, Array<{ clock: number; len: number }>> };
/** A shared type of any kind, as the document holds it. */
type AnyType = NonNullable<ReturnType<Y.Doc['share']['get']>>;

/** What a reference resolves to, for checking parents and the `authors` rule. */
interface Target {
  /**
   * The parent it lives in, one value per parent whoever refers to it: the type of integrated
   * content, the item of a type created in this update, or QUEUED for content not applied yet.
   */
  parent: unknown;
  parentSub: string | null;
  content: 'type' | 'deleted' | 'other';
  /** Garbage-collected: whatever is written next to or inside it is collected too. */
  collected: boolean;
  inAuthors: boolean;
}

/** The place of queued content is not known until it is applied. */
const QUEUED = Symbol('queued');

/**
 * Checks an update from a client against the document it is meant for. Never throws: a refusal
 * comes back as `{ ok: false, reason }`.
 */
export function checkUpdate(update: Uint8Array, ctx: CheckContext): CheckResult {
  let decoded: { structs: Struct[]; ds: DeleteSet };
  try {
    decoded = Y.decodeUpdate(update) as unknown as { structs: Struct[]; ds: DeleteSet };
  } catch {
    return { ok: false, reason: 'update does not decode', malformed: true };
  }
  try {
    return new Checker(ctx, decoded.structs, decoded.ds, update).run();
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, reason: err.message };
    return { ok: false, reason: `update is not well-formed (${(err as Error).message})` };
  }
}

class Refusal extends Error {}

const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

/**
 * Refusals about content that is not there (yet): Yjs keeps such content pending until it comes,
 * which is harmless in what is already stored, but not accepted from a client (see above).
 */
const MISSING = new Set([
  'missing earlier content of the same client',
  'reference to missing content',
  'reference to content not stored yet',
  'delete of missing content',
  'too many delete ranges',
  'clock out of bounds',
]);

export interface Repair {
  /** The update to apply: the stored bytes, or a rewrite without what Yjs cannot integrate. */
  update: Uint8Array;
  /** What was set aside, one reason per struct or range; empty when the entry was sound. */
  problems: string[];
}

/**
 * The repair of a stored update, written before updates were checked: structs Yjs cannot integrate
 * (empty, referring to themselves or to later content of their client, under a parent that is not
 * a type, subdocuments) become collected ranges of the same length, empty delete ranges are
 * dropped, and the rest is kept as it is, including content that waits for missing content (Yjs
 * keeps it pending). Throws only for bytes that do not decode at all (the whole entry is set aside).
 */
export function repairStored(update: Uint8Array, doc: Y.Doc): Repair {
  const decoded = Y.decodeUpdate(update) as unknown as { structs: Struct[]; ds: DeleteSet };
  const checker = new Checker({ doc, limits: { maxDeleteRanges: Number.POSITIVE_INFINITY } }, decoded.structs, decoded.ds, update, true);
  const result = checker.run();
  if (!result.ok) throw new Error(result.reason);
  return { update: result.update, problems: checker.problems };
}

class Checker {
  private readonly store: Y.Doc['store'];
  private readonly authors: AnyType | undefined;
  /** Structs of this update by client, in clock order. */
  private readonly own = new Map<number, Struct[]>();
  /** Clock each client had before this update (document or queue). */
  private readonly before = new Map<number, number>();
  private readonly ends = new Map<number, number>();
  private readonly resolved = new Map<Y.Item, Target>();
  private readonly resolving = new Set<Y.Item>();
  private readonly dropped = new Set<Y.Item>();
  /** The delete set lost deletes of `authors` entries: the update is written again. */
  private dsChanged = false;
  /** Repairing what is stored: hazards are set aside (listed here), missing content is tolerated. */
  readonly problems: string[] = [];
  /** Empty structs left out of a repaired update. */
  private readonly removed = new Set<Struct>();

  constructor(
    private readonly ctx: CheckContext,
    private readonly structs: Struct[],
    private readonly ds: DeleteSet,
    private readonly original: Uint8Array,
    private readonly repairing = false,
  ) {
    this.store = ctx.doc.store;
    this.authors = ctx.doc.share.get(DocShape.authors);
  }

  run(): CheckResult {
    if (this.repairing) return this.repair();
    this.checkClocks();
    for (const struct of this.structs) if (struct instanceof Y.Item) this.resolve(struct);
    this.checkDeleteSet();
    let resends = false;
    for (const [client, structs] of this.own) if (structs[0]!.id.clock < this.before.get(client)!) resends = true;
    for (const [client, end] of this.ends) if (end <= this.before.get(client)!) this.ends.delete(client);
    const clients = new Set(this.ends.keys());
    const empty = clients.size === 0 && this.ds.clients.size === 0;
    let update = this.dropped.size === 0 && !this.dsChanged ? this.original : this.rewrite();
    // Content the document already holds is not stored again: a stock provider's answer to our
    // sync step 1 resends what others wrote since (honest), and a resend with other content under
    // known ids (impersonation, which no CRDT reconciles) must not reach the log either.
    if (resends && !empty) update = Y.diffUpdate(update, Y.encodeStateVector(this.before));
    return { ok: true, update, ends: this.ends, clients, empty };
  }

  private repair(): CheckResult {
    let last: Struct | null = null;
    for (const struct of this.structs) {
      const { client, clock } = struct.id;
      if (last?.id.client !== client && this.own.has(client)) refuse('client listed twice');
      if (!this.own.has(client)) this.own.set(client, []);
      last = struct;
      if (struct.length <= 0) {
        this.removed.add(struct);
        this.problems.push('empty struct');
        continue;
      }
      this.own.get(client)!.push(struct);
      this.ends.set(client, Math.max(this.ends.get(client) ?? 0, clock + struct.length, this.stateOf(client)));
    }
    for (const [client, structs] of this.own) if (structs.length === 0) this.own.delete(client);
    for (const struct of this.structs) {
      if (!(struct instanceof Y.Item) || this.removed.has(struct)) continue;
      try {
        if (struct.content instanceof Y.ContentDoc) refuse('subdocuments are not allowed');
        this.resolve(struct);
      } catch (err) {
        if (!(err instanceof Refusal) && !(err instanceof RangeError)) throw err;
        this.resolving.clear();
        if (err instanceof Refusal && MISSING.has(err.message)) {
          this.resolved.set(struct, PENDING);
          continue;
        }
        this.dropped.add(struct);
        this.resolved.set(struct, GONE);
        this.problems.push(err.message);
      }
    }
    for (const [client, items] of this.ds.clients) {
      const kept = items.filter(({ clock, len }) => Number.isSafeInteger(len) && len > 0 && clock >= 0);
      if (kept.length === items.length) continue;
      this.problems.push('empty delete range');
      this.dsChanged = true;
      if (kept.length > 0) this.ds.clients.set(client, kept);
      else this.ds.clients.delete(client);
    }
    const update = this.problems.length === 0 ? this.original : this.rewrite();
    return { ok: true, update, ends: this.ends, clients: new Set(this.own.keys()), empty: false };
  }

  private stateOf(client: number): number {
    let state = this.before.get(client);
    if (state === undefined) {
      state = Math.max(Y.getState(this.store, client), this.ctx.queued?.get(client) ?? 0);
      this.before.set(client, state);
    }
    return state;
  }

  /** Every struct has a length, continues its client's clock, and stays within bounds. */
  private checkClocks(): void {
    let last: Struct | null = null;
    for (const struct of this.structs) {
      const { client, clock } = struct.id;
      if (struct.length <= 0) refuse('empty struct');
      if (!Number.isSafeInteger(struct.length) || clock + struct.length > MAX_CLOCK) refuse('clock out of bounds');
      if (struct instanceof Y.Item && struct.content instanceof Y.ContentDoc) refuse('subdocuments are not allowed');
      const sameClient = last !== null && last.id.client === client;
      if (sameClient) {
        if (clock !== last!.id.clock + last!.length) refuse('structs out of order');
      } else {
        if (this.own.has(client)) refuse('client listed twice');
        this.own.set(client, []);
        // Content must continue what the client has: a gap would wait as a pending struct.
        if (clock > this.stateOf(client)) refuse('missing earlier content of the same client');
      }
      this.own.get(client)!.push(struct);
      last = struct;
    }
    for (const [client, structs] of this.own) {
      // A trailing skip adds nothing; content after a skip must still be known.
      let end = this.stateOf(client);
      for (const s of structs) {
        if (s instanceof Y.Skip) {
          if (s.id.clock + s.length > end) refuse('missing earlier content of the same client');
          continue;
        }
        if (s.id.clock > end) refuse('missing earlier content of the same client');
        end = Math.max(end, s.id.clock + s.length);
      }
      this.ends.set(client, end);
    }
  }

  /** The clock up to which a client's content exists once this update is in. */
  private knownEnd(client: number): number {
    return this.ends.get(client) ?? this.stateOf(client);
  }

  /** Checks an item's references and says where it lives; memoized, with cycle detection. */
  private resolve(item: Y.Item): Target {
    const known = this.resolved.get(item);
    if (known) return known;
    if (this.dropped.has(item)) return GONE;
    // Depth first over the items of this update it refers to, with a stack of our own: an update
    // of many clients (offline edits across reloads) may chain thousands of them.
    const stack: Y.Item[] = [item];
    this.resolving.add(item);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const dependency = this.unresolvedDependency(top);
      if (dependency) {
        if (this.resolving.has(dependency)) refuse('circular references');
        this.resolving.add(dependency);
        stack.push(dependency);
        continue;
      }
      stack.pop();
      this.resolving.delete(top);
      this.compute(top);
    }
    return this.resolved.get(item) ?? GONE;
  }

  /** An item of this update that `item` refers to and whose place is not known yet. */
  private unresolvedDependency(item: Y.Item): Y.Item | null {
    for (const ref of [item.origin, item.rightOrigin, item.parent instanceof Y.ID ? item.parent : null]) {
      if (!ref || ref.clock < this.stateOf(ref.client)) continue;
      const struct = this.structAt(ref);
      if (struct instanceof Y.Item && struct !== item && !this.resolved.has(struct) && !this.dropped.has(struct)) return struct;
    }
    return null;
  }

  /** Checks an item's references and says where it lives; the items it refers to are resolved. */
  private compute(item: Y.Item): void {
    const { client, clock } = item.id;
    const refs = [item.origin, item.rightOrigin, item.parent instanceof Y.ID ? item.parent : null];
    for (const ref of refs) {
      if (!ref) continue;
      // Same client: only what it wrote before (an item cannot follow itself or a later item).
      if (ref.client === client ? ref.clock >= clock : ref.clock >= this.knownEnd(ref.client)) {
        if (ref.client !== client) refuse('reference to missing content');
        refuse(ref.clock < clock + item.length ? 'item refers to itself' : 'item refers to later content of its client');
      }
    }
    const content = contentKind(item);
    let target: Target;
    if (item.origin || item.rightOrigin) {
      const left = item.origin ? this.target(item.origin, client) : null;
      const right = item.rightOrigin ? this.target(item.rightOrigin, client) : null;
      if (left?.collected || right?.collected) target = { ...GONE, content };
      else {
        if (left && right && left.parent !== QUEUED && right.parent !== QUEUED && (left.parent !== right.parent || left.parentSub !== right.parentSub)) {
          refuse('neighbours in different parents');
        }
        // Yjs takes the parent from the left neighbour, else the right one.
        const from = left ?? right!;
        target = {
          parent: from.parent === QUEUED && right ? right.parent : from.parent,
          parentSub: from.parentSub,
          content,
          collected: false,
          inAuthors: left?.inAuthors || right?.inAuthors || false,
        };
      }
    } else if (item.parent instanceof Y.ID) {
      const parent = this.target(item.parent, client);
      if (parent.collected || parent.content === 'deleted') target = { ...GONE, content };
      else if (parent.content !== 'type' && parent.parent !== QUEUED) return refuse('parent is not a type');
      else target = { parent: parent.item ?? item.parent, parentSub: item.parentSub, content, collected: false, inAuthors: parent.inAuthors };
    } else if (typeof item.parent === 'string') {
      target = {
        parent: this.ctx.doc.share.get(item.parent) ?? item.parent,
        parentSub: item.parentSub,
        content,
        collected: false,
        inAuthors: item.parent === DocShape.authors,
      };
    } else {
      return refuse('item without parent');
    }
    // Items resolve before the rewrite, so a struct in `authors` is dropped whatever refers to it.
    if (target.inAuthors && !this.repairing) this.dropped.add(item);
    this.resolved.set(item, target);
  }

  /** Where the content with this id lives: in this update, in the queue, or in the document. */
  private target(id: Y.ID, from: number): Target & { item?: unknown } {
    const before = this.stateOf(id.client);
    if (id.clock >= before) {
      const struct = this.structAt(id);
      if (!struct || struct instanceof Y.Skip) return refuse('reference to missing content');
      if (struct instanceof Y.GC || this.dropped.has(struct)) return GONE;
      const resolved = this.resolved.get(struct);
      // Resolved first by `resolve`, but for the item itself (which refers to itself).
      if (!resolved) return refuse('item refers to itself');
      // A type created in this update is the parent of its children under its own item.
      return { ...resolved, item: struct };
    }
    if (id.clock >= Y.getState(this.store, id.client)) {
      // Queued content, checked when it arrived: only its own client builds on it before it is
      // stored (nobody else has seen it), and its place is known once it is applied.
      if (id.client !== from) refuse('reference to content not stored yet');
      return { parent: QUEUED, parentSub: null, content: 'type', collected: false, inAuthors: false };
    }
    const found = Y.getItem(this.store, id) as Y.Item | Y.GC;
    if (found instanceof Y.GC) return GONE;
    const described = describe(found, this.authors);
    return found.content instanceof Y.ContentType ? { ...described, item: found.content.type } : described;
  }

  private structAt(id: Y.ID): Struct | undefined {
    const structs = this.own.get(id.client);
    if (!structs) return undefined;
    let lo = 0;
    let hi = structs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = structs[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s;
    }
    return undefined;
  }

  /**
   * Deletes name existing content, in a bounded number of ranges. Deletes of `authors` entries
   * (a client overwriting or removing one) are taken out of the set: only the server writes there.
   */
  private checkDeleteSet(): void {
    let ranges = 0;
    for (const [client, items] of this.ds.clients) {
      ranges += items.length;
      if (ranges > this.ctx.limits.maxDeleteRanges) refuse('too many delete ranges');
      const end = this.knownEnd(client);
      for (const { clock, len } of items) {
        if (!(Number.isSafeInteger(len) && len > 0) || clock < 0 || clock + len > end) refuse('delete of missing content');
      }
    }
    if (!this.authors) return;
    for (const [client, items] of this.ds.clients) {
      const applied = Y.getState(this.store, client);
      const structs = this.store.clients.get(client);
      if (!structs || !items.some(({ clock }) => clock < applied)) continue;
      let changed = false;
      const kept: Array<{ clock: number; len: number }> = [];
      for (const range of items) {
        const to = Math.min(range.clock + range.len, applied);
        let from = range.clock;
        for (let i = from < to ? Y.findIndexSS(structs, from) : structs.length; i < structs.length && structs[i]!.id.clock < to; i++) {
          const struct = structs[i]!;
          if (!(struct instanceof Y.Item) || !describe(struct, this.authors).inAuthors) continue;
          changed = true;
          if (struct.id.clock > from) kept.push({ clock: from, len: struct.id.clock - from });
          from = Math.max(from, struct.id.clock + struct.length);
        }
        if (range.clock + range.len > from) kept.push({ clock: from, len: range.clock + range.len - from });
      }
      if (!changed) continue;
      this.dsChanged = true;
      if (kept.length > 0) this.ds.clients.set(client, kept);
      else this.ds.clients.delete(client);
    }
  }

  /** The same update with the dropped items turned into collected ranges of the same length. */
  private rewrite(): Uint8Array {
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, this.own.size);
    for (const [client, structs] of this.own) {
      encoding.writeVarUint(encoder.restEncoder, structs.length);
      encoder.writeClient(client);
      encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock);
      for (const struct of structs) {
        if (struct instanceof Y.Item && this.dropped.has(struct)) new Y.GC(struct.id, struct.length).write(encoder, 0);
        else struct.write(encoder, 0);
      }
    }
    // The delete set, as Yjs writes it (v1: client, count, then clock and length of each range).
    encoding.writeVarUint(encoder.restEncoder, this.ds.clients.size);
    for (const [client, items] of this.ds.clients) {
      encoding.writeVarUint(encoder.restEncoder, client);
      encoding.writeVarUint(encoder.restEncoder, items.length);
      for (const { clock, len } of items) {
        encoding.writeVarUint(encoder.restEncoder, clock);
        encoding.writeVarUint(encoder.restEncoder, len);
      }
    }
    return encoder.toUint8Array();
  }
}

const GONE: Target = { parent: null, parentSub: null, content: 'other', collected: true, inAuthors: false };
/** Stored content waiting for content that is not there: Yjs keeps it pending, and so does the repair. */
const PENDING: Target = { parent: QUEUED, parentSub: null, content: 'other', collected: false, inAuthors: false };

function contentKind(item: Y.Item): Target['content'] {
  return item.content instanceof Y.ContentType ? 'type' : item.content instanceof Y.ContentDeleted ? 'deleted' : 'other';
}

/** Where an integrated item lives. */
function describe(item: Y.Item, authors: AnyType | undefined): Target {
  const parent = item.parent as AnyType | null;
  let inAuthors = false;
  if (authors) {
    for (let t = parent; t; t = t._item ? (t._item.parent as AnyType | null) : null) {
      if (t === authors) {
        inAuthors = true;
        break;
      }
    }
  }
  return { parent, parentSub: item.parentSub, content: contentKind(item), collected: false, inAuthors };
}
