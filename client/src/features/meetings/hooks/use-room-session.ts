import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type City, type DocumentPermissions, type MeetingView } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { fetchCities, fetchMeeting, fetchMinutesPermissions, meetingKeys } from '../api.ts';
import { useRoom, type Room } from './use-room.ts';

/** No cities (yet): one list, so renders compare equal. */
const NO_CITIES: City[] = [];

/** Everything the room page holds for one meeting: its record, the cities, the live room and the person's rights on the minutes. */
export interface RoomSession {
  /** The meeting, null until loaded. */
  meeting: MeetingView | null;
  cities: City[];
  /** The live room (state, clock offset, commands) over socket.io. */
  room: Room;
  /** What the person may do with the minutes, null until known. */
  permissions: DocumentPermissions | null;
  /** Error code of a failed load (translated by the page), or null. */
  error: ClientErrorCode | null;
}

/**
 * Loads a meeting and the cities, joins its live room and asks what the person may do with the
 * minutes, again whenever the minutes' status changes (approved minutes are locked).
 */
export function useRoomSession(id: string): RoomSession {
  const meetingQuery = useQuery({ queryKey: meetingKeys.meeting(id), queryFn: ({ signal }) => fetchMeeting(id, signal) });
  const citiesQuery = useQuery({ queryKey: meetingKeys.cities, queryFn: ({ signal }) => fetchCities(signal) });
  const room = useRoom(id);
  // The meeting shows once the cities are there too, as one load.
  const loaded = meetingQuery.data && citiesQuery.data ? { meeting: meetingQuery.data, cities: citiesQuery.data } : null;
  const minutesStatus = room.state?.minutesStatus ?? loaded?.meeting.minutesStatus;
  // What the person may do with the minutes, asked again when they are approved (then locked);
  // the rights known so far stay until the new answer comes.
  const permissionsQuery = useQuery({
    queryKey: meetingKeys.minutesPermissions(id, minutesStatus),
    queryFn: ({ signal }) => fetchMinutesPermissions(id, signal),
    placeholderData: keepPreviousData,
  });
  const failed = meetingQuery.error ?? citiesQuery.error ?? permissionsQuery.error;

  return {
    meeting: loaded?.meeting ?? null,
    cities: loaded?.cities ?? NO_CITIES,
    room,
    permissions: permissionsQuery.data ?? null,
    error: failed ? errorCode(failed) : null,
  };
}
