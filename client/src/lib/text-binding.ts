/**
 * The pure part of the binding between a plain `<input>`/`<textarea>` and a Y.Text (see
 * `CollabTextInput`): what a local edit changed is `textChange` (shared), and what a remote change
 * does to the local caret and selection is here, so that a letter typed by someone else before the
 * caret moves the caret with the text instead of leaving it behind.
 */
import { textChange } from '@dialogo/shared';

/** One operation of a Y.Text change (`Y.YTextEvent#delta`): keep, insert or delete characters. */
export type DeltaOp = { retain: number } | { insert: string | object } | { delete: number };

/** A selection in an input: `start` ≤ `end`, and which end the caret is at. */
export interface Selection {
  start: number;
  end: number;
  direction: 'forward' | 'backward' | 'none';
}

/**
 * Where `index` is once `delta` has been applied. Text inserted exactly at the index goes after
 * it (the caret stays before what someone else types where it stands, so the two people's words
 * do not interleave when both type at the end of a field); deleted text around it pulls it back to
 * where the deletion started.
 */
export function mapIndex(index: number, delta: readonly DeltaOp[]): number {
  let position = 0; // in the old text
  let shift = 0;
  for (const op of delta) {
    if (position > index) break;
    if ('retain' in op) {
      position += op.retain;
    } else if ('insert' in op) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (position < index) shift += length;
      else break; // an insertion at the index itself goes after it
    } else if ('delete' in op) {
      const removed = Math.min(op.delete, Math.max(0, index - position));
      shift -= removed;
      position += op.delete;
    }
  }
  return Math.max(0, index + shift);
}

/** A selection once `delta` has been applied: both ends mapped, never crossing. */
export function mapSelection(selection: Selection, delta: readonly DeltaOp[]): Selection {
  const start = mapIndex(selection.start, delta);
  const end = Math.max(start, mapIndex(selection.end, delta));
  return { start, end, direction: selection.direction };
}

/**
 * Two people turned the same plain-string field (of a document written before fields were Y.Text)
 * into a Y.Text at the same moment: one Y.Text wins, the other (with what its writer typed) is
 * dropped. The loser's edit, `base` → `mine`, is carried over onto the winner's `theirs` (which
 * started from the same `base`): the change is placed where it was, moved by what the winner
 * changed before it; where both changed the same letters, theirs stands and mine is added after it
 * (text is kept rather than removed). Returns the change to make to `theirs`, or null when nothing of mine is missing.
 */
export function carryOver(base: string, mine: string, theirs: string): { index: number; remove: number; insert: string } | null {
  const ours = textChange(base, mine);
  if (!ours) return null;
  const their = textChange(base, theirs);
  if (!their) return ours;
  const overlap = their.index < ours.index + ours.remove && ours.index < their.index + their.remove;
  if (overlap || (their.index === ours.index && their.remove + ours.remove > 0)) {
    // Both changed the same letters: theirs stands, mine is added after it (nothing more removed).
    return ours.insert ? { index: their.index + their.insert.length, remove: 0, insert: ours.insert } : null;
  }
  // Apart: my change moves by what theirs changed before it (an insertion at the same place goes first).
  const index = their.index <= ours.index ? ours.index + their.insert.length - their.remove : ours.index;
  return { index, remove: ours.remove, insert: ours.insert };
}
