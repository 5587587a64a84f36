import { Extension } from '@tiptap/react';
import { Plugin } from '@tiptap/pm/state';
import './long-document.css';

/** From this many top-level blocks a document is long: its off-screen blocks skip rendering. */
export const LONG_DOC_BLOCKS = 1000;

/**
 * Marks the editable element of a long document with `is-long` (see long-document.css). The class
 * is an attribute of the editor's state, so ProseMirror sets it in the same update that renders a
 * large paste or a large document arriving, before it lays out the selection: set afterwards (on
 * the editor's 'update' event) it came too late, and placing the caret laid out all 2,000
 * paragraphs of a 2 MB paste (1.9 s).
 */
export const LongDocument = Extension.create({
  name: 'longDocument',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        props: {
          attributes: (state): Record<string, string> => (state.doc.childCount >= LONG_DOC_BLOCKS ? { class: 'is-long' } : {}),
        },
      }),
    ];
  },
});
