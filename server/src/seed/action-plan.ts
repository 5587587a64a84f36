import * as Y from 'yjs';
import { generateNKeysBetween } from 'fractional-indexing';
import { ACTION_PLAN_DOC, ActionPlanShape, DocKind, newText, TEXT_FIELDS, type ActionPlanRow, type DocumentSummary } from '@dialogo/shared';
import type { Catalog } from '../documents/catalog.ts';
import type { Store } from '../store/index.ts';

/** The events of the ICC-ITA Action Plan 2017-2020 (seeds/001), as the network listed them. */
const PLAN_2017_2020: Partial<ActionPlanRow>[] = [
  { event: 'On-line forum on (revised) ICC Index and Profile features + City Intercultural Policy Strategy/project', placeKind: 'online', status: 'planned' },
  { event: 'First Good Practice Exchange Meeting', status: 'planned' },
  { event: 'Second Good Practice Exchange Meeting', status: 'idea' },
  { event: 'Third Good Practice Exchange Meeting', status: 'idea' },
  { event: 'Fourth Good Practice Exchange Meeting', status: 'idea' },
  { event: 'Fifth Good Practice Exchange Meeting', status: 'idea' },
  { event: 'Sixth Good Practice Exchange Meeting', status: 'idea' },
  { event: 'ICC-ITA Coordinators Meeting 2019', status: 'idea' },
];

const TITLE = 'Action plan 2017-2020';

/** The first update of the plan's document: one Y.Map per row, ordered by fractional keys. */
function planUpdate(rows: Partial<ActionPlanRow>[]): Uint8Array {
  const doc = new Y.Doc();
  const map = doc.getMap<Y.Map<unknown>>(ActionPlanShape.rows);
  const keys = generateNKeysBetween(null, null, rows.length);
  const text: ReadonlySet<string> = new Set(TEXT_FIELDS.actionPlanRow);
  rows.forEach((row, i) => {
    const cells = new Y.Map<unknown>();
    map.set(`seed-${i + 1}`, cells);
    for (const [column, value] of Object.entries({ placeKind: 'other', status: 'idea', ...row, order: keys[i] }))
      cells.set(column, text.has(column) ? newText(String(value)) : String(value));
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/**
 * The network's action plan exists from the first start (listed, so the policy reads its scope);
 * in demo mode it starts with the events of the 2017-2020 plan. Idempotent.
 */
export async function ensureActionPlan(store: Store, catalog: Catalog, { demo }: { demo: boolean }): Promise<void> {
  if (await catalog.get(ACTION_PLAN_DOC)) return;
  if (demo && (await store.docs.load(ACTION_PLAN_DOC)).length === 0) await store.docs.append(ACTION_PLAN_DOC, [planUpdate(PLAN_2017_2020)]);
  const summary: DocumentSummary = { name: ACTION_PLAN_DOC, kind: DocKind.actionPlan, title: TITLE, createdAt: new Date().toISOString() };
  await catalog.put(summary);
}
