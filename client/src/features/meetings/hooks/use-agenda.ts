import { useCallback, useMemo, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { agendaItems, AgendaShape, type AgendaItem } from '@dialogo/shared';
import { editLocally } from '../../../lib/use-doc-undo.ts';

type Cells = Y.Map<unknown>;
/** Fields set whole (a number); the text fields are edited through `CollabTextInput`. */
export type AgendaField = 'minutes';

/** A key strictly between two sibling keys; equal keys (concurrent moves) fall back to after `low`. */
function between(low: string | null, high: string | null): string {
  if (low !== null && high !== null && low >= high) return generateKeyBetween(low, null);
  return generateKeyBetween(low, high);
}

/**
 * The agenda's items, live from the shared document, and the edits people make. Each edit changes
 * one field of one item (a move changes `order` and `parent`), so concurrent edits of different
 * fields, and moves, all survive. Every edit is this person's own ({@link editLocally}): each
 * structural one is a step of their undo history.
 */
export function useAgenda(doc: Y.Doc) {
  const map = useMemo(() => doc.getMap<Cells>(AgendaShape.items), [doc]);
  const cache = useMemo(() => ({ dirty: true, items: [] as AgendaItem[] }), [map]);
  const subscribe = useCallback(
    (onChange: () => void) => {
      // Descriptions are rich text edited by their own editors: only the outline re-renders the list.
      const handle = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
        // Titles and presenters are Y.Text inside an item (strings in agendas of before): they count too.
        const outline = (e: Y.YEvent<Y.AbstractType<unknown>>) =>
          e.target === map || (e.target instanceof Y.Map && e.target.parent === map) || (e.target instanceof Y.Text && e.target.parent?.parent === map);
        if (events.some(outline)) {
          cache.dirty = true;
          onChange();
        }
      };
      map.observeDeep(handle);
      return () => map.unobserveDeep(handle);
    },
    [map, cache],
  );
  const getSnapshot = useCallback(() => {
    if (cache.dirty) {
      cache.dirty = false;
      const json: Record<string, unknown> = {};
      // toJSON would serialize every description; the outline needs only the plain fields.
      map.forEach((cells, id) => {
        json[id] = {
          order: cells.get('order'),
          parent: cells.get('parent'),
          title: cells.get('title'),
          presenter: cells.get('presenter'),
          minutes: cells.get('minutes'),
        };
      });
      cache.items = agendaItems(json);
    }
    return cache.items;
  }, [map, cache]);
  const items = useSyncExternalStore(subscribe, getSnapshot);

  const siblings = useCallback((item: AgendaItem) => items.filter((i) => i.depth === item.depth && (item.depth === 0 || i.parent === item.parent)), [items]);

  const setField = useCallback(
    (id: string, field: AgendaField, value: string) => {
      const cells = map.get(id);
      if (cells && cells.get(field) !== value) editLocally(doc, () => cells.set(field, value), false);
    },
    [doc, map],
  );

  /** The cells of an item, for the text fields bound to them (`CollabTextInput`). */
  const cells = useCallback((id: string): Cells | undefined => map.get(id), [map]);

  const description = useCallback(
    (id: string): Y.XmlFragment | null => {
      const value = map.get(id)?.get('description');
      return value instanceof Y.XmlFragment ? value : null;
    },
    [map],
  );

  /** Adds an item at the end of the agenda (or of `parent`'s sub-items); returns its id. */
  const addItem = useCallback(
    (parent = ''): string => {
      const last = items.filter((i) => (parent ? i.parent === parent && i.depth === 1 : i.depth === 0)).at(-1);
      const id = crypto.randomUUID();
      editLocally(doc, () => {
        const cells = new Y.Map<unknown>();
        map.set(id, cells);
        cells.set('order', between(last?.order ?? null, null));
        cells.set('parent', parent);
        cells.set('title', new Y.Text());
        cells.set('presenter', new Y.Text());
        cells.set('minutes', '10');
        cells.set('description', new Y.XmlFragment());
      });
      return id;
    },
    [doc, map, items],
  );

  /** Moves an item one place up (-1) or down (+1) among its siblings. */
  const move = useCallback(
    (id: string, direction: -1 | 1): boolean => {
      const item = items.find((i) => i.id === id);
      if (!item) return false;
      const list = siblings(item);
      const index = list.findIndex((i) => i.id === id);
      const target = index + direction;
      if (target < 0 || target >= list.length) return false;
      const [low, high] = direction < 0 ? [list[target - 1]?.order ?? null, list[target]!.order] : [list[target]!.order, list[target + 1]?.order ?? null];
      editLocally(doc, () => map.get(id)?.set('order', between(low, high)));
      return true;
    },
    [doc, map, items, siblings],
  );

  /** Puts `id` just before `targetId`, among the target's siblings (drag and drop). */
  const moveBefore = useCallback(
    (id: string, targetId: string): boolean => {
      const item = items.find((i) => i.id === id);
      const target = items.find((i) => i.id === targetId);
      if (!item || !target || id === targetId || target.parent === id) return false;
      // An item with sub-items stays at the top level.
      if (target.depth === 1 && items.some((i) => i.parent === id)) return false;
      const list = siblings(target).filter((i) => i.id !== id);
      const index = list.findIndex((i) => i.id === targetId);
      editLocally(doc, () => {
        const cells = map.get(id);
        cells?.set('parent', target.depth === 0 ? '' : target.parent);
        cells?.set('order', between(list[index - 1]?.order ?? null, target.order));
      });
      return true;
    },
    [doc, map, items, siblings],
  );

  /** Makes an item a sub-item of the item above it (only one level of nesting). */
  const indent = useCallback(
    (id: string): boolean => {
      const item = items.find((i) => i.id === id);
      if (!item || item.depth !== 0 || items.some((i) => i.parent === id)) return false;
      const list = siblings(item);
      const above = list[list.findIndex((i) => i.id === id) - 1];
      if (!above) return false;
      const lastChild = items.filter((i) => i.parent === above.id).at(-1);
      editLocally(doc, () => {
        map.get(id)?.set('parent', above.id);
        map.get(id)?.set('order', between(lastChild?.order ?? null, null));
      });
      return true;
    },
    [doc, map, items, siblings],
  );

  /** Makes a sub-item a top-level item, right after its parent. */
  const outdent = useCallback(
    (id: string): boolean => {
      const item = items.find((i) => i.id === id);
      if (!item || item.depth !== 1) return false;
      const top = items.filter((i) => i.depth === 0);
      const parentIndex = top.findIndex((i) => i.id === item.parent);
      const parent = top[parentIndex];
      if (!parent) return false;
      editLocally(doc, () => {
        map.get(id)?.set('parent', '');
        map.get(id)?.set('order', between(parent.order, top[parentIndex + 1]?.order ?? null));
      });
      return true;
    },
    [doc, map, items],
  );

  /** Removes an item; its sub-items move up to the top level. */
  const remove = useCallback(
    (id: string) => {
      editLocally(doc, () => {
        for (const child of items.filter((i) => i.parent === id)) map.get(child.id)?.set('parent', '');
        map.delete(id);
      });
    },
    [doc, map, items],
  );

  return { items, setField, cells, description, addItem, move, moveBefore, indent, outdent, remove };
}
