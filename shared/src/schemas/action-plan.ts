import { z } from 'zod';
import { DocKind, docName } from '../collab.ts';

/**
 * The network's action plan: one co-edited document, a table whose rows are events (good-practice
 * exchange meetings, forums, trainings...). Inside the Y.Doc, the map `rows` holds one Y.Map per row
 * (keyed by row id) with one value per cell (the free-text cells are Y.Text, plain strings in
 * documents written before: see `text-fields.ts`), so two people editing two cells of the same row never
 * conflict; rows are ordered by a fractional index in `order`, so moving a row is one cell change
 * and concurrent moves and edits converge without duplicating or losing a row.
 */
export const ACTION_PLAN_DOC = docName(DocKind.actionPlan, 'network');

export const ActionPlanShape = {
  /** Y.Map<rowId, Y.Map<column, Y.Text | string>>. */
  rows: 'rows',
} as const;

export const ACTION_STATUSES = ['idea', 'planned', 'scheduled', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Where an event takes place: a member city (its id), online, or a place written out. */
export const PLACE_KINDS = ['city', 'online', 'other'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** The typed columns, in the order the table shows them. */
export const ACTION_PLAN_COLUMNS = ['event', 'date', 'place', 'experts', 'support', 'notes', 'status'] as const;
export type ActionPlanColumn = (typeof ACTION_PLAN_COLUMNS)[number];

/** A day (`2020-06-18`) or a month (`2020-06`); empty while not decided. */
export const ACTION_DATE = /^$|^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

/** One row as read from the document (missing cells read as empty). */
export const ActionPlanRowSchema = z.object({
  id: z.string(),
  order: z.string(),
  event: z.string().default(''),
  date: z.string().default(''),
  placeKind: z.enum(PLACE_KINDS).catch('other'),
  place: z.string().default(''),
  experts: z.string().default(''),
  support: z.string().default(''),
  notes: z.string().default(''),
  status: z.enum(ACTION_STATUSES).catch('idea'),
  /** The meeting this row became, once scheduled. */
  meetingId: z.string().default(''),
  /** Where the line came from, when a decision made it: a closed poll or a decision in the minutes. */
  sourceKind: z.enum(['', 'poll', 'minutes']).catch(''),
  /** The poll's id, or the meeting's id (its minutes). */
  sourceId: z.string().default(''),
});
export type ActionPlanRow = z.infer<typeof ActionPlanRowSchema>;

/** The rows of a `rows` map's JSON (`Y.Map#toJSON()`), valid ones only, in table order. */
export function actionPlanRows(json: Record<string, unknown>): ActionPlanRow[] {
  const rows: ActionPlanRow[] = [];
  for (const [id, value] of Object.entries(json)) {
    const parsed = ActionPlanRowSchema.safeParse({ ...(value as object), id });
    if (parsed.success && parsed.data.order) rows.push(parsed.data);
  }
  // Equal keys (two rows moved to the same place at once) fall back to the id: same order everywhere.
  return rows.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1));
}

/** The year a row's date falls in, or null when it has none. */
export function actionYear(row: Pick<ActionPlanRow, 'date'>): number | null {
  return row.date ? Number(row.date.slice(0, 4)) : null;
}

/** Times of a meeting scheduled from a row, when the row's date is not a day (or to override it). */
const instant = z.iso.datetime({ offset: true, message: 'datetime' });
export const PlanRowMeetingSchema = z
  .object({ startsAt: instant.optional(), endsAt: instant.optional() })
  .strict()
  .refine((m) => !m.startsAt || !m.endsAt || Date.parse(m.endsAt) > Date.parse(m.startsAt), { path: ['endsAt'], message: 'end-before-start' });
export type PlanRowMeeting = z.infer<typeof PlanRowMeetingSchema>;

/** A day's date (`2020-06-18`), as opposed to a month. */
export const isActionDay = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date);

/** Body of `POST /api/action-plan/rows/from-decision`: a closed poll, or a decision (its text) in a meeting's minutes. */
export const DecisionSourceSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('poll'), pollId: z.string().min(1, 'required').max(100) }).strict(),
  z
    .object({
      source: z.literal('minutes'),
      meetingId: z.string().min(1, 'required').max(100),
      decision: z.string().trim().min(1, 'required').max(2000, 'too-long'),
    })
    .strict(),
]);
export type DecisionSource = z.infer<typeof DecisionSourceSchema>;
