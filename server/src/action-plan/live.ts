import * as Y from 'yjs';
import { ACTION_PLAN_DOC, ActionPlanShape, actionPlanRows, TEXT_FIELDS, writeText, type ActionPlanRow } from '@dialogo/shared';
import type { Actor } from '../access/policy.ts';
import type { LiveDocs } from '../ports/live-docs.ts';

const TEXT_COLUMNS: ReadonlySet<string> = new Set(TEXT_FIELDS.actionPlanRow);

/** The plan's rows as the live document holds them now (this instance's copy, caught up with the store). */
export function livePlanRows(docs: LiveDocs): Promise<ActionPlanRow[]> {
  return docs.readHeld(ACTION_PLAN_DOC, (doc) => actionPlanRows(doc.getMap(ActionPlanShape.rows).toJSON()));
}

/**
 * Writes cells of one row (or a new row, with `create`) into the live plan as `actor`, through
 * `LiveDocs.transact`: the policy is asked as for their own edit of the plan, then the change is
 * stored first and shown to everyone editing the plan (on every instance, through the relay), as
 * the action items' status changes are. Returns false when there is no such row and `create` is
 * not set.
 */
export async function writePlanRow(docs: LiveDocs, actor: Actor, rowId: string, cells: Record<string, string>, { create = false } = {}): Promise<boolean> {
  return docs.transact(
    ACTION_PLAN_DOC,
    actor,
    (doc) => {
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
    },
    create ? 'plan row added' : 'plan row changed',
  );
}
