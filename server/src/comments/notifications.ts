import { randomUUID } from 'node:crypto';
import type { CommentAuthor, Notification } from '@dialogo/shared';
import type { DomainEvents } from '../ports/domain-events.ts';
import type { Store } from '../store/index.ts';

const collectionOf = (personId: string) => `notifications~${personId}`;
/** The list shows the newest ones; older ones stay stored. */
const SHOWN = 50;
const EXCERPT = 140;

export interface Mention {
  doc: string;
  docTitle: string;
  /** The comment thread; absent for a mention typed in the text. */
  threadId?: string;
  by: CommentAuthor;
  body: string;
  /** Origin of the request that mentioned (links in mail when PUBLIC_URL is unset). */
  origin?: string;
}

/** A person's in-app notifications: stored first, then pushed live to their open tabs. */
export class Notifications {
  constructor(
    private readonly store: Store,
    /** `notification.created` once each is stored: pushed to the person's tabs, added to their mail digest. */
    private readonly events: DomainEvents,
  ) {}

  async mention(personIds: readonly string[], mention: Mention): Promise<void> {
    const createdAt = new Date().toISOString();
    const excerpt = mention.body.length > EXCERPT ? `${mention.body.slice(0, EXCERPT - 1)}…` : mention.body;
    await Promise.all(
      personIds
        .filter((id) => id !== mention.by.id)
        .map(async (personId) => {
          const notification: Notification = {
            id: randomUUID(),
            kind: 'mention',
            doc: mention.doc,
            docTitle: mention.docTitle,
            ...(mention.threadId ? { threadId: mention.threadId } : {}),
            by: mention.by,
            excerpt,
            createdAt,
            read: false,
          };
          await this.store.records.put(collectionOf(personId), notification.id, notification);
          // A subscriber's failure (the mail digest) does not fail the mention.
          await this.events.emit('notification.created', { personId, notification, origin: mention.origin ?? '' });
        }),
    );
  }

  async list(personId: string): Promise<{ notifications: Notification[]; unread: number }> {
    const all = await this.store.records.list<Notification>(collectionOf(personId));
    all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { notifications: all.slice(0, SHOWN), unread: all.filter((n) => !n.read).length };
  }

  /** Marks some (or all) as read; ids that are not the person's are ignored. */
  async markRead(personId: string, ids: readonly string[] | 'all'): Promise<void> {
    const targets = ids === 'all' ? (await this.store.records.list<Notification>(collectionOf(personId))).filter((n) => !n.read).map((n) => n.id) : ids;
    await Promise.all(
      targets.map((id) => this.store.records.update<Notification>(collectionOf(personId), id, (n) => (n && !n.read ? { ...n, read: true } : undefined))),
    );
  }
}
