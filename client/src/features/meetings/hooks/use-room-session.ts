import { useEffect, useState } from 'react';
import { type City, type DocumentPermissions, type MeetingView } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { fetchCities, fetchMeeting, fetchMinutesPermissions } from '../api.ts';
import { useRoom, type Room } from './use-room.ts';

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
  const [meeting, setMeeting] = useState<MeetingView | null>(null);
  const [cities, setCities] = useState<City[]>([]);
  const [permissions, setPermissions] = useState<DocumentPermissions | null>(null);
  const [error, setError] = useState<ClientErrorCode | null>(null);
  const room = useRoom(id);
  const minutesStatus = room.state?.minutesStatus ?? meeting?.minutesStatus;

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([fetchMeeting(id, controller.signal), fetchCities(controller.signal)]).then(
      ([m, c]) => {
        setMeeting(m);
        setCities(c);
      },
      (err: unknown) => !controller.signal.aborted && setError(errorCode(err)),
    );
    return () => controller.abort();
  }, [id]);

  // What the person may do with the minutes, asked again when they are approved (then locked).
  useEffect(() => {
    const controller = new AbortController();
    fetchMinutesPermissions(id, controller.signal).then(setPermissions, (err: unknown) => !controller.signal.aborted && setError(errorCode(err)));
    return () => controller.abort();
  }, [id, minutesStatus]);

  return { meeting, cities, room, permissions, error };
}
