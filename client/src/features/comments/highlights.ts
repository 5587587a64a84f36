import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { CommentThread } from '@dialogo/shared';
import { refreshAfterChanges } from '../../lib/editor-decorations.ts';
import { resolveAnchor } from './anchors.ts';

interface HighlightState {
  threads: readonly CommentThread[];
  active: string | null;
  decorations: DecorationSet;
}

export const commentHighlightsKey = new PluginKey<HighlightState>('commentHighlights');

function decorate(state: EditorState, threads: readonly CommentThread[], active: string | null): DecorationSet {
  const decorations: Decoration[] = [];
  for (const thread of threads) {
    if (thread.resolved) continue;
    const range = resolveAnchor(state, thread.anchor);
    if (!range) continue;
    const cls = thread.id === active ? 'comment-anchor comment-anchor--active' : 'comment-anchor';
    decorations.push(Decoration.inline(range.from, range.to, { class: cls, 'data-thread': thread.id }));
  }
  return DecorationSet.create(state.doc, decorations);
}

/**
 * Marks the text of open threads in the editor. The threads are not part of the document: they
 * come from the API and are handed over with a transaction meta; the marks are recomputed from the
 * anchors whenever the text changes, so remote edits move them with their words.
 */
export const CommentHighlights = Extension.create({
  name: 'commentHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key: commentHighlightsKey,
        state: {
          init: () => ({ threads: [], active: null, decorations: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(commentHighlightsKey) as Partial<Pick<HighlightState, 'threads' | 'active'>> | undefined;
            if (meta) {
              const threads = meta.threads ?? value.threads;
              const active = 'active' in meta ? (meta.active ?? null) : value.active;
              return { threads, active, decorations: decorate(state, threads, active) };
            }
            // The sync plugin updates its Yjs mapping only after this transaction: follow the
            // change for now, and recompute from the anchors just after (`refreshAfterChanges`).
            if (tr.docChanged) return { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) };
            return value;
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
        },
        view: () => refreshAfterChanges(commentHighlightsKey, (view) => !!commentHighlightsKey.getState(view.state)?.threads.length),
      }),
    ];
  },
});
