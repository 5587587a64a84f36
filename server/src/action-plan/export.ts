import * as Y from 'yjs';
import { ACTION_PLAN_COLUMNS, ACTION_STATUSES, actionYear, type ActionPlanColumn, type ActionPlanRow, type ActionStatus, type Language } from '@dialogo/shared';
import type { DocumentPart } from '../documents/outline.ts';
import { formatDay, formatList, translatorFor } from '../i18n/index.ts';

/**
 * The action plan as the files and pages made of it show it (CSV, spreadsheet, Word, Markdown,
 * print, the published page): the rows the `/action-plan` page's filters keep, one line per event,
 * the columns of the table in its order, in the reader's language.
 */

/** The `/action-plan` page's filters, read from a query (`year`, `status`, `city`); anything else is no filter. */
export interface PlanFilters {
  year: number | null;
  status: ActionStatus | null;
  city: string | null;
}

export function planFilters(query: Record<string, string | undefined>): PlanFilters {
  const year = query.year && /^\d{4}$/.test(query.year) ? Number(query.year) : null;
  const status = query.status && (ACTION_STATUSES as readonly string[]).includes(query.status) ? (query.status as ActionStatus) : null;
  return { year, status, city: query.city || null };
}

/** The rows the filters keep, in the plan's order. */
export function filterPlan(rows: ActionPlanRow[], { year, status, city }: PlanFilters): ActionPlanRow[] {
  return rows.filter(
    (row) =>
      (year === null || actionYear(row) === year) && (status === null || row.status === status) && (!city || (row.placeKind === 'city' && row.place === city)),
  );
}

export interface PlanContext {
  language: Language;
  /** A member city's name by id (the id itself when unknown). */
  cityName(id: string): string;
}

/** Where an event takes place, as people read it: the city's name, "online", or the place written out. */
export function placeOf(row: ActionPlanRow, { language, cityName }: PlanContext): string {
  if (row.placeKind === 'city') return row.place ? cityName(row.place) : '';
  if (row.placeKind === 'online') return translatorFor(language)('actionPlan.online');
  return row.place;
}

/** The column headers in the reader's language. */
export function planHeaders(language: Language): string[] {
  const t = translatorFor(language);
  return ACTION_PLAN_COLUMNS.map((column) => t(`actionPlan.columns.${column}`));
}

/**
 * One cell as text. `dates: 'iso'` keeps `2018-03-15` / `2017-11` (what spreadsheets read as
 * dates, for CSV); `'words'` writes them out ("15 marzo 2018", "novembre 2017").
 */
export function planCell(row: ActionPlanRow, column: ActionPlanColumn, context: PlanContext, { dates = 'words' }: { dates?: 'iso' | 'words' } = {}): string {
  switch (column) {
    case 'place':
      return placeOf(row, context);
    case 'status':
      return translatorFor(context.language)(`actionPlan.statuses.${row.status}`);
    case 'date':
      return dates === 'iso' ? row.date : formatDay(row.date, context.language, { weekday: false });
    default:
      return row[column];
  }
}

/** What the filters keep, in words ("anno 2018, stato pianificato e a Torino"), or '' when nothing is filtered. */
export function describeFilters(filters: PlanFilters, context: PlanContext): string {
  const t = translatorFor(context.language);
  const parts = [
    filters.year !== null ? t('actionPlan.filters.year', { year: filters.year }) : '',
    filters.status ? t('actionPlan.filters.status', { status: t(`actionPlan.statuses.${filters.status}`) }) : '',
    filters.city ? t('actionPlan.filters.city', { city: context.cityName(filters.city) }) : '',
  ].filter(Boolean);
  return parts.length ? formatList(parts, context.language) : '';
}

type Node = Y.XmlElement | Y.XmlText;

const text = (value: string, bold = false) => {
  const node = new Y.XmlText();
  if (value) node.insert(0, value, bold ? { bold: true } : {});
  return node;
};
const element = (name: string, children: Node[]) => {
  const el = new Y.XmlElement(name);
  el.insert(0, children);
  return el;
};
const paragraph = (children: Node[]) => element('paragraph', children);

/**
 * The plan as document parts (a line saying how many events and which filters, then the table
 * with a header row) in a scratch document the caller destroys after rendering: read by the same
 * Word, Markdown and HTML renderers as every other document, so the table is a real table in each.
 */
export function actionPlanParts(rows: ActionPlanRow[], filters: PlanFilters, context: PlanContext): { parts: DocumentPart[]; scratch: Y.Doc } {
  const t = translatorFor(context.language);
  const scratch = new Y.Doc();
  const fragment = scratch.getXmlFragment('plan');
  const described = describeFilters(filters, context);
  const summary = [t('actionPlan.count', { count: rows.length }), described ? t('actionPlan.filteredBy', { filters: described }) : '']
    .filter(Boolean)
    .join(' · ');
  const cell = (tag: 'tableHeader' | 'tableCell', value: string) => element(tag, [paragraph([text(value)])]);
  const table = element('table', [
    element(
      'tableRow',
      planHeaders(context.language).map((header) => cell('tableHeader', header)),
    ),
    ...rows.map((row) =>
      element(
        'tableRow',
        ACTION_PLAN_COLUMNS.map((column) => cell('tableCell', column === 'event' && !row.event ? t('actionPlan.untitled') : planCell(row, column, context))),
      ),
    ),
  ]);
  fragment.insert(0, [paragraph([text(summary)]), ...(rows.length ? [table] : [])]);
  return { parts: [{ fragment }], scratch };
}
