import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, MeetingView, NetworkDashboard, RoomState } from '@dialogo/shared';
import { closeAllLiveClients, liveClient, type LiveClient } from '../helpers/live-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Issue 18: attendance is one record per person per meeting, counted only while the meeting runs.
 * Opening the room of a meeting that never started is not "a meeting attended"; coming back after a
 * reload does not add rows; a visit after the end counts nothing; the dashboard follows.
 */
describe('attendance', () => {
  let server: TestServer;
  let admin: string;
  const city: Record<'torino' | 'arezzo', string> = { torino: '', arezzo: '' };
  const cookie: Record<'torino' | 'arezzo', string> = { torino: '', arezzo: '' };

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
    for (const [key, name] of [
      ['torino', 'Torino'],
      ['arezzo', 'Arezzo'],
    ] as const) {
      city[key] = await createCity(server.url, admin, name);
      cookie[key] = (
        await createMember(server.url, admin, { role: 'delegate', cityId: city[key], name: `Delegate ${name}`, email: `${key}@attendance.test` })
      ).cookie;
    }
  });

  afterAll(async () => {
    closeAllLiveClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  const emit = (socket: LiveClient, event: 'meeting:join' | 'meeting:leave' | 'meeting:control', input: object) =>
    new Promise<Ack<RoomState | null>>((resolve) =>
      (socket.emit as (e: string, i: unknown, ack: (a: Ack<RoomState | null>) => void) => void)(event, input, resolve),
    );
  const meetingOf = async (id: string) =>
    ((await (await api(server.url, `/api/meetings/${id}`, { cookie: admin })).json()) as { meeting: MeetingView }).meeting;
  const attended = async (key: 'torino' | 'arezzo') => {
    const { dashboard } = (await (await api(server.url, '/api/network/dashboard', { cookie: admin })).json()) as { dashboard: NetworkDashboard };
    return dashboard.cities.find((c) => c.cityId === city[key])!.meetingsAttended;
  };
  const create = async (title: string) => {
    const res = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { title, startsAt: '2026-06-18T08:00:00Z', endsAt: '2026-06-18T10:00:00Z' },
    });
    return ((await res.json()) as { meeting: MeetingView }).meeting;
  };

  it('does not count opening the room of a meeting that never started', async () => {
    const meeting = await create('Never started');
    for (let visit = 0; visit < 3; visit++) {
      const socket = await liveClient(server.url, { cookie: cookie.torino });
      expect((await emit(socket, 'meeting:join', { meetingId: meeting.id })).ok).toBe(true);
      await emit(socket, 'meeting:leave', { meetingId: meeting.id });
      socket.disconnect();
    }
    expect((await meetingOf(meeting.id)).attendance).toEqual([]);
    expect(await attended('torino')).toBe(0);
  });

  it('keeps one record per person with their stretches merged, only while the meeting runs', async () => {
    const meeting = await create('Coordination');
    // Torino is in the room before the start: attendance starts with the meeting.
    const first = await liveClient(server.url, { cookie: cookie.torino });
    expect((await emit(first, 'meeting:join', { meetingId: meeting.id })).ok).toBe(true);
    const chair = await liveClient(server.url, { cookie: admin });
    const started = await emit(chair, 'meeting:control', { meetingId: meeting.id, command: 'start' });
    expect(started.ok).toBe(true);
    await eventually(async () => {
      const m = await meetingOf(meeting.id);
      expect(m.attendance.map((a) => [a.cityId, a.joinedAt, a.leftAt])).toEqual([[city.torino, m.live.startedAt, null]]);
    });

    // Reloads: four more page visits, each leaving and coming back at once.
    let socket = first;
    for (let visit = 0; visit < 4; visit++) {
      await emit(socket, 'meeting:leave', { meetingId: meeting.id });
      socket.disconnect();
      socket = await liveClient(server.url, { cookie: cookie.torino });
      expect((await emit(socket, 'meeting:join', { meetingId: meeting.id })).ok).toBe(true);
    }
    const during = await meetingOf(meeting.id);
    expect(during.attendance).toHaveLength(1);
    expect(during.attendance[0]!.stretches).toHaveLength(1);

    // The chair ends it; Arezzo opens the room afterwards: not attendance.
    expect((await emit(chair, 'meeting:control', { meetingId: meeting.id, command: 'end' })).ok).toBe(true);
    const late = await liveClient(server.url, { cookie: cookie.arezzo });
    expect((await emit(late, 'meeting:join', { meetingId: meeting.id })).ok).toBe(true);
    await emit(late, 'meeting:leave', { meetingId: meeting.id });
    await emit(socket, 'meeting:leave', { meetingId: meeting.id });

    const after = await meetingOf(meeting.id);
    expect(after.attendance.map((a) => a.cityId)).toEqual([city.torino]);
    expect(after.attendance[0]!.leftAt).toBe(after.live.endedAt);
    expect(await attended('torino')).toBe(1);
    expect(await attended('arezzo')).toBe(0);
  });
});
