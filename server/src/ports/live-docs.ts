import type * as Y from 'yjs';
import type { Actor } from '../access/policy.ts';

/**
 * What domain code needs of live documents, without knowing the document WebSocket, the registry
 * or the relay (HP `DirectConnection`). `collab/live-docs.ts` implements it once; app.ts hands the
 * implementation to whoever reads or writes documents on the server's side.
 */
export interface LiveDocs {
  /**
   * The document as it stands now, as a copy of its own that the caller may change (accepting
   * suggestions for an export, say) and then destroys: nothing done to it reaches the live document
   * or the store. A document this instance holds live is read from memory once every write it
   * received is stored and applied (a paragraph typed a moment ago is there, compacted or not); any
   * other is read from the store, and reading it loads nothing into the live registry. The one way
   * domain code reads a document: only collab/ calls `loadStoredDoc`.
   */
  read(name: string): Promise<Y.Doc>;
  /**
   * Runs `use` on the document as this instance holds it live, caught up with every write it
   * stored (a row written a moment ago is there). `use` only reads: the live document changes only
   * through stored updates.
   */
  readHeld<R>(name: string, use: (doc: Y.Doc) => R): Promise<R>;
  /**
   * The one way the server writes into a live document on someone's behalf: asks the policy as for
   * `actor`'s own edit (404 unreadable, 409 locked, 403 read-only), runs `change` on a copy, then
   * stores what it changed before the live document applies it and relays it to every instance.
   * A change that changes nothing writes nothing. `reason` names the write in the logs.
   */
  transact<R>(name: string, actor: Actor, change: (doc: Y.Doc) => R, reason: string): Promise<R>;
}
