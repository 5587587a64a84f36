import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { refreshAfterChanges } from '../../lib/editor-decorations.ts';
import { authorRanges } from './authorship.ts';

/** How text is coloured: by nobody (off), or by the colour each client id gets. */
export type ColourOf = (client: number) => string | null;

interface AttributionState {
  colourOf: ColourOf | null;
  decorations: DecorationSet;
}

export const attributionKey = new PluginKey<AttributionState>('attribution');

function decorate(state: EditorState, colourOf: ColourOf | null): DecorationSet {
  if (!colourOf) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  for (const range of authorRanges(state)) {
    const colour = colourOf(range.client);
    if (colour) decorations.push(Decoration.inline(range.from, range.to, { class: 'authored', style: `--author: ${colour}` }));
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Colours the text by who wrote it while the toggle is on (`colourOf` handed over in a meta). */
export const AuthorshipHighlights = Extension.create({
  name: 'authorshipHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<AttributionState>({
        key: attributionKey,
        state: {
          init: () => ({ colourOf: null, decorations: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(attributionKey) as { colourOf?: ColourOf | null } | undefined;
            if (meta) {
              const colourOf = 'colourOf' in meta ? (meta.colourOf ?? null) : value.colourOf;
              return { colourOf, decorations: decorate(state, colourOf) };
            }
            if (tr.docChanged && value.colourOf) return { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) };
            return value;
          },
        },
        props: {
          decorations: (state) => attributionKey.getState(state)?.decorations,
        },
        view: () => refreshAfterChanges(attributionKey, (view) => !!attributionKey.getState(view.state)?.colourOf),
      }),
    ];
  },
});
