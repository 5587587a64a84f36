import * as Y from 'yjs';
import { ACTION_PLAN_DOC, ActionPlanShape, actionPlanRows, type ActionPlanRow } from '@dialogo/shared';
import type { DocRegistry } from '../collab/registry.ts';

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
 * Writes cells of one row (or a new row, with `create`) into the live plan as a server update: the
 * change is computed on a copy, stored first, then shown to everyone editing the plan (on every
 * instance, through the relay), as the action items' status changes are. Returns false when
 * there is no such row and `create` is not set.
 */
export async function writePlanRow(registry: DocRegistry, rowId: string, cells: Record<string, string>, { create = false } = {}): Promise<boolean> {
  const shared = await registry.get(ACTION_PLAN_DOC);
  try {
    await shared.drain();
    const copy = new Y.Doc();
    try {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(shared.doc));
      const before = Y.encodeStateVector(copy);
      const rows = copy.getMap<Y.Map<string>>(ActionPlanShape.rows);
      let row = rows.get(rowId);
      if (!row && !create) return false;
      copy.transact(() => {
        if (!row) {
          row = new Y.Map<string>();
          rows.set(rowId, row);
        }
        for (const [column, value] of Object.entries(cells)) if (row.get(column) !== value) row.set(column, value);
      });
      shared.applyServerUpdate(Y.encodeStateAsUpdate(copy, before));
      await shared.drain();
      return true;
    } finally {
      copy.destroy();
    }
  } finally {
    shared.releaseIfUnused();
  }
}
