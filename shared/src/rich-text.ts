/**
 * The rich-text schema every document body uses, the same in the browser's editor and on the
 * server (import, export). Imported as `@dialogo/shared/rich-text`, apart from the rest of
 * `shared`, so that pages without an editor do not load Tiptap.
 */
import type { Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';

/**
 * StarterKit (headings, lists, bold, italic, links...) and tables. Its own undo history is off:
 * the Collaboration extension's undo only undoes this participant's own edits. Links open safely.
 */
export function richTextExtensions(): Extensions {
  return [
    StarterKit.configure({
      undoRedo: false,
      link: { openOnClick: false, protocols: ['http', 'https', 'mailto'], HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null } },
    }),
    TableKit.configure({ table: { resizable: false } }),
  ];
}
