import { ErrorCode, type CommentAuthor } from '@dialogo/shared';
import type { AddedMention } from '../ports/domain-events.ts';
import type { Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import { toActor, type People, type PersonRecord } from '../network/people.ts';
import type { Notifications } from './notifications.ts';

/** Longest context of a mention typed in the text that a notification carries. */
const CONTEXT = 280;

export const authorOf = (p: PersonRecord): CommentAuthor => ({ id: p.id, name: p.name, ...(p.cityId ? { cityId: p.cityId } : {}) });

/**
 * Who may be mentioned in a document, and telling them: in a comment (the ids come with the
 * request, and a non-reader is refused) or typed in the text (`@Name` nodes the server found in a
 * person's stored update; non-readers are left out silently, since the text is already stored).
 * Telling someone about a document they cannot open would be a leak, so both ask the policy.
 */
export class Mentions {
  constructor(
    private readonly catalog: Catalog,
    private readonly people: People,
    private readonly notifications: Notifications,
  ) {}

  /** People who may be mentioned: those who can read the document, archived people excluded. */
  async readers(name: string): Promise<PersonRecord[]> {
    const everyone = (await this.people.list()).filter((p) => !p.archived);
    const allowed = await Promise.all(everyone.map(async (p) => (await this.catalog.permissions(toActor(p), name))?.read === true));
    return everyone.filter((_, i) => allowed[i]);
  }

  /** Mentions in a comment must name readers of the document. */
  async check(name: string, mentions: readonly string[]): Promise<void> {
    if (mentions.length === 0) return;
    const ids = new Set((await this.readers(name)).map((p) => p.id));
    if (mentions.some((id) => !ids.has(id)))
      throw new AppError(ErrorCode.validation, 400, 'Only people who can read this document can be mentioned.', { mentions: 'not-a-reader' });
  }

  /** Tells the people a comment mentions (already checked). */
  async inComment(name: string, threadId: string, by: CommentAuthor, body: string, mentions: readonly string[], origin: string): Promise<void> {
    if (mentions.length === 0) return;
    const docTitle = (await this.catalog.get(name))?.title ?? name;
    await this.notifications.mention(mentions, { doc: name, docTitle, threadId, by, body, origin });
  }

  /** Tells the readers among the people `byId` mentioned in the document's text, once each. */
  async inText(name: string, byId: string, mentions: readonly AddedMention[], origin: string): Promise<void> {
    const by = await this.people.get(byId);
    if (!by) return;
    const readers = new Set((await this.readers(name)).map((p) => p.id));
    const told = new Set<string>();
    const docTitle = (await this.catalog.get(name))?.title ?? name;
    for (const { personId, context } of mentions) {
      if (!readers.has(personId) || told.has(personId)) continue;
      told.add(personId);
      const body = context.length > CONTEXT ? `${context.slice(0, CONTEXT - 1)}…` : context;
      await this.notifications.mention([personId], { doc: name, docTitle, by: authorOf(by), body, origin });
    }
  }
}
