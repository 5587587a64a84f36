import { Hono } from 'hono';
import { MarkReadSchema } from '@dialogo/shared';
import type { Notifications } from '../comments/notifications.ts';
import { requirePerson, type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';

/** `/api/notifications`: the signed-in person's own, and only theirs. */
export function notificationRoutes(notifications: Notifications) {
  return new Hono<ApiEnv>()
    .get('/notifications', async (c) => c.json(await notifications.list(requirePerson(c).id)))
    .post('/notifications/read', validJson(MarkReadSchema), async (c) => {
      const person = requirePerson(c);
      const body = c.req.valid('json');
      await notifications.markRead(person.id, 'all' in body ? 'all' : body.ids);
      return c.json(await notifications.list(person.id));
    });
}
