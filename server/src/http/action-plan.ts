import { Hono } from 'hono';
import {
  ACTION_PLAN_COLUMNS,
  ACTION_PLAN_DOC,
  ACTION_STATUSES,
  ActionPlanShape,
  actionPlanRows,
  actionYear,
  ErrorCode,
  type ActionPlanRow,
} from '@dialogo/shared';
import type { Catalog } from '../documents/catalog.ts';
import { loadStoredDoc } from '../documents/content.ts';
import { AppError } from '../errors.ts';
import { toCsv } from '../lib/csv.ts';
import type { Cities } from '../network/cities.ts';
import { toActor } from '../network/people.ts';
import type { Store } from '../store/index.ts';
import { requirePerson, type ApiEnv } from './context.ts';

interface ActionPlanDeps {
  store: Store;
  catalog: Catalog;
  cities: Cities;
}

/** Rows matching the page's filters: `year`, `status`, `city` (a city id). */
function filtered(rows: ActionPlanRow[], query: Record<string, string>): ActionPlanRow[] {
  const year = query.year ? Number(query.year) : null;
  const status = query.status && (ACTION_STATUSES as readonly string[]).includes(query.status) ? query.status : null;
  return rows.filter(
    (row) =>
      (year === null || actionYear(row) === year) &&
      (status === null || row.status === status) &&
      (!query.city || (row.placeKind === 'city' && row.place === query.city)),
  );
}

/** `/api/action-plan`: the plan's rows as CSV (the table itself is edited live over the document socket). */
export function actionPlanRoutes({ store, catalog, cities }: ActionPlanDeps) {
  return new Hono<ApiEnv>().get('/export.csv', async (c) => {
    const permissions = await catalog.permissions(toActor(requirePerson(c)), ACTION_PLAN_DOC);
    if (!permissions?.read) throw new AppError(ErrorCode.forbidden, 403, 'You may not read the action plan.');
    const doc = await loadStoredDoc(store, ACTION_PLAN_DOC);
    let rows: ActionPlanRow[];
    try {
      rows = filtered(actionPlanRows(doc.getMap(ActionPlanShape.rows).toJSON()), c.req.query());
    } finally {
      doc.destroy();
    }
    const cityNames = new Map((await cities.list()).map((city) => [city.id, city.name]));
    const place = (row: ActionPlanRow) => (row.placeKind === 'city' ? (cityNames.get(row.place) ?? row.place) : row.placeKind === 'online' ? 'online' : row.place);
    const csv = toCsv([
      [...ACTION_PLAN_COLUMNS],
      ...rows.map((row) => ACTION_PLAN_COLUMNS.map((column) => (column === 'place' ? place(row) : row[column]))),
    ]);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="action-plan.csv"');
    return c.body(csv);
  });
}
