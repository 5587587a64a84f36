import { Extension } from '@tiptap/core';
import { isSuggestChangesEnabled, suggestChanges, toggleSuggestChanges, withSuggestChanges } from '@handlewithcare/prosemirror-suggest-changes';
import { suggestionId } from '@dialogo/shared';

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
    if (!isSuggestChangesEnabled(view.state)) return next(transaction);
    const personId = this.options.personId;
    const dispatch = withSuggestChanges(next, () => suggestionId(personId, crypto.randomUUID().slice(0, 8)));
    try {
      dispatch.call(view, transaction);
    } catch {
      // A change the library cannot express as a suggestion in this schema (splitting or joining
      // paragraphs, whose block marks the shared document does not keep) is made as an edit.
      next(transaction);
    }
  },
});

/** Whether this editor is suggesting. */
export const isSuggesting = isSuggestChangesEnabled;
