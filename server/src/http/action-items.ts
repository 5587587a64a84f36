import { Hono } from 'hono';
import { ACTION_ITEM_STATUSES, ActionItemPatchSchema, ErrorCode, type ActionItem } from '@dialogo/shared';
import { can } from '../access/policy.ts';
import type { DocRegistry } from '../collab/registry.ts';
import type { Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import { collectActionItems, setActionItemStatus } from '../meetings/action-items.ts';
import { meetingResource, type Meetings } from '../meetings/meetings.ts';
import { toActor, type People } from '../network/people.ts';
import type { Store } from '../store/index.ts';
import { readBody, requirePerson, type ApiEnv } from './context.ts';

interface ActionItemDeps {
  store: Store;
  meetings: Meetings;
  people: People;
  registry: DocRegistry;
  catalog: Catalog;
}

/**
 * `/api/action-items`: the action items recorded in the minutes of every meeting the person may
 * see, filterable by `city` (owned by the city or by one of its people), `status` and `overdue`;
 * and the change of an item's status, written into its minutes (the one place it is kept).
 */
export function actionItemRoutes({ store, meetings, people, registry, catalog }: ActionItemDeps) {
  return new Hono<ApiEnv>()
    .get('/', async (c) => {
      const actor = toActor(requirePerson(c));
      const visible = (await meetings.list()).filter((m) => can(actor, 'read', meetingResource(m)));
      let items = await collectActionItems(store, visible);
      const { city, status, overdue } = c.req.query();
      if (city) {
        const ofCity = new Set((await people.list()).filter((p) => p.cityId === city).map((p) => `person:${p.id}`));
        items = items.filter((i) => i.owner === `city:${city}` || ofCity.has(i.owner));
      }
      if (status && (ACTION_ITEM_STATUSES as readonly string[]).includes(status)) items = items.filter((i) => i.status === status);
      if (overdue === 'true') items = items.filter((i) => i.overdue);
      items.sort((a, b) => (a.due || '9999').localeCompare(b.due || '9999') || b.meetingStartsAt.localeCompare(a.meetingStartsAt));
      return c.json({ items });
    })
    .patch('/:meetingId/:id', async (c) => {
      const actor = toActor(requirePerson(c));
      const meeting = await meetings.readable(actor, c.req.param('meetingId'));
      const { status } = await readBody(c, ActionItemPatchSchema);
      // Whoever may write the meeting's minutes follows up its action items: the policy is asked
      // as for their own edit of the minutes, so approved (locked) minutes refuse it too.
      const id = c.req.param('id');
      if (!(await setActionItemStatus({ registry, catalog }, actor, meeting.id, id, status))) throw new AppError(ErrorCode.notFound, 404, 'No such action item.');
      const item = (await collectActionItems(store, [meeting])).find((i): i is ActionItem => i.id === id);
      return c.json({ item });
    });
}
