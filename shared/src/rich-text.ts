/**
 * The rich-text schema every document body uses, the same in the browser's editor and on the
 * server (import, export). Imported as `@dialogo/shared/rich-text`, apart from the rest of
 * `shared`, so that pages without an editor do not load Tiptap.
 */
import type { Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { isSafeHref, SAFE_LINK_PROTOCOLS } from './safe-url.ts';

/**
 * StarterKit (headings, lists, bold, italic, underline, strike, links, block quotes, rules...) and
 * tables. Its own undo history is off: the Collaboration extension's undo only undoes this
 * participant's own edits. Links open safely, and only web and mail links are kept (`safe-url.ts`,
 * the rule the server applies too).
 */
export function richTextExtensions(): Extensions {
  return [
    StarterKit.configure({
      undoRedo: false,
      link: {
        openOnClick: false,
        protocols: [...SAFE_LINK_PROTOCOLS],
        // The server's rule, not the extension's (which lets relative and unknown-scheme links through).
        isAllowedUri: (url) => isSafeHref(url),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
      },
    }),
    TableKit.configure({ table: { resizable: false } }),
  ];
}
