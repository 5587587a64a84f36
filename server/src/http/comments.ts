import { Hono } from 'hono';
import { CreateThreadSchema, DocKind, ErrorCode, parseDocName, ReplySchema, ThreadStatusSchema } from '@dialogo/shared';
import type { CommentThreads } from '../comments/threads.ts';
import { authorOf, type Mentions } from '../comments/mentions.ts';
import type { ProposalCommentImport } from '../comments/proposal-import.ts';
import { presentThread, presentThreads } from '../comments/presenter.ts';
import type { Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import type { DomainEvents } from '../ports/domain-events.ts';
import { type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';
import { documentAccess } from './document-access.ts';

interface Deps {
  catalog: Catalog;
  comments: CommentThreads;
  commentImport: ProposalCommentImport;
  mentions: Mentions;
  events: DomainEvents;
}

/**
 * `/api/documents/:name/comments`: threads anchored in the text. Reading them takes read access to
 * the document, writing takes edit access (a guest reads comments but does not add any). Every
 * change reaches the document's live room; mentioned people get a notification. A proposal's
 * (`proposal:<id>`, reached through its catalog entry like any document) threads are each on one
 * of its sections; the comments it kept inside its document are imported before the first listing.
 */
export function commentRoutes({ catalog, comments, commentImport, mentions, events }: Deps) {
  return new Hono<ApiEnv>()
    .get('/:name/comments', async (c) => {
      const { name, permissions } = await documentAccess(c, catalog, 'read');
      if (isProposal(name)) await commentImport.ensure(name);
      return c.json(presentThreads(await comments.list(name), permissions));
    })
    .get('/:name/comments/mentionable', async (c) => {
      const { person, name } = await documentAccess(c, catalog, 'edit');
      return c.json({ people: (await mentions.readers(name)).filter((p) => p.id !== person.id).map(authorOf) });
    })
    .post('/:name/comments', validJson(CreateThreadSchema), async (c) => {
      const { person, name, permissions } = await documentAccess(c, catalog, 'edit');
      const { section, ...input } = c.req.valid('json');
      // A proposal's thread is on one of its sections; other documents have none.
      if (isProposal(name) && !section) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { section: 'required' });
      await mentions.check(name, input.mentions);
      const by = authorOf(person);
      const thread = await comments.open(name, by, isProposal(name) ? { ...input, section } : input);
      void events.emit('comments.changed', { doc: name, thread });
      await mentions.inComment(name, thread.id, by, input.body, input.mentions, new URL(c.req.url).origin);
      return c.json({ thread: presentThread(thread, permissions) }, 201);
    })
    .post('/:name/comments/:id/replies', validJson(ReplySchema), async (c) => {
      const { person, name, permissions } = await documentAccess(c, catalog, 'edit');
      const input = c.req.valid('json');
      await mentions.check(name, input.mentions);
      const by = authorOf(person);
      const thread = await comments.reply(name, c.req.param('id'), by, input);
      void events.emit('comments.changed', { doc: name, thread });
      await mentions.inComment(name, thread.id, by, input.body, input.mentions, new URL(c.req.url).origin);
      return c.json({ thread: presentThread(thread, permissions) }, 201);
    })
    .patch('/:name/comments/:id', validJson(ThreadStatusSchema), async (c) => {
      const { person, name, permissions } = await documentAccess(c, catalog, 'edit');
      const { resolved } = c.req.valid('json');
      const thread = await comments.setResolved(name, c.req.param('id'), authorOf(person), resolved);
      void events.emit('comments.changed', { doc: name, thread });
      return c.json({ thread: presentThread(thread, permissions) });
    });
}

const isProposal = (name: string) => parseDocName(name)?.kind === DocKind.proposal;
