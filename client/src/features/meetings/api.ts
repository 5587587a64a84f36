import { agendaDocName, minutesDocName, type ActionItemStatus, type MeetingInput } from '@dialogo/shared';
import { data, rpc, withSignal } from '../../lib/rpc.ts';

const meeting = (id: string) => ({ param: { id } });

/** Query keys of the meetings feature. */
export const meetingKeys = {
  list: ['meetings', 'list'] as const,
  /** One meeting (its page and its room share it). */
  meeting: (id: string) => ['meetings', 'meeting', id] as const,
  /** What the reader may do with a meeting's minutes, asked again for each status of the minutes. */
  minutesPermissions: (id: string, status: string | undefined) => ['meetings', 'minutes-permissions', id, status ?? null] as const,
  cities: ['meetings', 'cities'] as const,
  actionItems: (filters: ActionItemFilters) => ['meetings', 'action-items', filters] as const,
};

/** The meetings the reader may see, and whether they may schedule one (`can.create`). */
export async function fetchMeetings(signal?: AbortSignal) {
  return data(rpc.meetings.$get(undefined, withSignal(signal)));
}

export async function fetchMeeting(id: string, signal?: AbortSignal) {
  return (await data(rpc.meetings[':id'].$get(meeting(id), withSignal(signal)))).meeting;
}

export async function createMeeting(input: MeetingInput) {
  return (await data(rpc.meetings.$post({ json: input }))).meeting;
}

/** What the signed-in person may do with the meeting's minutes (asked again once they are approved). */
export async function fetchMinutesPermissions(id: string, signal?: AbortSignal) {
  return (await data(rpc.documents[':name'].$get({ param: { name: minutesDocName(id) } }, withSignal(signal)))).permissions;
}

/** The member cities (archived ones left out). */
export async function fetchCities(signal?: AbortSignal) {
  const { cities } = await data(rpc.cities.$get(undefined, withSignal(signal)));
  return cities.filter((city) => !city.archived);
}

/** The action items page's filters (empty: not filtered). */
export interface ActionItemFilters {
  city: string;
  status: string;
  overdue: boolean;
}

function actionItemsQuery(filters: ActionItemFilters) {
  return {
    ...(filters.city ? { city: filters.city } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.overdue ? { overdue: 'true' } : {}),
  };
}

export async function fetchActionItems(filters: ActionItemFilters, signal?: AbortSignal) {
  return (await data(rpc['action-items'].$get({ query: actionItemsQuery(filters) }, withSignal(signal)))).items;
}

/** The spreadsheet of the action items the filters show. */
export function actionItemsXlsxUrl(filters: ActionItemFilters): string {
  const text = new URLSearchParams(actionItemsQuery(filters)).toString();
  return `/api/action-items/export.xlsx${text ? `?${text}` : ''}`;
}

export async function setActionItemStatus(item: { meetingId: string; id: string }, status: ActionItemStatus) {
  return (await data(rpc['action-items'][':meetingId'][':id'].$patch({ param: { meetingId: item.meetingId, id: item.id }, json: { status } }))).item;
}

export const meetingIcsUrl = (id: string) => `/api/meetings/${encodeURIComponent(id)}/ics`;
export const calendarIcsUrl = '/api/meetings/calendar.ics';
/** A meeting's pack to send before it (agenda, registrations, linked polls, open action items), as PDF or Word, in `language`. */
export const meetingPackUrl = (id: string, format: 'pdf' | 'docx', language: string) =>
  `/api/documents/${encodeURIComponent(agendaDocName(id))}/pack.${format}?lang=${language.startsWith('en') ? 'en' : 'it'}`;

/** Registers the signed-in person to attend, or takes the registration back. */
export async function setRegistration(id: string, registered: boolean) {
  const registration = rpc.meetings[':id'].registration;
  return (await data(registered ? registration.$post(meeting(id)) : registration.$delete(meeting(id)))).meeting;
}

export async function updateMeeting(id: string, change: Partial<MeetingInput>) {
  return (await data(rpc.meetings[':id'].$patch({ ...meeting(id), json: change }))).meeting;
}

/** Cancels a meeting (coordinators): its participants are mailed a calendar cancellation. */
export async function cancelMeeting(id: string) {
  return (await data(rpc.meetings[':id'].cancel.$post(meeting(id)))).meeting;
}
