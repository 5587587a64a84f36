import { useCallback, useMemo, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import {
  budgetLines,
  plainText,
  ProposalShape,
  sectionField,
  sectionProgress,
  sectionsOf,
  textCount,
  timelineRows,
  type BudgetLine,
  type Section,
  type SectionProgress,
  type TimelineRow,
} from '@dialogo/shared';
import { editLocally } from '../../../lib/use-doc-undo.ts';

/** A section of the outline with what its text says about it. */
export interface OutlineSection extends Section {
  progress: SectionProgress;
  words: number;
  characters: number;
  /** Over the funder's limit. */
  over: boolean;
}

interface Snapshot {
  sections: OutlineSection[];
  lines: BudgetLine[];
  timeline: TimelineRow[];
}

type Cells = Y.Map<unknown>;

function read(doc: Y.Doc): Snapshot {
  const sections = sectionsOf(doc).map((section) => {
    const text = plainText(doc.getXmlFragment(sectionField(section.key)));
    const { words, characters } = textCount(text);
    const used = section.limitUnit === 'characters' ? characters : words;
    return { ...section, words, characters, progress: sectionProgress(section, text), over: section.limitMax !== undefined && used > section.limitMax };
  });
  return {
    sections,
    lines: budgetLines(doc.getMap(ProposalShape.budget).toJSON() as Record<string, unknown>),
    timeline: timelineRows(doc.getMap(ProposalShape.timeline).toJSON() as Record<string, unknown>),
  };
}

/** Adds a row at the end of a Y.Map-of-Y.Maps table, all its cells in one transaction. */
function appendRow(doc: Y.Doc, map: Y.Map<Cells>, lastOrder: string | null, cells: Record<string, unknown>): string {
  const id = crypto.randomUUID();
  editLocally(doc, () => {
    const row = new Y.Map<unknown>();
    map.set(id, row);
    for (const [k, v] of Object.entries({ ...cells, order: generateKeyBetween(lastOrder, null) })) row.set(k, v);
  });
  return id;
}

/**
 * The proposal's outline, budget and timeline, live from its shared document, and the edits
 * people make. Every edit changes single cells, so concurrent edits of different cells all survive
 * and edits of the same cell settle on the same value everywhere (totals follow from the cells).
 * Every edit is this person's own ({@link editLocally}), in their undo history.
 */
export function useProposalDoc(doc: Y.Doc) {
  const cache = useMemo(() => ({ dirty: true, snapshot: read(doc) }), [doc]);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const handle = () => {
        cache.dirty = true;
        onChange();
      };
      doc.on('update', handle);
      return () => doc.off('update', handle);
    },
    [doc, cache],
  );
  const getSnapshot = useCallback(() => {
    if (cache.dirty) {
      cache.dirty = false;
      cache.snapshot = read(doc);
    }
    return cache.snapshot;
  }, [doc, cache]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot);

  const sections = useMemo(() => doc.getMap<Cells>(ProposalShape.sections), [doc]);
  const budget = useMemo(() => doc.getMap<Cells>(ProposalShape.budget), [doc]);
  const timeline = useMemo(() => doc.getMap<Cells>(ProposalShape.timeline), [doc]);

  /** Sets a number or a choice whole (last writer wins); text cells are edited through `CollabTextInput`. */
  const setCell = (map: Y.Map<Cells>) => (id: string, key: string, value: unknown) => {
    const cells = map.get(id);
    if (cells && cells.get(key) !== value) editLocally(doc, () => cells.set(key, value), false);
  };

  /** Where the text cells of the budget and the timeline are, for `CollabTextInput`. */
  const lineText = useCallback((id: string) => budget.get(id), [budget]);
  const activityText = useCallback((id: string) => timeline.get(id), [timeline]);

  return {
    ...snapshot,
    lineText,
    activityText,
    setSection: useCallback(setCell(sections), [doc, sections]),
    setLine: useCallback(setCell(budget), [doc, budget]),
    setActivity: useCallback(setCell(timeline), [doc, timeline]),
    addLine: useCallback(
      (city: string) =>
        appendRow(doc, budget, snapshot.lines.at(-1)?.order ?? null, { city, category: 'staff', description: new Y.Text(), amount: 0, cofunding: 0 }),
      [doc, budget, snapshot.lines],
    ),
    removeLine: useCallback((id: string) => editLocally(doc, () => budget.delete(id)), [doc, budget]),
    addActivity: useCallback(
      (start: number) => appendRow(doc, timeline, snapshot.timeline.at(-1)?.order ?? null, { activity: new Y.Text(), city: '', start, end: start }),
      [doc, timeline, snapshot.timeline],
    ),
    removeActivity: useCallback((id: string) => editLocally(doc, () => timeline.delete(id)), [doc, timeline]),
  };
}
