/**
 * The rich-text schema every document body uses, the same in the browser's editor and on the
 * server (import, export). Imported as `@dialogo/shared/rich-text`, apart from the rest of
 * `shared`, so that pages without an editor do not load Tiptap.
 */
import type { Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { Mention } from '@tiptap/extension-mention';
import type { SuggestionOptions } from '@tiptap/suggestion';
import { isSafeHref, SAFE_LINK_PROTOCOLS } from './safe-url.ts';
import { MENTION_NODE } from './doc-shapes.ts';
import { BlockSuggestions, Deletion, Insertion, Modification } from './suggestions.ts';

/** What the browser's editor adds to the schema (the server's copy has none of it). */
export interface RichTextOptions {
  /** The `@` list of people the editor offers; without it a mention is shown but not typed. */
  mentionSuggestion?: Omit<SuggestionOptions, 'editor'>;
}

/**
 * StarterKit (headings, lists, bold, italic, underline, strike, links, block quotes, rules...) and
 * tables. Its own undo history is off: the Collaboration extension's undo only undoes this
 * participant's own edits. People are mentioned inline with `@`. Links open safely, and only web
 * and mail links are kept (`safe-url.ts`, the rule the server applies too).
 */
export function richTextExtensions({ mentionSuggestion }: RichTextOptions = {}): Extensions {
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
    // A person mentioned inline: `@Name`, the person's id kept in `data-id` for the server.
    Mention.extend({ name: MENTION_NODE }).configure({
      HTMLAttributes: { class: 'mention' },
      ...(mentionSuggestion ? { suggestion: mentionSuggestion } : {}),
    }),
    // Suggested changes (`suggestions.ts`): text proposed for adding or removing, until accepted.
    Insertion,
    Deletion,
    Modification,
    // Whole blocks suggested for adding or removing (an attribute of the block).
    BlockSuggestions,
  ];
}
