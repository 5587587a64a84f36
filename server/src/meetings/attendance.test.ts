import { describe, expect, it } from 'vitest';
import { EMPTY_LIVE, type Meeting } from '@dialogo/shared';
import { closeAttendance, normalizeAttendance, openAttendance } from './attendance.ts';

const base: Meeting = {
  id: 'm',
  title: 'Coordination',
  startsAt: '2020-06-18T08:00:00.000Z',
  endsAt: '2020-06-18T10:00:00.000Z',
  onlineUrl: '',
  place: '',
  hostCityId: '',
  experts: '',
  support: '',
  notes: '',
  participants: { cities: [], people: [] },
  visibility: 'network',
  status: 'planned',
  minutesStatus: 'open',
  approvedAt: null,
  approvedBy: null,
  createdAt: '2020-06-01T00:00:00.000Z',
  live: EMPTY_LIVE,
  attendance: [],
};
const at = (hhmm: string) => `2020-06-18T${hhmm}:00.000Z`;
const sara = { id: 'sara', name: 'Sara Lombardi', cityId: 'torino' };
const row = (personId: string, joinedAt: string, leftAt: string | null) => ({
  personId,
  name: personId,
  cityId: personId === 'sara' ? 'torino' : 'arezzo',
  joinedAt,
  leftAt,
});

describe('attendance', () => {
  it('reads the rows of before (one per page visit) as one entry per person, within the time the meeting ran', () => {
    const stored = {
      ...base,
      status: 'closed',
      live: { ...EMPTY_LIVE, startedAt: at('08:00'), endedAt: at('10:00') },
      // As the code of before wrote them: a visit before the start, reloads, a visit after the end, a stretch never closed.
      attendance: [
        row('sara', at('07:50'), at('08:10')),
        row('sara', at('08:10'), at('08:30')),
        row('sara', at('08:30'), at('08:40')),
        row('sara', at('09:00'), null),
        row('sara', at('10:30'), at('10:45')),
        row('paolo', at('07:00'), at('07:30')),
        row('paolo', at('11:00'), at('11:05')),
      ],
    } as unknown as Meeting;
    const read = normalizeAttendance(stored);
    expect(read.attendance).toEqual([
      {
        personId: 'sara',
        name: 'sara',
        cityId: 'torino',
        joinedAt: at('08:00'),
        leftAt: at('10:00'),
        stretches: [
          { joinedAt: at('08:00'), leftAt: at('08:40') },
          { joinedAt: at('09:00'), leftAt: at('10:00') },
        ],
      },
    ]);
    // Reading again changes nothing.
    expect(normalizeAttendance(read)).toEqual(read);
  });

  it('counts nobody for a meeting that never started, whatever was stored', () => {
    const stored = { ...base, attendance: [row('sara', at('08:00'), at('09:00'))] } as unknown as Meeting;
    expect(normalizeAttendance(stored).attendance).toEqual([]);
  });

  it('opens a stretch only while the meeting runs, continues it after a reload and starts another after a real absence', () => {
    expect(openAttendance(base, sara, at('07:55'))).toBeUndefined();
    const live: Meeting = { ...base, status: 'live', live: { ...EMPTY_LIVE, startedAt: at('08:00') } };
    let m = openAttendance(live, sara, at('08:01'))!;
    // A second tab: nothing new.
    expect(openAttendance(m, sara, at('08:02'))).toBeUndefined();
    m = closeAttendance(m, 'sara', at('08:20'))!;
    // A reload half a minute later continues the same stretch.
    m = openAttendance(m, sara, at('08:20').replace(':00.000Z', ':30.000Z'))!;
    expect(m.attendance).toHaveLength(1);
    expect(m.attendance[0]!.stretches).toEqual([{ joinedAt: at('08:01'), leftAt: null }]);
    m = closeAttendance(m, 'sara', at('08:40'))!;
    m = openAttendance(m, sara, at('09:00'))!;
    expect(m.attendance).toHaveLength(1);
    expect(m.attendance[0]).toMatchObject({
      joinedAt: at('08:01'),
      leftAt: null,
      stretches: [
        { joinedAt: at('08:01'), leftAt: at('08:40') },
        { joinedAt: at('09:00'), leftAt: null },
      ],
    });
    // Once ended, a visit is not attendance.
    const ended: Meeting = { ...closeAttendance(m, null, at('10:00'))!, status: 'closed', live: { ...m.live, endedAt: at('10:00') } };
    expect(openAttendance(ended, sara, at('10:30'))).toBeUndefined();
    expect(ended.attendance[0]!.leftAt).toBe(at('10:00'));
  });
});
