import { Hono } from 'hono';
import { MarkReadSchema } from '@dialogo/shared';
import type { Notifications } from '../comments/notifications.ts';
import { presentNotification } from '../comments/presenter.ts';
import type { Catalog } from '../documents/catalog.ts';
import { toActor, type PersonRecord } from '../network/people.ts';
import { requirePerson, type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';

/** `/api/notifications`: the signed-in person's own, and only theirs. */
export function notificationRoutes(notifications: Notifications, catalog: Catalog) {
  /** The person's notifications, each saying whether they may still read its document (one catalog question per document). */
  const listed = async (person: PersonRecord) => {
    const { notifications: list, unread } = await notifications.list(person.id);
    const actor = toActor(person);
    const docs = [...new Set(list.map((n) => n.doc))];
    const readable = new Map(await Promise.all(docs.map(async (doc): Promise<[string, boolean]> => [doc, !!(await catalog.permissions(actor, doc))?.read])));
    return { notifications: list.map((n) => presentNotification(n, readable.get(n.doc) ?? false)), unread };
  };
  return new Hono<ApiEnv>()
    .get('/notifications', async (c) => c.json(await listed(requirePerson(c))))
    .post('/notifications/read', validJson(MarkReadSchema), async (c) => {
      const person = requirePerson(c);
      const body = c.req.valid('json');
      await notifications.markRead(person.id, 'all' in body ? 'all' : body.ids);
      return c.json(await listed(person));
    });
}
