import type * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, CloseReason } from '@dialogo/shared';
import type { Metrics } from '../metrics.ts';
import type { Connection, ConnectionLimits, ConnectionPerson } from './connection.ts';
import { encodeAwarenessMessage } from './protocol.ts';
import { MalformedMessage, RefusedMessage } from './refusals.ts';

/**
 * Who is here: the awareness (carets, names) of one document, and the rules on it.
 *
 * - Identity comes from the session. The `user` field of every state a connection sets is the
 *   server's: `{ id, name, color, city }` of the connection's person (the colour as the client
 *   derives it, `client/src/lib/participant.ts`); whatever the client put there is dropped, its
 *   other fields (cursor, selection) are kept. A connection without a person shows no `user`.
 * - A connection sets one client id, its own: the first it sends that nobody holds. An id held
 *   by a connection, here or on another instance, is taken over only by a connection of the same
 *   person (a reconnect before the old socket is noticed gone).
 * - An id whose connection left is kept for its person (a tombstone): another person cannot
 *   claim it, here or on another instance.
 * - Relayed states name the connection (instance, connection id) and person they came from, and
 *   every instance checks them against the owners it knows, as it checks its own connections.
 * - Volume is capped per person and document: one token bucket (`awarenessPerSecond`, burst as
 *   many) and one byte budget (twice `awarenessMaxBytes` per second, burst as many) shared by all
 *   of the person's sockets and by what the relay brings of them. A removal is never capped.
 */
export interface PresenceDeps {
  /** The document's connections, which receive every change. */
  connections: ReadonlySet<Connection>;
  /** Sends a relay payload (see `encodeRelayed`) to the other instances. */
  publish(payload: Uint8Array): void;
  metrics?: Metrics | null;
}

/** The `user` field the server writes into a state. */
export interface PresenceIdentity {
  id: string;
  name: string;
  color: string;
  city?: string;
}

interface Owner {
  /** A person id, or `conn:<id>` for a connection admitted without a person. */
  person: string;
  /** '' for a connection of this instance. */
  instance: string;
  conn: string;
  local: Connection | null;
}

interface Bucket {
  tokens: number;
  bytes: number;
  at: number;
}

/** Relay payload ops. */
const RelayOp = { states: 0, query: 1 } as const;

/** Released ids remembered per document; the oldest are forgotten beyond this. */
const MAX_RELEASED = 10_000;
/** Buckets kept per document before idle ones are dropped. */
const MAX_BUCKETS = 1_000;
const BUCKET_IDLE_MS = 60_000;

/** Top-level keys that could pass for an identity; only `user` (the server's) names a caret. */
const IDENTITY_KEYS = ['name', 'color', 'colour', 'city', 'cityId', 'person', 'personId'];

type ChangeOrigin = { local: Connection } | 'relay' | 'leave' | 'timeout' | null;

export class Presence {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly owners = new Map<number, Owner>();
  /** Ids whose owner left, with the person who may use them again. */
  private readonly released = new Map<number, string>();
  private readonly buckets = new Map<string, Bucket>();
  /** The limits of this server's connections (the same config for all), for relayed states too. */
  private limits: ConnectionLimits | null = null;

  constructor(
    doc: Y.Doc,
    private readonly deps: PresenceDeps,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server is not a participant: it keeps no awareness state of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', (change: AwarenessChange, origin: ChangeOrigin) => this.onUpdate(change, origin));
  }

  /** A new connection gets everyone's state. */
  attach(conn: Connection): void {
    this.limits = conn.limits;
    const states = this.awareness.getStates();
    if (states.size > 0) {
      conn.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  /** A connection left: its entries are removed here and on the other instances, and kept for its person. */
  detach(conn: Connection): void {
    if (conn.awarenessIds.size === 0) return;
    const ids = [...conn.awarenessIds];
    conn.awarenessIds.clear();
    const person = personKey(conn);
    const removals: AwarenessEntry[] = [];
    for (const id of ids) {
      if (this.owners.get(id)?.local === conn) this.owners.delete(id);
      this.release(id, person);
      const clock = this.awareness.meta.get(id)?.clock;
      if (clock !== undefined) removals.push({ id, clock, state: 'null' });
    }
    awarenessProtocol.removeAwarenessStates(this.awareness, ids, 'leave' satisfies ChangeOrigin);
    // Published whether or not a state was still here (it may have timed out): the others release it too.
    if (removals.length > 0) this.deps.publish(encodeRelayed(conn.id, person, encodeAwarenessEntries(removals)));
  }

  /**
   * An awareness message of a connection: past the connection's size limit it is refused
   * (RefusedMessage), undecodable it is malformed (MalformedMessage); otherwise see {@link receive}.
   */
  receiveMessage(conn: Connection, update: Uint8Array): void {
    if (update.byteLength > conn.limits.awarenessMaxBytes) {
      this.deps.metrics?.refuse('awareness-size');
      throw new RefusedMessage(CloseCode.tooBig, CloseReason.tooBig);
    }
    if (!this.receive(conn, update)) throw new MalformedMessage('bad awareness update');
  }

  /** Answers a connection's query with every state known here (an empty update when there is none). */
  answer(conn: Connection): void {
    const ids = [...this.awareness.getStates().keys()];
    conn.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
  }

  /**
   * An awareness update from a connection. Entries of ids it does not own are dropped, the rest
   * stamped with its person and applied within the person's budget. False when it does not decode.
   */
  receive(conn: Connection, update: Uint8Array): boolean {
    this.limits = conn.limits;
    const entries = awarenessEntries(update);
    if (!entries) return false;
    const person = personKey(conn);
    // Stock providers echo everyone's entries back; those are dropped, so the carets and names of
    // others can be neither forged nor removed.
    const own = entries.filter((e) => this.mayClaim(conn, person, e.id));
    if (own.length < entries.length) this.deps.metrics?.refuse('awareness-not-own');
    if (own.length === 0) return true;
    const identity = identityOf(conn);
    let stamped: AwarenessEntry[];
    try {
      stamped = own.map((e) => ({ ...e, state: stamp(e.state, identity) }));
    } catch {
      return false;
    }
    // Over the budget, a caret move is dropped (the next one carries the newer position).
    if (stamped.some((e) => e.state !== 'null') && !this.take(person, sizeOf(stamped))) {
      this.deps.metrics?.refuse('awareness-rate');
      return true;
    }
    for (const { id } of stamped) this.claim(conn, person, id);
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(stamped), { local: conn } satisfies ChangeOrigin);
    } catch {
      return false;
    }
    return true;
  }

  /** A relay payload of instance `from`; throws when it does not decode (the relay logs it). */
  applyRelayed(from: string, payload: Uint8Array): void {
    const decoder = decoding.createDecoder(payload);
    const op = decoding.readVarUint(decoder);
    if (op === RelayOp.query) return this.answerQuery();
    if (op !== RelayOp.states) throw new Error(`unknown awareness relay op ${op}`);
    const conn = decoding.readVarString(decoder);
    const person = decoding.readVarString(decoder);
    const entries = awarenessEntries(decoding.readVarUint8Array(decoder));
    if (!entries || !person) throw new Error('bad relayed awareness');
    let accepted = entries.filter((e) => this.mayRelayed(from, conn, person, e));
    if (accepted.length < entries.length) this.deps.metrics?.refuse('awareness-not-own');
    const states = accepted.filter((e) => e.state !== 'null');
    if (states.length > 0 && !this.take(person, sizeOf(states))) {
      this.deps.metrics?.refuse('awareness-rate');
      accepted = accepted.filter((e) => e.state === 'null');
    }
    if (accepted.length === 0) return;
    for (const { id, state } of accepted) {
      const held = this.owners.get(id);
      if (held?.local) held.local.awarenessIds.delete(id); // the same person, moved to another instance
      if (state === 'null') {
        this.owners.delete(id);
        this.release(id, person);
      } else {
        this.owners.set(id, { person, instance: from, conn, local: null });
        this.released.delete(id);
      }
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), 'relay' satisfies ChangeOrigin);
  }

  /**
   * Asks the other instances for the states of their connections (after a load: awareness is not
   * stored, and ids held elsewhere must be known before a connection here claims them).
   */
  requestRemote(): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, RelayOp.query);
    this.deps.publish(encoding.toUint8Array(encoder));
  }

  destroy(): void {
    this.awareness.destroy();
  }

  private answerQuery(): void {
    for (const conn of this.deps.connections) {
      const ids = [...conn.awarenessIds].filter((id) => this.awareness.states.has(id));
      if (ids.length > 0) this.deps.publish(encodeRelayed(conn.id, personKey(conn), awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
    }
  }

  /** True when `conn` may set entry `id`: its own, or one it may claim. */
  private mayClaim(conn: Connection, person: string, id: number): boolean {
    if (conn.awarenessIds.has(id)) return true;
    if (conn.awarenessIds.size > 0) return false; // one id per connection
    const owner = this.owners.get(id);
    if (owner) return owner.person === person;
    const releasedFor = this.released.get(id);
    return releasedFor === undefined || releasedFor === person;
  }

  private claim(conn: Connection, person: string, id: number): void {
    if (conn.awarenessIds.has(id)) return;
    const owner = this.owners.get(id);
    if (owner?.local && owner.local !== conn) owner.local.awarenessIds.delete(id);
    this.owners.set(id, { person, instance: '', conn: conn.id, local: conn });
    this.released.delete(id);
    conn.awarenessIds.add(id);
  }

  /**
   * True when connection `conn` of instance `from`, of `person`, may set `entry`. Another
   * connection of the same person may take an id over, but only its holder removes it (the late
   * close of a replaced socket must not remove the caret of the one that replaced it).
   */
  private mayRelayed(from: string, conn: string, person: string, entry: AwarenessEntry): boolean {
    const owner = this.owners.get(entry.id);
    if (owner && !owner.local && owner.instance === from && owner.conn === conn) return true;
    if (owner) return entry.state !== 'null' && owner.person === person;
    const releasedFor = this.released.get(entry.id);
    return releasedFor === undefined || releasedFor === person;
  }

  private release(id: number, person: string): void {
    this.released.delete(id);
    this.released.set(id, person);
    if (this.released.size > MAX_RELEASED) this.released.delete(this.released.keys().next().value!);
  }

  /** Takes one message of `bytes` from the person's budget; false when it is spent. */
  private take(person: string, bytes: number): boolean {
    const limits = this.limits;
    if (!limits) return true; // nobody here yet to receive it
    const rate = limits.awarenessPerSecond;
    const byteRate = 2 * limits.awarenessMaxBytes;
    const now = Date.now();
    let bucket = this.buckets.get(person);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) {
        for (const [key, b] of this.buckets) if (now - b.at > BUCKET_IDLE_MS) this.buckets.delete(key);
      }
      bucket = { tokens: rate, bytes: byteRate, at: now };
      this.buckets.set(person, bucket);
    }
    const elapsed = (now - bucket.at) / 1000;
    bucket.tokens = Math.min(rate, bucket.tokens + elapsed * rate);
    bucket.bytes = Math.min(byteRate, bucket.bytes + elapsed * byteRate);
    bucket.at = now;
    if (bucket.tokens < 1 || bucket.bytes < bytes) return false;
    bucket.tokens -= 1;
    bucket.bytes -= bytes;
    return true;
  }

  private onUpdate({ added, updated, removed }: AwarenessChange, origin: ChangeOrigin): void {
    if (origin === 'timeout') {
      // A state of another instance's connection that stopped renewing: kept for its person.
      for (const id of removed) {
        const owner = this.owners.get(id);
        if (owner && !owner.local) {
          this.owners.delete(id);
          this.release(id, owner.person);
        }
      }
    }
    const changed = [...added, ...updated, ...removed];
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const message = encodeAwarenessMessage(update);
    for (const conn of this.deps.connections) conn.send(message);
    if (origin && typeof origin === 'object') this.deps.publish(encodeRelayed(origin.local.id, personKey(origin.local), update));
  }
}

/** The person a connection counts for: its person, or itself when it was admitted without one. */
function personKey(conn: Connection): string {
  return conn.person?.id ?? conn.personId ?? `conn:${conn.id}`;
}

function identityOf(conn: Connection): PresenceIdentity | null {
  const person: ConnectionPerson | null = conn.person ?? (conn.personId ? { id: conn.personId, name: '' } : null);
  if (!person) return null;
  return { id: person.id, name: person.name, color: colourOf(person.id), ...(person.cityId ? { city: person.cityId } : {}) };
}

/** A state's JSON with the server's identity in `user`; throws for JSON that does not parse. */
function stamp(json: string, identity: PresenceIdentity | null): string {
  const parsed: unknown = JSON.parse(json);
  if (parsed === null) return 'null';
  const state: Record<string, unknown> = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? { ...(parsed as Record<string, unknown>) } : {};
  for (const key of IDENTITY_KEYS) delete state[key];
  delete state.user;
  if (identity) state.user = identity;
  return JSON.stringify(state);
}

/** Calm colours of the carets, as `client/src/lib/participant.ts` picks them (keep the two alike). */
const PARTICIPANT_COLORS = ['#1d4ed8', '#0f766e', '#15803d', '#a21caf', '#b91c1c', '#c2410c', '#6d28d9', '#be185d', '#0369a1', '#4d7c0f'] as const;

/** A person's caret colour, from their id (FNV-1a, as the client computes it). */
export function colourOf(personId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < personId.length; i++) {
    h ^= personId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return PARTICIPANT_COLORS[(h >>> 0) % PARTICIPANT_COLORS.length]!;
}

/** `[op=states, connection id, person, awareness update]`: a change and who made it. */
function encodeRelayed(conn: string, person: string, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, RelayOp.states);
  encoding.writeVarString(encoder, conn);
  encoding.writeVarString(encoder, person);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function sizeOf(entries: AwarenessEntry[]): number {
  let bytes = 0;
  for (const e of entries) bytes += e.state.length + 8;
  return bytes;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

interface AwarenessEntry {
  id: number;
  clock: number;
  state: string;
}

/** The entries of an awareness update (`[count, (id, clock, state json)*]`), or null when it does not decode. */
export function awarenessEntries(update: Uint8Array): AwarenessEntry[] | null {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      entries.push({ id: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) });
    }
    if (decoding.hasContent(decoder)) return null;
    return entries;
  } catch {
    return null;
  }
}

function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { id, clock, state } of entries) {
    encoding.writeVarUint(encoder, id);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
