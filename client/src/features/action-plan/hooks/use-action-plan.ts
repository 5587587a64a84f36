import { useCallback, useMemo, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { ActionPlanShape, actionPlanRows, TEXT_FIELDS, type ActionPlanRow } from '@dialogo/shared';
import { editLocally } from '../../../lib/use-doc-undo.ts';

type Cells = Y.Map<unknown>;

/** What a row's cells may be set to (the id and order are the table's own). */
export type EditableCell = Exclude<keyof ActionPlanRow, 'id' | 'order'>;

function newRowId(): string {
  return crypto.randomUUID();
}

/**
 * The action plan's rows, live from the shared document, and the edits people make: each edit
 * changes one cell of one row, so concurrent edits of different cells (and moves) all survive.
 * Every edit is this person's own ({@link editLocally}), in their undo history.
 */
export function useActionPlan(doc: Y.Doc) {
  const map = useMemo(() => doc.getMap<Cells>(ActionPlanShape.rows), [doc]);

  // The snapshot must be stable between changes: recomputed only after the map changed.
  const cache = useMemo(() => ({ dirty: true, rows: [] as ActionPlanRow[] }), [map]);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const handle = () => {
        cache.dirty = true;
        onChange();
      };
      map.observeDeep(handle);
      return () => map.unobserveDeep(handle);
    },
    [map, cache],
  );
  const getSnapshot = useCallback(() => {
    if (cache.dirty) {
      cache.dirty = false;
      cache.rows = actionPlanRows(map.toJSON() as Record<string, unknown>);
    }
    return cache.rows;
  }, [map, cache]);
  const rows = useSyncExternalStore(subscribe, getSnapshot);

  /** Sets a choice or a date whole (last writer wins); text cells are edited through `CollabTextInput`. */
  const setCell = useCallback(
    (id: string, column: EditableCell, value: string) => {
      const cells = map.get(id);
      if (cells && cells.get(column) !== value) editLocally(doc, () => cells.set(column, value), false);
    },
    [doc, map],
  );

  /** Adds an empty row after `afterId` (or at the end) and returns its id. */
  const addRow = useCallback(
    (afterId?: string): string => {
      const index = afterId ? rows.findIndex((r) => r.id === afterId) : rows.length - 1;
      const before = rows[index]?.order ?? null;
      const after = rows[index + 1]?.order ?? null;
      const id = newRowId();
      editLocally(doc, () => {
        const cells = new Y.Map<unknown>();
        map.set(id, cells);
        cells.set('order', generateKeyBetween(before, after));
        cells.set('status', 'idea');
        cells.set('placeKind', 'other');
        // Free-text cells are Y.Text from the start, so that two people typing in one merge.
        for (const column of TEXT_FIELDS.actionPlanRow) cells.set(column, new Y.Text());
      });
      return id;
    },
    [doc, map, rows],
  );

  /** Moves a row one place up (-1) or down (+1): only its `order` cell changes. */
  const moveRow = useCallback(
    (id: string, direction: -1 | 1) => {
      const index = rows.findIndex((r) => r.id === id);
      const target = index + direction;
      if (index < 0 || target < 0 || target >= rows.length) return;
      const [low, high] = direction < 0 ? [rows[target - 1]?.order ?? null, rows[target]!.order] : [rows[target]!.order, rows[target + 1]?.order ?? null];
      // Two rows can share a key after concurrent moves; fractional-indexing needs low < high.
      if (low !== null && high !== null && low >= high) return;
      editLocally(doc, () => map.get(id)?.set('order', generateKeyBetween(low, high)));
    },
    [doc, map, rows],
  );

  const removeRow = useCallback((id: string) => editLocally(doc, () => map.delete(id)), [doc, map]);

  /** The cells of a row, for the text cells bound to them (`CollabTextInput`). */
  const cells = useCallback((id: string): Cells | undefined => map.get(id), [map]);

  return { rows, setCell, cells, addRow, moveRow, removeRow };
}
