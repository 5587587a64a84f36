/**
 * How a signed-in person appears to the others while they write together: their name and a colour
 * that stays the same on every device (derived from their id), on carets and presence lists.
 */
import type { Person } from '@dialogo/shared';

/** Calm, saturated colours that keep white caret-label text readable (contrast ≥ 4.5:1). */
export const PARTICIPANT_COLORS = [
  '#1d4ed8', // blue
  '#0f766e', // teal
  '#15803d', // green
  '#a21caf', // magenta
  '#b91c1c', // red
  '#c2410c', // orange
  '#6d28d9', // violet
  '#be185d', // pink
  '#0369a1', // sky
  '#4d7c0f', // olive
] as const;

/** A participant as the editor and the caret labels need it. */
export interface Participant {
  name: string;
  /** `#rrggbb`: Tiptap's caret extension only accepts six-digit hex colours. */
  color: string;
}

/** FNV-1a: a stable, well-spread hash of a short string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The participant a person is: their name, and their colour picked from their id. */
export function participantOf(person: Pick<Person, 'id' | 'name'>): Participant {
  return { name: person.name, color: PARTICIPANT_COLORS[hash(person.id) % PARTICIPANT_COLORS.length] ?? PARTICIPANT_COLORS[0] };
}

/**
 * Colours for several people (or cities) shown side by side, as in a legend: each keeps their own
 * colour unless someone listed before them (by id) already has it, then takes the next free one.
 * Every viewer of the same set gets the same colours, and two authors share one only when there
 * are more authors than colours.
 */
export function distinctColours(ids: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<number>();
  const n = PARTICIPANT_COLORS.length;
  for (const id of [...new Set(ids)].sort()) {
    let index = hash(id) % n;
    for (let step = 0; step < n && taken.has(index); step++) index = (index + 1) % n;
    taken.add(index);
    if (taken.size >= n) taken.clear(); // every colour used: the next ones start sharing
    out.set(id, PARTICIPANT_COLORS[index]!);
  }
  return out;
}
