import { Hono } from 'hono';
import { CreateThreadSchema, DocKind, ErrorCode, parseDocName, ReplySchema, ThreadStatusSchema, type CommentAuthor } from '@dialogo/shared';
import type { CommentThreads } from '../comments/threads.ts';
import type { Notifications } from '../comments/notifications.ts';
import type { ProposalCommentImport } from '../comments/proposal-import.ts';
import type { Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import type { LiveBus } from '../live/bus.ts';
import { toActor, type People, type PersonRecord } from '../network/people.ts';
import { readBody, type ApiEnv } from './context.ts';
import { documentAccess } from './document-access.ts';

interface Deps {
  catalog: Catalog;
  people: People;
  comments: CommentThreads;
  commentImport: ProposalCommentImport;
  notifications: Notifications;
  bus: LiveBus;
}

const authorOf = (p: PersonRecord): CommentAuthor => ({ id: p.id, name: p.name, ...(p.cityId ? { cityId: p.cityId } : {}) });

/**
 * `/api/documents/:name/comments`: threads anchored in the text. Reading them takes read access to
 * the document, writing takes edit access (a guest reads comments but does not add any). Every
 * change reaches the document's live room; mentioned people get a notification. A proposal's
 * (`proposal:<id>`, reached through its catalog entry like any document) threads are each on one
 * of its sections; the comments it kept inside its document are imported before the first listing.
 */
export function commentRoutes({ catalog, people, comments, commentImport, notifications, bus }: Deps) {
  /** People who may be mentioned: those who can read the document, archived people excluded. */
  async function readers(name: string): Promise<PersonRecord[]> {
    const everyone = (await people.list()).filter((p) => !p.archived);
    const allowed = await Promise.all(everyone.map(async (p) => (await catalog.permissions(toActor(p), name))?.read === true));
    return everyone.filter((_, i) => allowed[i]);
  }

  /** Mentions must name readers of the document: telling someone about what they cannot open is a leak. */
  async function checkMentions(name: string, mentions: string[]): Promise<void> {
    if (mentions.length === 0) return;
    const ids = new Set((await readers(name)).map((p) => p.id));
    if (mentions.some((id) => !ids.has(id))) throw new AppError(ErrorCode.validation, 400, 'Only people who can read this document can be mentioned.', { mentions: 'not-a-reader' });
  }

  async function tellMentioned(name: string, threadId: string, by: CommentAuthor, body: string, mentions: string[], origin: string) {
    if (mentions.length === 0) return;
    const docTitle = (await catalog.get(name))?.title ?? name;
    await notifications.mention(mentions, { doc: name, docTitle, threadId, by, body, origin });
  }

  return new Hono<ApiEnv>()
    .get('/:name/comments', async (c) => {
      const { name } = await documentAccess(c, catalog, 'read');
      if (isProposal(name)) await commentImport.ensure(name);
      return c.json({ threads: await comments.list(name) });
    })
    .get('/:name/comments/mentionable', async (c) => {
      const { person, name } = await documentAccess(c, catalog, 'edit');
      return c.json({ people: (await readers(name)).filter((p) => p.id !== person.id).map(authorOf) });
    })
    .post('/:name/comments', async (c) => {
      const { person, name } = await documentAccess(c, catalog, 'edit');
      const { section, ...input } = await readBody(c, CreateThreadSchema);
      // A proposal's thread is on one of its sections; other documents have none.
      if (isProposal(name) && !section) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { section: 'required' });
      await checkMentions(name, input.mentions);
      const by = authorOf(person);
      const thread = await comments.open(name, by, isProposal(name) ? { ...input, section } : input);
      bus.emit(`doc:${name}`, 'comments:changed', { doc: name, thread });
      await tellMentioned(name, thread.id, by, input.body, input.mentions, new URL(c.req.url).origin);
      return c.json({ thread }, 201);
    })
    .post('/:name/comments/:id/replies', async (c) => {
      const { person, name } = await documentAccess(c, catalog, 'edit');
      const input = await readBody(c, ReplySchema);
      await checkMentions(name, input.mentions);
      const by = authorOf(person);
      const thread = await comments.reply(name, c.req.param('id'), by, input);
      bus.emit(`doc:${name}`, 'comments:changed', { doc: name, thread });
      await tellMentioned(name, thread.id, by, input.body, input.mentions, new URL(c.req.url).origin);
      return c.json({ thread }, 201);
    })
    .patch('/:name/comments/:id', async (c) => {
      const { person, name } = await documentAccess(c, catalog, 'edit');
      const { resolved } = await readBody(c, ThreadStatusSchema);
      const thread = await comments.setResolved(name, c.req.param('id'), authorOf(person), resolved);
      bus.emit(`doc:${name}`, 'comments:changed', { doc: name, thread });
      return c.json({ thread });
    });
}

const isProposal = (name: string) => parseDocName(name)?.kind === DocKind.proposal;
