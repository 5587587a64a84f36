/**
 * Between ProseMirror positions and the Yjs relative positions a thread is stored with. The
 * Collaboration extension's sync plugin knows which Yjs item each ProseMirror node came from; a
 * relative position names an item, so it follows its characters through everyone's edits.
 */
import * as Y from 'yjs';
import type { EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import { COMMENT_QUOTE_MAX, type CommentAnchor } from '@dialogo/shared';
import { syncState } from '../../lib/editor-decorations.ts';

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The anchor and quoted text of the current selection, or null when nothing is selected. */
export function selectionAnchor(state: EditorState): { anchor: CommentAnchor; quote: string } | null {
  const { from, to, empty } = state.selection;
  const sync = syncState(state);
  if (empty || !sync) return null;
  const mapping = sync.mapping as never;
  const start = absolutePositionToRelativePosition(from, sync.type, mapping);
  const end = absolutePositionToRelativePosition(to, sync.type, mapping);
  const quote = state.doc.textBetween(from, to, ' ').slice(0, COMMENT_QUOTE_MAX);
  return { anchor: { start: toBase64(Y.encodeRelativePosition(start)), end: toBase64(Y.encodeRelativePosition(end)) }, quote };
}

/** Where an anchor is now, or null when its text was deleted. */
export function resolveAnchor(state: EditorState, anchor: CommentAnchor): { from: number; to: number } | null {
  const sync = syncState(state);
  if (!sync) return null;
  const mapping = sync.mapping as never;
  try {
    const from = relativePositionToAbsolutePosition(sync.doc, sync.type, Y.decodeRelativePosition(fromBase64(anchor.start)), mapping);
    const to = relativePositionToAbsolutePosition(sync.doc, sync.type, Y.decodeRelativePosition(fromBase64(anchor.end)), mapping);
    if (from === null || to === null || to <= from) return null;
    return { from, to };
  } catch {
    return null; // an anchor from a damaged record hides its highlight, nothing more
  }
}
