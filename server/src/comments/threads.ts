import { randomUUID } from 'node:crypto';
import { ErrorCode, type Comment, type CommentAuthor, type CommentThread, type CreateThreadSchema, type ReplySchema } from '@dialogo/shared';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import type { Store } from '../store/index.ts';

/** Threads of one document live in their own collection, listed together. */
const collectionOf = (doc: string) => `comments~${doc}`;

const newId = () => `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;

/** Comment threads anchored in documents; replies and status changes are atomic across instances. */
export class CommentThreads {
  constructor(private readonly store: Store) {}

  async list(doc: string): Promise<CommentThread[]> {
    const threads = await this.store.records.list<CommentThread>(collectionOf(doc));
    return threads.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(doc: string, id: string): Promise<CommentThread> {
    const thread = await this.store.records.get<CommentThread>(collectionOf(doc), id);
    if (!thread) throw new AppError(ErrorCode.notFound, 404, 'No such comment thread.');
    return thread;
  }

  async open(doc: string, author: CommentAuthor, input: z.infer<typeof CreateThreadSchema>): Promise<CommentThread> {
    const now = new Date().toISOString();
    const thread: CommentThread = {
      id: newId(),
      doc,
      ...(input.section ? { section: input.section } : {}),
      anchor: input.anchor,
      quote: input.quote,
      comments: [comment(author, input.body, input.mentions, now)],
      createdAt: now,
      resolved: false,
    };
    await this.store.records.put(collectionOf(doc), thread.id, thread);
    return thread;
  }

  /** Writes an imported thread unless it is there already (an import run twice writes it once). */
  async putImported(thread: CommentThread): Promise<boolean> {
    return this.store.records.putIfAbsent(collectionOf(thread.doc), thread.id, thread);
  }

  async reply(doc: string, id: string, author: CommentAuthor, input: z.infer<typeof ReplySchema>): Promise<CommentThread> {
    await this.get(doc, id);
    const added = comment(author, input.body, input.mentions, new Date().toISOString());
    return this.change(doc, id, (thread) => ({ ...thread, comments: [...thread.comments, added] }));
  }

  async setResolved(doc: string, id: string, by: CommentAuthor, resolved: boolean): Promise<CommentThread> {
    await this.get(doc, id);
    const at = new Date().toISOString();
    return this.change(doc, id, ({ resolvedBy: _b, resolvedAt: _a, ...thread }) =>
      resolved ? { ...thread, resolved, resolvedBy: by, resolvedAt: at } : { ...thread, resolved },
    );
  }

  private async change(doc: string, id: string, apply: (thread: CommentThread) => CommentThread): Promise<CommentThread> {
    const written = await this.store.records.update<CommentThread>(collectionOf(doc), id, (current) => (current ? apply(current) : undefined));
    if (!written) throw new AppError(ErrorCode.notFound, 404, 'No such comment thread.');
    return written;
  }
}

function comment(author: CommentAuthor, body: string, mentions: string[], createdAt: string): Comment {
  return { id: randomUUID(), author, body, mentions: [...new Set(mentions)], createdAt };
}
