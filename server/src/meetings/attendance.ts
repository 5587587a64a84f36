import type { AttendanceEntry, AttendanceStretch, Meeting } from '@dialogo/shared';

/**
 * Attendance is one record per person per meeting: the stretches they were in the room while the
 * meeting ran (from its start to its end), merged when they overlap or follow each other within
 * {@link MERGE_GAP_MS} (a page reload, a second tab, a dropped connection). Being in the room of a
 * meeting that has not started, or after it ended, is not attendance.
 */

/** A person back in the room within this long continues their stretch rather than starting another. */
export const MERGE_GAP_MS = 60_000;

type Person = { id: string; name: string; cityId?: string | null | undefined };

/** Records written before attendance was per person: one row per visit, `joinedAt`/`leftAt` only. */
type StoredRow = Omit<AttendanceEntry, 'stretches'> & { stretches?: AttendanceStretch[] };

const ms = (iso: string) => Date.parse(iso);

/** Sorted, merged stretches: overlapping ones and ones apart by at most {@link MERGE_GAP_MS} become one. */
function mergeStretches(stretches: AttendanceStretch[]): AttendanceStretch[] {
  const sorted = [...stretches].sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
  const out: AttendanceStretch[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && (last.leftAt === null || ms(s.joinedAt) - ms(last.leftAt) <= MERGE_GAP_MS)) {
      // Still open, or reaching further: the merged stretch ends where the later one does.
      const leftAt = last.leftAt === null || s.leftAt === null ? null : s.leftAt > last.leftAt ? s.leftAt : last.leftAt;
      out[out.length - 1] = { joinedAt: last.joinedAt, leftAt };
    } else out.push({ ...s });
  }
  return out;
}

/** An entry whose `joinedAt`/`leftAt` summarize its stretches (first join, last leave or null while present). */
function entryOf(person: { personId: string; name: string; cityId: string | null }, stretches: AttendanceStretch[]): AttendanceEntry {
  const merged = mergeStretches(stretches);
  return { ...person, joinedAt: merged[0]!.joinedAt, leftAt: merged.at(-1)!.leftAt, stretches: merged };
}

/**
 * The meeting's attendance as it reads now: one entry per person, stretches cut to the time the
 * meeting ran. Stored records of before (a row per page visit, rows for a meeting never started or
 * after its end) read the same way, so nothing needs migrating; the next change stores them so.
 */
export function normalizeAttendance(m: Meeting): Meeting {
  const rows = (m.attendance ?? []) as StoredRow[];
  const startedAt = m.live?.startedAt ?? null;
  if (m.status === 'planned' || startedAt === null) return rows.length ? { ...m, attendance: [] } : m;
  const endedAt = m.status === 'closed' ? (m.live.endedAt ?? null) : null;
  const byPerson = new Map<string, { person: { personId: string; name: string; cityId: string | null }; stretches: AttendanceStretch[] }>();
  for (const row of rows) {
    const stretches = row.stretches ?? [{ joinedAt: row.joinedAt, leftAt: row.leftAt }];
    for (const s of stretches) {
      const joinedAt = s.joinedAt < startedAt ? startedAt : s.joinedAt;
      // Open at the end (the room closed while they were in it) or past it: the end.
      let leftAt = s.leftAt;
      if (endedAt !== null && (leftAt === null || leftAt > endedAt)) leftAt = endedAt;
      if (endedAt !== null && joinedAt >= endedAt) continue;
      if (leftAt !== null && leftAt <= joinedAt) continue;
      const found = byPerson.get(row.personId) ?? { person: { personId: row.personId, name: row.name, cityId: row.cityId ?? null }, stretches: [] };
      // The newest row carries the person's name and city of that time.
      found.person = { personId: row.personId, name: row.name, cityId: row.cityId ?? null };
      found.stretches.push({ joinedAt, leftAt });
      byPerson.set(row.personId, found);
    }
  }
  const attendance = [...byPerson.values()].map(({ person, stretches }) => entryOf(person, stretches)).sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
  return { ...m, attendance };
}

/** Opens (or continues) a stretch for a person in the room of a running meeting; undefined when nothing changes. */
export function openAttendance(m: Meeting, person: Person, now: string): Meeting | undefined {
  if (m.status !== 'live') return undefined;
  const existing = m.attendance.find((a) => a.personId === person.id);
  if (existing && existing.leftAt === null) return undefined;
  const stretch: AttendanceStretch = { joinedAt: now, leftAt: null };
  const entry = entryOf({ personId: person.id, name: person.name, cityId: person.cityId ?? null }, [...(existing?.stretches ?? []), stretch]);
  return { ...m, attendance: existing ? m.attendance.map((a) => (a === existing ? entry : a)) : [...m.attendance, entry] };
}

/** Opens a stretch for each of `people` (everyone in the room when the meeting starts). */
export function openAttendanceOf(m: Meeting, people: readonly Person[], now: string): Meeting {
  return people.reduce((acc, p) => openAttendance(acc, p, now) ?? acc, m);
}

/**
 * Closes the open stretch of the people `close` picks (`personId` and the stretch's start); undefined
 * when none is open.
 */
export function closeAttendanceWhere(m: Meeting, close: (personId: string, joinedAt: string) => boolean, now: string): Meeting | undefined {
  let changed = false;
  const attendance = m.attendance.map((a) => {
    const open = a.stretches.at(-1);
    if (a.leftAt !== null || !open || open.leftAt !== null || !close(a.personId, open.joinedAt)) return a;
    changed = true;
    return { ...a, leftAt: now, stretches: [...a.stretches.slice(0, -1), { joinedAt: open.joinedAt, leftAt: now }] };
  });
  return changed ? { ...m, attendance } : undefined;
}

/** Closes a person's open stretch (or everyone's, with `personId` null). */
export function closeAttendance(m: Meeting, personId: string | null, now: string): Meeting | undefined {
  return closeAttendanceWhere(m, (id) => personId === null || id === personId, now);
}
