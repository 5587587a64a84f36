import { DocKind, docName } from './collab.ts';
import { textOf } from './text-fields.ts';

/*
 * The layout of a meeting's agenda and minutes Y.Docs, with no validation library: the editor
 * pages load this, and zod (the HTTP schemas in schemas/) stays out of their bundle.
 */

/** The agenda and minutes documents of a meeting share its id. */
export const agendaDocName = (meetingId: string) => docName(DocKind.agenda, meetingId);
export const minutesDocName = (meetingId: string) => docName(DocKind.minutes, meetingId);

// ---------------------------------------------------------------------------------------------
// The agenda document

/**
 * Inside the agenda's Y.Doc, the map `items` holds one Y.Map per item (keyed by item id) with
 * `order` (fractional index among its siblings), `parent` (the parent item's id, '' at the top),
 * `title` and `presenter` (Y.Text; a plain string in documents written before, see
 * `text-fields.ts`), `minutes` (its time box) and `description` (a Y.XmlFragment edited with
 * Tiptap). Moving an item changes only its `order` and `parent`, so concurrent moves and edits
 * converge without duplicating or losing an item.
 */
export const AgendaShape = { items: 'items' } as const;

/** One agenda item as read from the document, with its place in the outline. */
export interface AgendaItem {
  id: string;
  order: string;
  parent: string;
  title: string;
  presenter: string;
  minutes: number;
  depth: 0 | 1;
  /** Outline number shown to people: `1`, `1.2`. */
  number: string;
}

function byOrder<T extends { order: string; id: string }>(a: T, b: T): number {
  return a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The items of an `items` map's JSON, in outline order (each top-level item followed by its
 * sub-items). Sub-items of a removed or nested parent show at the top level, so nothing is lost.
 */
export function agendaItems(json: Record<string, unknown>): AgendaItem[] {
  const all: Omit<AgendaItem, 'depth' | 'number'>[] = [];
  for (const [id, raw] of Object.entries(json)) {
    if (!raw || typeof raw !== 'object') continue;
    const v = raw as Record<string, unknown>;
    if (typeof v.order !== 'string' || !v.order) continue;
    const minutes = Number(v.minutes);
    all.push({
      id,
      order: v.order,
      parent: typeof v.parent === 'string' ? v.parent : '',
      // A Y.Text (read straight from the map) or its string (from toJSON, or a document of before).
      title: textOf(v.title),
      presenter: textOf(v.presenter),
      minutes: Number.isFinite(minutes) && minutes > 0 ? Math.min(Math.round(minutes), 24 * 60) : 0,
    });
  }
  const byId = new Map(all.map((i) => [i.id, i]));
  // Top level: no parent, a parent that is gone, or a parent that is itself a sub-item.
  const isTop = (i: { parent: string }) => {
    const parent = i.parent ? byId.get(i.parent) : undefined;
    return !parent || (parent.parent !== '' && byId.has(parent.parent));
  };
  const top = all.filter(isTop).sort(byOrder);
  const out: AgendaItem[] = [];
  top.forEach((item, i) => {
    out.push({ ...item, parent: '', depth: 0, number: String(i + 1) });
    all
      .filter((c) => c.parent === item.id && !isTop(c))
      .sort(byOrder)
      .forEach((child, j) => out.push({ ...child, depth: 1, number: `${i + 1}.${j + 1}` }));
  });
  return out;
}

/** Planned time of an agenda: every item's time box. */
export function plannedMinutes(items: readonly AgendaItem[]): number {
  return items.reduce((sum, item) => sum + item.minutes, 0);
}

// ---------------------------------------------------------------------------------------------
// The minutes document

/**
 * The minutes of a meeting keep one top-level Y.XmlFragment per agenda item, named
 * `item:<agendaItemId>`: a section exists as soon as anyone names it, so a section for an item
 * added later appears without anyone creating it, and two people opening the minutes at once can
 * never make two sections for one item. `body` holds the general notes.
 */
export const minutesSectionName = (agendaItemId: string) => `item:${agendaItemId}`;

/** Tiptap node names of the structured blocks inside the minutes. */
export const MinutesNode = { decision: 'decision', actionItem: 'actionItem' } as const;
