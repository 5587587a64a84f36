import { Extension } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import { isSuggestChangesEnabled, suggestChanges, suggestChangesKey, toggleSuggestChanges } from '@handlewithcare/prosemirror-suggest-changes';
import { suggestionId } from '@dialogo/shared';
import { suggestTransaction } from './block-suggestions.ts';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    suggestChanges: {
      /** Switches this person's editor between editing and suggesting. */
      toggleSuggesting: () => ReturnType;
    };
  }
}

/** Options of {@link SuggestChanges}. */
export interface SuggestChangesOptions {
  /** The signed-in person: the ids of their suggestions name them. */
  personId: string;
}

/**
 * Suggesting instead of editing, for one person's editor (the others keep their own mode): while
 * it is on, what they type is marked as an insertion and what they delete as a deletion, by
 * @handlewithcare/prosemirror-suggest-changes, which rewrites each local transaction (remote
 * changes and undo pass through untouched). Ids are `<person id>:<random>`: the server refuses a
 * new suggestion under someone else's id.
 */
export const SuggestChanges = Extension.create<SuggestChangesOptions>({
  name: 'suggestChanges',
  addOptions: () => ({ personId: '' }),
  addProseMirrorPlugins() {
    return [suggestChanges()];
  },
  addCommands() {
    return {
      toggleSuggesting:
        () =>
        ({ state, dispatch }) =>
          toggleSuggestChanges(state, dispatch),
    };
  },
  dispatchTransaction({ transaction, next }) {
    const view = this.editor.view;
    if (!isSuggestChangesEnabled(view.state) || !shouldSuggest(transaction)) return next(transaction);
    const personId = this.options.personId;
    let suggested;
    try {
      // Whole blocks added or removed carry the block attribute (block-suggestions.ts).
      // One id for the whole transaction: one action (a column added, row by row) is one suggestion.
      const id = suggestionId(personId, crypto.randomUUID().slice(0, 8));
      suggested = suggestTransaction(transaction, view.state, () => id);
    } catch {
      // A change the library cannot express as a suggestion in this schema (a block's own
      // formatting, which would need a node mark the shared document does not keep) is made as an edit.
      return next(transaction);
    }
    next(suggested);
  },
});

/**
 * Whether a transaction is this person's own change, to be suggested: not undo or redo, not a
 * change that arrived from the shared document, not one of the suggestions' own commands (as the
 * library's `withSuggestChanges` decides).
 */
function shouldSuggest(tr: Transaction): boolean {
  const sync = (tr.getMeta('y-sync$') ?? {}) as { isUndoRedoOperation?: boolean; isChangeOrigin?: boolean };
  const own = (tr.getMeta(suggestChangesKey) ?? {}) as object;
  return !tr.getMeta('history$') && !tr.getMeta('collab$') && !sync.isUndoRedoOperation && !sync.isChangeOrigin && !('skip' in own);
}

/** Whether this editor is suggesting. */
export const isSuggesting = isSuggestChangesEnabled;
