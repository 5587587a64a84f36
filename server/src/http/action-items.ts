import { Hono } from 'hono';
import { ACTION_ITEM_STATUSES, ActionItemFiltersSchema, ActionItemPatchSchema, ErrorCode, type ActionItem, type Meeting } from '@dialogo/shared';
import { can } from '../access/policy.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import type { Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import { collectActionItems, setActionItemStatus } from '../meetings/action-items.ts';
import { meetingResource, type Meetings } from '../meetings/meetings.ts';
import { presentActionItem } from '../meetings/presenter.ts';
import { toActor, type People } from '../network/people.ts';
import { downloadLanguage, translatorFor } from '../i18n/index.ts';
import { toXlsx, XLSX_TYPE } from '../lib/xlsx.ts';
import type { Cities } from '../network/cities.ts';
import { requirePerson, type ApiContext, type ApiEnv } from './context.ts';
import { valid, validJson } from './validate.ts';

interface ActionItemDeps {
  meetings: Meetings;
  people: People;
  cities: Cities;
  liveDocs: LiveDocs;
  catalog: Catalog;
}

/**
 * `/api/action-items`: the action items recorded in the minutes of every meeting the person may
 * see, filterable by `city` (owned by the city or by one of its people), `status` and `overdue`;
 * and the change of an item's status, written into its minutes (the one place it is kept).
 */
export function actionItemRoutes({ meetings, people, cities, liveDocs }: ActionItemDeps) {
  /** Every meeting the person may see. */
  const readable = async (c: ApiContext): Promise<Meeting[]> => {
    const actor = toActor(requirePerson(c));
    return (await meetings.list()).filter((m) => can(actor, 'read', meetingResource(m)));
  };
  /** The items of every meeting the person may see, filtered by `city`, `status` and `overdue`, soonest due first. */
  const listed = async (c: ApiContext, visible?: Meeting[]): Promise<ActionItem[]> => {
    visible ??= await readable(c);
    let items = await collectActionItems(liveDocs, visible);
    const { city, status, overdue } = c.req.query();
    if (city) {
      const ofCity = new Set((await people.list()).filter((p) => p.cityId === city).map((p) => `person:${p.id}`));
      items = items.filter((i) => i.owner === `city:${city}` || ofCity.has(i.owner));
    }
    if (status && (ACTION_ITEM_STATUSES as readonly string[]).includes(status)) items = items.filter((i) => i.status === status);
    if (overdue === 'true') items = items.filter((i) => i.overdue);
    return items.sort((a, b) => (a.due || '9999').localeCompare(b.due || '9999') || b.meetingStartsAt.localeCompare(a.meetingStartsAt));
  };
  return (
    new Hono<ApiEnv>()
      // Each item says whether the reader may change its status (who may write its minutes).
      .get('/', valid('query', ActionItemFiltersSchema), async (c) => {
        const actor = toActor(requirePerson(c));
        const visible = await readable(c);
        const byId = new Map(visible.map((m) => [m.id, m]));
        const items = await listed(c, visible);
        return c.json({ items: items.flatMap((item) => (byId.has(item.meetingId) ? [presentActionItem(actor, item, byId.get(item.meetingId)!)] : [])) });
      })
      // The same items as a spreadsheet in the reader's language (or `?lang=`): due dates and the
      // meetings' times as dates, owners by name, statuses in words.
      .get('/export.xlsx', async (c) => {
        const items = await listed(c);
        const language = downloadLanguage(c.req.query('lang'), requirePerson(c));
        const t = translatorFor(language);
        const [cityList, personList] = await Promise.all([cities.list(), people.list()]);
        const names = new Map<string, string>([
          ...cityList.map((x): [string, string] => [`city:${x.id}`, x.name]),
          ...personList.map((x): [string, string] => [`person:${x.id}`, x.name]),
        ]);
        const h = (key: string): string => t(`actionItems.${key}`);
        const file = await toXlsx(
          [
            {
              name: h('sheet'),
              columns: [
                { header: h('what'), kind: 'text' },
                { header: h('owner'), kind: 'text' },
                { header: h('due'), kind: 'day' },
                { header: h('status'), kind: 'text' },
                { header: h('overdue'), kind: 'text' },
                { header: h('meeting'), kind: 'text' },
                { header: h('meetingDate'), kind: 'moment' },
              ],
              rows: items.map((i) => [
                i.description,
                i.owner ? (names.get(i.owner) ?? '') : t('minutes.unassigned'),
                i.due,
                t(`minutes.statuses.${i.status}`),
                i.overdue ? h('yes') : h('no'),
                i.meetingTitle,
                i.meetingStartsAt,
              ]),
            },
          ],
          { title: h('sheet') },
        );
        c.header('Content-Type', XLSX_TYPE);
        c.header('Content-Disposition', 'attachment; filename="action-items.xlsx"');
        return c.body(new Uint8Array(file));
      })
      .patch('/:meetingId/:id', validJson(ActionItemPatchSchema), async (c) => {
        const actor = toActor(requirePerson(c));
        const meeting = await meetings.readable(actor, c.req.param('meetingId'));
        const { status } = c.req.valid('json');
        // Whoever may write the meeting's minutes follows up its action items: the policy is asked
        // as for their own edit of the minutes, so approved (locked) minutes refuse it too.
        const id = c.req.param('id');
        if (!(await setActionItemStatus(liveDocs, actor, meeting.id, id, status))) throw new AppError(ErrorCode.notFound, 404, 'No such action item.');
        const stored = (await meetings.get(meeting.id)) ?? meeting;
        const item = (await collectActionItems(liveDocs, [stored])).find((i): i is ActionItem => i.id === id);
        return c.json({ item: item ? presentActionItem(actor, item, stored) : undefined });
      })
  );
}
