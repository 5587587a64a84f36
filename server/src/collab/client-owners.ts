import * as Y from 'yjs';
import { DocShape, type DocAuthor } from '@dialogo/shared';
import type { RecordStore } from '../store/index.ts';

const COLLECTION = 'yjs-client-owners';

/**
 * Who writes with which Yjs client id, per document. Yjs names the author of every character by a
 * client id that the client picks itself; the server makes that name trustworthy by giving each id
 * to the first person who writes with it (an atomic claim in the store, so every instance and every
 * restart agrees) and refusing content under it from anyone else.
 */
export class ClientOwners {
  constructor(
    private readonly records: RecordStore,
    /** The name and city shown for a person in `authors`, from their record. */
    private readonly authorOf: (personId: string) => Promise<DocAuthor | null>,
  ) {}

  /** The person owning `client` in `docName`, or undefined when nobody claimed it yet. */
  async get(docName: string, client: number): Promise<string | undefined> {
    return (await this.records.get<{ person: string }>(COLLECTION, key(docName, client)))?.person;
  }

  /** Claims `client` for `person` unless someone has it; resolves with whoever owns it then. */
  async claim(docName: string, client: number, person: string): Promise<string> {
    if (await this.records.putIfAbsent(COLLECTION, key(docName, client), { person })) return person;
    return (await this.get(docName, client)) ?? person;
  }

  /** The `authors` entries of claimed client ids (by client id), skipping people who are gone. */
  async describe(claimed: ReadonlyMap<number, string>): Promise<Map<number, DocAuthor>> {
    const entries = new Map<number, DocAuthor>();
    const byPerson = new Map<string, Promise<DocAuthor | null>>();
    for (const [client, person] of claimed) {
      if (!byPerson.has(person)) byPerson.set(person, this.authorOf(person));
      const author = await byPerson.get(person)!;
      if (author) entries.set(client, author);
    }
    return entries;
  }
}

function key(docName: string, client: number): string {
  return `${docName}#${client}`;
}

/**
 * An update adding `authors` entries the document lacks, written from a scratch document with a
 * client id of its own (never one a person writes with), or null when there is nothing to add.
 */
export function authorsUpdate(doc: Y.Doc, entries: ReadonlyMap<number, DocAuthor>): Uint8Array | null {
  const current = doc.getMap<DocAuthor>(DocShape.authors);
  const missing = [...entries].filter(([client]) => !current.has(String(client)));
  if (missing.length === 0) return null;
  const scratch = new Y.Doc();
  try {
    // Only new keys are written, so the entry needs no origin in the document's map.
    const authors = scratch.getMap<DocAuthor>(DocShape.authors);
    scratch.transact(() => {
      for (const [client, author] of missing) authors.set(String(client), author);
    });
    return Y.encodeStateAsUpdate(scratch);
  } finally {
    scratch.destroy();
  }
}
