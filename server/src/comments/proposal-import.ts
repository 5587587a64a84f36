import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import {
  COMMENT_BODY_MAX,
  CommentSectionSchema,
  DocShape,
  ProposalShape,
  SectionCommentSchema,
  sectionField,
  type CommentAuthor,
  type CommentThread,
  type DocAuthor,
} from '@dialogo/shared';
import type { People } from '../network/people.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import type { Store } from '../store/index.ts';
import type { CommentThreads } from './threads.ts';

/** One record per proposal document whose old comments were imported (or that never had any). */
const IMPORTS = 'proposal-comment-imports';
const NAME_MAX = 100;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * The one-time import of the comments proposals kept in their Y.Doc (`ProposalShape.comments`)
 * into comment threads. Each becomes a thread of its own on its section, resolved as it was,
 * marked `imported`. The name a comment carried was whatever its client wrote, so the author is
 * the person who owns the Yjs client id that wrote it (the ownership record the document server
 * keeps, else the document's `authors` entry); the carried name is kept as `signedAs` when it
 * differs, and is the author only when nobody is known to have written it.
 *
 * Runs before the threads of a proposal are first listed. Thread ids come from the old comment's
 * id and every write is put-if-absent, so two instances importing at once, or an import cut short
 * and run again, write each thread once. Once the proposal is marked, the array is never read
 * again: anything written there later is not a comment.
 */
/** Who owns a Yjs client id in a document (the document server's claims, collab/client-owners.ts). */
export interface ClientOwnerLookup {
  get(docName: string, client: number): Promise<string | undefined>;
}

export class ProposalCommentImport {
  /** Imports in flight on this instance, so concurrent first listings share one. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    /** Where the proposal's document is read. */
    private readonly docs: LiveDocs,
    private readonly threads: CommentThreads,
    private readonly people: People,
    private readonly owners: ClientOwnerLookup,
  ) {}

  async ensure(name: string): Promise<void> {
    if (await this.store.records.get(IMPORTS, name)) return;
    let run = this.running.get(name);
    if (!run) {
      run = this.run(name).finally(() => this.running.delete(name));
      this.running.set(name, run);
    }
    await run;
  }

  private async run(name: string): Promise<void> {
    const doc = await this.docs.read(name);
    let imported = 0;
    try {
      const entries = doc.getArray<unknown>(ProposalShape.comments).toArray();
      const authors = doc.getMap<DocAuthor>(DocShape.authors);
      for (const entry of entries) {
        if (!(entry instanceof Y.Map) || !entry._item) continue;
        const parsed = SectionCommentSchema.safeParse(entry.toJSON());
        if (!parsed.success || !CommentSectionSchema.safeParse(parsed.data.section).success) continue;
        const old = parsed.data;
        const body = old.text.trim().slice(0, COMMENT_BODY_MAX);
        if (!body) continue;
        const signed = old.author.trim().slice(0, NAME_MAX);
        const writer = await this.writerOf(name, entry._item.id.client, authors);
        const author: CommentAuthor = writer ?? { id: '', name: signed || '?' };
        const createdAt = Number.isNaN(Date.parse(old.at)) ? new Date(0).toISOString() : new Date(old.at).toISOString();
        const anchorAt = b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(doc.getXmlFragment(sectionField(old.section)), 0)));
        const id = `imported-${createHash('sha256').update(`${name}\n${old.id}`).digest('hex').slice(0, 24)}`;
        const thread: CommentThread = {
          id,
          doc: name,
          section: old.section,
          anchor: { start: anchorAt, end: anchorAt },
          quote: '',
          imported: true,
          comments: [{ id, author, ...(writer && signed && signed !== writer.name ? { signedAs: signed } : {}), body, mentions: [], createdAt }],
          createdAt,
          resolved: old.resolved,
        };
        if (await this.threads.putImported(thread)) imported += 1;
      }
    } finally {
      doc.destroy();
    }
    await this.store.records.putIfAbsent(IMPORTS, name, { at: new Date().toISOString(), imported });
  }

  /** The person who wrote with a Yjs client id, as they are named now, or null when unknown. */
  private async writerOf(name: string, client: number, authors: Y.Map<DocAuthor>): Promise<CommentAuthor | null> {
    const id = (await this.owners.get(name, client)) ?? authors.get(String(client))?.person;
    if (!id) return null;
    const person = await this.people.get(id);
    if (person) return { id: person.id, name: person.name, ...(person.cityId ? { cityId: person.cityId } : {}) };
    const entry = authors.get(String(client));
    return entry?.person === id ? { id, name: entry.name, ...(entry.city ? { cityId: entry.city } : {}) } : null;
  }
}
