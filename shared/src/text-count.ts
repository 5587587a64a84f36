/*
 * Counting a section's words and characters, and its progress. Kept apart from the proposal's
 * HTTP schemas so that every editor (which shows the count) loads no validation library.
 */

export const SECTION_PROGRESS = ['empty', 'writing', 'ready'] as const;
export type SectionProgress = (typeof SECTION_PROGRESS)[number];

/** Words and characters of a section's plain text. */
export function textCount(text: string): { words: number; characters: number } {
  const trimmed = text.trim();
  return { words: trimmed ? trimmed.split(/\s+/u).length : 0, characters: [...text.replace(/\s+/gu, ' ').trim()].length };
}

/** Empty, being written or ready, from its text and its flag. */
export function sectionProgress(section: { ready?: boolean }, text: string): SectionProgress {
  if (!text.trim()) return 'empty';
  return section.ready ? 'ready' : 'writing';
}
