import { agendaDocName, type ActionItem, type ActionItemStatus, type City, type MeetingInput, type MeetingView } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

export async function fetchMeetings(signal?: AbortSignal): Promise<MeetingView[]> {
  return (await api.get<{ meetings: MeetingView[] }>('/api/meetings', signal)).meetings;
}

export async function fetchMeeting(id: string, signal?: AbortSignal): Promise<MeetingView> {
  return (await api.get<{ meeting: MeetingView }>(`/api/meetings/${encodeURIComponent(id)}`, signal)).meeting;
}

export async function createMeeting(input: MeetingInput): Promise<MeetingView> {
  return (await api.post<{ meeting: MeetingView }>('/api/meetings', input)).meeting;
}

export async function approveMinutes(id: string): Promise<MeetingView> {
  return (await api.post<{ meeting: MeetingView }>(`/api/meetings/${encodeURIComponent(id)}/approve`, {})).meeting;
}

export async function fetchCities(signal?: AbortSignal): Promise<City[]> {
  const { cities } = await api.get<{ cities: City[] }>('/api/cities', signal);
  return cities.filter((city) => !city.archived);
}

function actionItemsQuery(filters: { city: string; status: string; overdue: boolean }): string {
  const query = new URLSearchParams();
  if (filters.city) query.set('city', filters.city);
  if (filters.status) query.set('status', filters.status);
  if (filters.overdue) query.set('overdue', 'true');
  const text = query.toString();
  return text ? `?${text}` : '';
}

export async function fetchActionItems(filters: { city: string; status: string; overdue: boolean }, signal?: AbortSignal): Promise<ActionItem[]> {
  return (await api.get<{ items: ActionItem[] }>(`/api/action-items${actionItemsQuery(filters)}`, signal)).items;
}

/** The spreadsheet of the action items the filters show. */
export function actionItemsXlsxUrl(filters: { city: string; status: string; overdue: boolean }): string {
  return `/api/action-items/export.xlsx${actionItemsQuery(filters)}`;
}

export async function setActionItemStatus(item: Pick<ActionItem, 'meetingId' | 'id'>, status: ActionItemStatus): Promise<ActionItem> {
  return (await api.patch<{ item: ActionItem }>(`/api/action-items/${encodeURIComponent(item.meetingId)}/${encodeURIComponent(item.id)}`, { status })).item;
}

export const meetingIcsUrl = (id: string) => `/api/meetings/${encodeURIComponent(id)}/ics`;
export const calendarIcsUrl = '/api/meetings/calendar.ics';
/** A meeting's pack to send before it (agenda, registrations, linked polls, open action items), as PDF or Word, in `language`. */
export const meetingPackUrl = (id: string, format: 'pdf' | 'docx', language: string) =>
  `/api/documents/${encodeURIComponent(agendaDocName(id))}/pack.${format}?lang=${language.startsWith('en') ? 'en' : 'it'}`;

/** Registers the signed-in person to attend, or takes the registration back. */
export async function setRegistration(id: string, registered: boolean): Promise<MeetingView> {
  const path = `/api/meetings/${encodeURIComponent(id)}/registration`;
  return (registered ? await api.post<{ meeting: MeetingView }>(path, {}) : await api.delete<{ meeting: MeetingView }>(path)).meeting;
}

export async function updateMeeting(id: string, change: Partial<MeetingInput>): Promise<MeetingView> {
  return (await api.patch<{ meeting: MeetingView }>(`/api/meetings/${encodeURIComponent(id)}`, change)).meeting;
}

/** Cancels a meeting (coordinators): its participants are mailed a calendar cancellation. */
export async function cancelMeeting(id: string): Promise<MeetingView> {
  return (await api.post<{ meeting: MeetingView }>(`/api/meetings/${encodeURIComponent(id)}/cancel`, {})).meeting;
}
