import * as Y from 'yjs';

/**
 * Free-text fields held inside shared documents (an agenda item's title and presenter, the text
 * cells of the action plan, a budget line's description, a timeline activity, a section's title):
 * each is a Y.Text edited by character-level changes, so two people typing into the same field at
 * once both keep every character, as in the rich-text editor.
 *
 * Documents written before kept these fields as plain strings in their Y.Map (last writer wins).
 * Every reader therefore accepts both forms ({@link textOf}, {@link cellText}; `Y.Map#toJSON()`
 * already turns a Y.Text into its string), and a string becomes a Y.Text with the same content the
 * first time someone edits it ({@link editableText}, {@link writeText}).
 */

/** The text of a field as stored: a Y.Text, a string (documents of before), or nothing (''). */
export function textOf(value: unknown): string {
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

/** The text of one field of a row (a Y.Map of cells), whichever form it is stored in. */
export function cellText(cells: Y.Map<unknown> | undefined, key: string): string {
  return textOf(cells?.get(key));
}

/** A new Y.Text holding `value`, to put into a row being created. */
export function newText(value = ''): Y.Text {
  const text = new Y.Text();
  if (value) text.insert(0, value);
  return text;
}

/** One change of a string: at `index`, `remove` characters go and `insert` comes in their place. */
export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest single change that turns `before` into `after`: the common prefix and suffix are
 * kept. `caret`, the caret in `after` once the change was made (an input's `selectionEnd`), picks
 * the right place when it is ambiguous (typing `a` into `aa` between the two letters): the suffix
 * never reaches before the caret. A surrogate pair is never split (Yjs would store a half as U+FFFD).
 * Null when the two are equal.
 */
export function textChange(before: string, after: string, caret?: number): TextChange | null {
  if (before === after) return null;
  const shortest = Math.min(before.length, after.length);
  let suffix = 0;
  const suffixLimit = caret === undefined ? shortest : Math.min(shortest, Math.max(0, after.length - caret));
  while (suffix < suffixLimit && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  let prefix = 0;
  const prefixLimit = shortest - suffix;
  while (prefix < prefixLimit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Keep surrogate pairs whole on both edges.
  if (prefix > 0 && isHigh(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLow(before.charCodeAt(before.length - suffix))) suffix--;
  return { index: prefix, remove: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}

/** Applies a {@link TextChange} to a Y.Text (call inside a transaction to make it one update). */
export function applyTextChange(text: Y.Text, change: TextChange): void {
  if (change.remove > 0) text.delete(change.index, change.remove);
  if (change.insert) text.insert(change.index, change.insert);
}

/**
 * The Y.Text of a field, ready to be edited: a field still stored as a string (or missing) is
 * replaced by a Y.Text with the same content first, in the caller's transaction. Null when the
 * cell holds something else (a rich-text fragment, a number).
 */
export function editableText(cells: Y.Map<unknown>, key: string): Y.Text | null {
  const value = cells.get(key);
  if (value instanceof Y.Text) return value;
  if (value !== undefined && typeof value !== 'string') return null;
  const text = newText(value ?? '');
  cells.set(key, text);
  return text;
}

/**
 * Sets a field to `value` as an edit of its text (the server's writers, an import): only what
 * differs changes, so what others type at the same time elsewhere in the field stays. A string
 * field becomes a Y.Text. Returns whether anything changed.
 */
export function writeText(cells: Y.Map<unknown>, key: string, value: string): boolean {
  const current = cells.get(key);
  if (current instanceof Y.Text) {
    const change = textChange(current.toString(), value);
    if (!change) return false;
    const run = () => applyTextChange(current, change);
    if (current.doc) current.doc.transact(run);
    else run();
    return true;
  }
  if (current !== undefined && typeof current !== 'string') return false;
  if (current === value) return false;
  cells.set(key, newText(value));
  return true;
}

/** The text fields of each kind of row (everything else in a row is a number, a choice or an id). */
export const TEXT_FIELDS = {
  agendaItem: ['title', 'presenter'],
  actionPlanRow: ['event', 'place', 'experts', 'support', 'notes'],
  budgetLine: ['description'],
  timelineRow: ['activity'],
  section: ['title'],
} as const;

/**
 * Converts every text field of every row of a Y.Map-of-rows still stored as a string into a Y.Text
 * with the same content (one transaction). Returns how many fields it converted.
 */
export function convertTextFields(rows: Y.Map<Y.Map<unknown>>, fields: readonly string[]): number {
  let converted = 0;
  const run = () => {
    for (const cells of rows.values()) {
      if (!(cells instanceof Y.Map)) continue;
      for (const key of fields) {
        const value = cells.get(key);
        if (typeof value === 'string') {
          cells.set(key, newText(value));
          converted++;
        }
      }
    }
  };
  if (rows.doc) rows.doc.transact(run);
  else run();
  return converted;
}
