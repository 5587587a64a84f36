/**
 * Who is writing on this device: a display name asked once and a colour picked at random, both
 * kept in localStorage. Carets and presence show them to the other participants.
 */
import { useSyncExternalStore } from 'react';

/** localStorage keys (the browser tests set the name key before the page loads). */
export const NAME_KEY = 'dialogo.name';
export const COLOR_KEY = 'dialogo.color';

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

const HEX = /^#[0-9a-fA-F]{6}$/;
const listeners = new Set<() => void>();
let snapshot: Participant | null | undefined;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage disabled: the value lives for this visit only (kept in `snapshot`)
  }
}

/** The colour stored on this device, picking and storing one on first use. */
function ensureColor(): string {
  const stored = read(COLOR_KEY);
  if (stored && HEX.test(stored)) return stored;
  const color = PARTICIPANT_COLORS[Math.floor(Math.random() * PARTICIPANT_COLORS.length)] ?? PARTICIPANT_COLORS[0];
  write(COLOR_KEY, color);
  return color;
}

function load(): Participant | null {
  const name = read(NAME_KEY)?.trim();
  return name ? { name, color: ensureColor() } : null;
}

function getSnapshot(): Participant | null {
  if (snapshot === undefined) snapshot = load();
  return snapshot;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed the name: pick it up here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== NAME_KEY && event.key !== COLOR_KEY) return;
    snapshot = load();
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Stores the display name (trimmed) and tells every component using {@link useParticipant}. */
export function saveParticipantName(name: string): void {
  const trimmed = name.trim();
  if (!trimmed) return;
  write(NAME_KEY, trimmed);
  snapshot = { name: trimmed, color: snapshot?.color ?? ensureColor() };
  for (const listener of listeners) listener();
}

/** The participant of this device, or null until they have given a name. */
export function useParticipant(): Participant | null {
  return useSyncExternalStore(subscribe, getSnapshot);
}
