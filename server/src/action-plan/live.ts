import * as Y from 'yjs';
import { ACTION_PLAN_DOC, ActionPlanShape, actionPlanRows, TEXT_FIELDS, writeText, type ActionPlanRow } from '@dialogo/shared';
import type { Actor } from '../access/policy.ts';
import type { DocRegistry } from '../collab/registry.ts';
import { writeLive, type LiveWriteDeps } from '../documents/server-writes.ts';

const TEXT_COLUMNS: ReadonlySet<string> = new Set(TEXT_FIELDS.actionPlanRow);

/** The plan's rows as the live document holds them now (this instance's copy, caught up with the store). */
export async function livePlanRows(registry: DocRegistry): Promise<ActionPlanRow[]> {
  const shared = await registry.get(ACTION_PLAN_DOC);
  try {
    await shared.drain();
    return actionPlanRows(shared.doc.getMap(ActionPlanShape.rows).toJSON());
  } finally {
    shared.releaseIfUnused();
  }
}

/**
 * Writes cells of one row (or a new row, with `create`) into the live plan as `actor`, through
 * {@link writeLive}: the policy is asked as for their own edit of the plan, then the change is
 * stored first and shown to everyone editing the plan (on every instance, through the relay), as
 * the action items' status changes are. Returns false when there is no such row and `create` is
 * not set.
 */
export async function writePlanRow(deps: LiveWriteDeps, actor: Actor, rowId: string, cells: Record<string, string>, { create = false } = {}): Promise<boolean> {
  return writeLive(deps, ACTION_PLAN_DOC, actor, (doc) => {
    const rows = doc.getMap<Y.Map<unknown>>(ActionPlanShape.rows);
    let row = rows.get(rowId);
    if (!row && !create) return false;
    if (!row) {
      row = new Y.Map<unknown>();
      rows.set(rowId, row);
    }
    for (const [column, value] of Object.entries(cells)) {
      // Text cells are edited by difference (what someone types elsewhere in the cell stays), and
      // become Y.Text; the others (status, ids, order) are set whole.
      if (TEXT_COLUMNS.has(column)) writeText(row, column, value);
      else if (row.get(column) !== value) row.set(column, value);
    }
    return true;
  });
}
