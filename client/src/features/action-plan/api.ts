import { ACTION_PLAN_DOC, type DecisionSource } from '@dialogo/shared';
import { data, rpc, withSignal } from '../../lib/rpc.ts';

/** Query keys of the action plan page. */
export const planKeys = { permissions: ['action-plan', 'permissions'] as const, cities: ['action-plan', 'cities'] as const };

/** What the signed-in person may do with the action plan (`manage`: schedule rows as meetings, publish). */
export async function fetchPlanPermissions(signal?: AbortSignal) {
  return (await data(rpc.documents[':name'].$get({ param: { name: ACTION_PLAN_DOC } }, withSignal(signal)))).permissions;
}

/** The member cities, for the place column and the city filter. */
export async function fetchCities(signal?: AbortSignal) {
  const { cities } = await data(rpc.cities.$get(undefined, withSignal(signal)));
  return cities.filter((city) => !city.archived);
}

/** The address of an export of the plan (CSV, spreadsheet, Word, PDF, Markdown, page to print) for the current filters. */
export function exportUrl(format: 'csv' | 'xlsx' | 'docx' | 'pdf' | 'md' | 'html', filters: { year: string; status: string; city: string }): string {
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
  const text = query.toString();
  return `/api/action-plan/export.${format}${text ? `?${text}` : ''}`;
}

/** The CSV export's address for the current filters. */
export function csvUrl(filters: { year: string; status: string; city: string }): string {
  return exportUrl('csv', filters);
}

/** Turns a row into a scheduled meeting (coordinators); the row then links to it. */
export async function scheduleRowAsMeeting(rowId: string) {
  return (await data(rpc['action-plan'].rows[':rowId'].meeting.$post({ param: { rowId } }))).meeting;
}

/** The iCalendar export of the plan's dated rows, for the current filters. */
export function icsUrl(filters: { year: string; status: string; city: string }): string {
  return csvUrl(filters).replace('/export.csv', '/calendar.ics');
}

/** A decision (a closed poll, a decision in the minutes) becomes a row of the plan, linked to it. */
export async function addFollowUp(source: DecisionSource) {
  return (await data(rpc['action-plan'].rows['from-decision'].$post({ json: source }))).row;
}
