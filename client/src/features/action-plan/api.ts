import { ACTION_PLAN_DOC, type ActionPlanRow, type City, type DecisionSource, type DocumentPermissions, type MeetingView } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

/** What the signed-in person may do with the action plan. */
export async function fetchPlanPermissions(signal?: AbortSignal): Promise<DocumentPermissions> {
  const { permissions } = await api.get<{ permissions: DocumentPermissions }>(`/api/documents/${encodeURIComponent(ACTION_PLAN_DOC)}`, signal);
  return permissions;
}

/** The member cities, for the place column and the city filter. */
export async function fetchCities(signal?: AbortSignal): Promise<City[]> {
  const { cities } = await api.get<{ cities: City[] }>('/api/cities', signal);
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
export async function scheduleRowAsMeeting(rowId: string): Promise<MeetingView> {
  const { meeting } = await api.post<{ meeting: MeetingView }>(`/api/action-plan/rows/${encodeURIComponent(rowId)}/meeting`, {});
  return meeting;
}

/** The iCalendar export of the plan's dated rows, for the current filters. */
export function icsUrl(filters: { year: string; status: string; city: string }): string {
  return csvUrl(filters).replace('/export.csv', '/calendar.ics');
}

/** A decision (a closed poll, a decision in the minutes) becomes a row of the plan, linked to it. */
export async function addFollowUp(source: DecisionSource): Promise<ActionPlanRow> {
  const { row } = await api.post<{ row: ActionPlanRow }>('/api/action-plan/rows/from-decision', source);
  return row;
}
