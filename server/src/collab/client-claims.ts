import * as Y from 'yjs';
import { CloseCode, CloseReason, DocShape } from '@dialogo/shared';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Connection } from './connection.ts';
import { authorsUpdate, type ClientOwners } from './client-owners.ts';
import type { Pending } from './write-queue.ts';

/** What {@link ClientClaims} needs from its document. */
export interface ClientClaimsDeps {
  name: string;
  owners: ClientOwners;
  /** The live Y.Doc (content written before ownership was recorded is read from it). */
  doc(): Y.Doc;
  /** Queues a server update (the `authors` entries of new writers): stored, then applied. */
  applyServerUpdate(update: Uint8Array): void;
  log: Logger;
  metrics?: Metrics | null;
}

/** The owner of client ids nobody claimed that hold content already (the server's own writes). */
const SERVER_OWNED = '\u0000server';

/**
 * Which person writes with which Yjs client id in one document: a client id is claimed in the
 * store by the first person who writes with it (atomically, so two instances agree), and an
 * update carrying structs under another person's id closes its sender before anything of it is
 * stored. Only an id not seen here yet costs a store round trip.
 */
export class ClientClaims {
  /** Owners of client ids already checked here (person id). */
  private readonly known = new Map<number, string>();
  /** Client ids claimed by a person whose `authors` entry the server still has to write. */
  private readonly unnamed = new Map<number, string>();

  constructor(private readonly deps: ClientClaimsDeps) {}

  /** The senders among `queue` who wrote under a client id that is not theirs (closed here), or null when none. */
  async refusedSenders(queue: Pending[]): Promise<Set<Connection> | null> {
    let refused: Set<Connection> | null = null;
    for (const pending of queue) {
      const { origin, clients } = pending;
      if (origin.source !== 'connection' || !clients || refused?.has(origin.conn)) continue;
      const person = origin.conn.personId ?? '';
      for (const client of clients) {
        let owner: string | null | undefined = this.known.get(client);
        if (owner === undefined) {
          try {
            owner = await this.claim(client, person);
          } catch (err) {
            this.deps.log.error({ err: (err as Error).message, docName: this.deps.name }, 'client id check failed');
            owner = null;
          }
          if (owner === null) {
            // The store did not answer: like a failed append, the sender reconnects and resends.
            (refused ??= new Set()).add(origin.conn);
            origin.conn.close(CloseCode.storeUnavailable, CloseReason.storeUnavailable);
            break;
          }
          this.known.set(client, owner);
        }
        if (owner !== person) {
          (refused ??= new Set()).add(origin.conn);
          this.deps.metrics?.refuse('foreign-client-id');
          origin.conn.log.info({ client, docName: this.deps.name }, 'update refused: client id of another person');
          origin.conn.close(CloseCode.malformed, CloseReason.foreignClient);
          break;
        }
      }
    }
    return refused;
  }

  /** Writes the `authors` entries of newly claimed client ids, as a server update (stored first). */
  nameNewWriters(): void {
    if (this.unnamed.size === 0) return;
    const claimed = new Map(this.unnamed);
    this.unnamed.clear();
    void this.deps.owners
      .describe(claimed)
      .then((entries) => {
        const update = authorsUpdate(this.deps.doc(), entries);
        if (update) this.deps.applyServerUpdate(update);
      })
      .catch((err: Error) => this.deps.log.warn({ err: err.message, docName: this.deps.name }, 'naming new writers failed'));
  }

  /** The owner of a client id, claiming it for `person` when they may: a new id, or their own from before. */
  private async claim(client: number, person: string): Promise<string> {
    const { owners, name } = this.deps;
    const stored = await owners.get(name, client);
    if (stored) return stored;
    const doc = this.deps.doc();
    if (Y.getState(doc.store, client) > 0) {
      // Content under this id predates ownership records: its `authors` entry (written by clients
      // before the server wrote it) is the only word on whose it is; without one it is nobody's.
      const author = doc.getMap<{ person?: string }>(DocShape.authors).get(String(client));
      if (!author?.person) return SERVER_OWNED;
      if (author.person !== person) return author.person;
    }
    const owner = await owners.claim(name, client, person);
    if (owner === person && !this.deps.doc().getMap(DocShape.authors).has(String(client))) this.unnamed.set(client, person);
    return owner;
  }
}
