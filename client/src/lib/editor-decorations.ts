import type { Editor } from '@tiptap/core';
import type { EditorState, PluginKey, PluginView } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

/** What the Collaboration extension's sync plugin knows: the Yjs document and type, and which ProseMirror node each Yjs type became. */
export interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: Map<Y.AbstractType<unknown>, PMNode | PMNode[]>;
}

/** The sync plugin's state, once it is bound to the editor. */
export function syncState(state: EditorState): SyncState | null {
  const sync = ySyncPluginKey.getState(state) as { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: SyncState['mapping'] } | null } | undefined;
  return sync?.binding ? { doc: sync.doc, type: sync.type, mapping: sync.binding.mapping } : null;
}

/** How long after a change decorations are placed again from the Yjs document. */
const REFRESH_MS = 50;

/**
 * Decorations computed from the Yjs document (comment anchors, authorship) need the Collaboration
 * sync plugin's mapping between Yjs types and ProseMirror nodes, which it updates only after each
 * transaction. This plugin view dispatches an empty meta transaction on `key` shortly after the
 * text changed, for the plugin to recompute with a fresh mapping.
 */
export function refreshAfterChanges(key: PluginKey, active: (view: EditorView) => boolean): PluginView {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: EditorView | null = null;
  return {
    update(view, previous) {
      current = view;
      if (view.state.doc.eq(previous.doc) || !active(view)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (current && !current.isDestroyed) current.dispatch(current.state.tr.setMeta(key, {}).setMeta('addToHistory', false));
      }, REFRESH_MS);
    },
    destroy() {
      clearTimeout(timer);
      current = null;
    },
  };
}

/**
 * Hands `meta` to the plugin of `key` with a transaction, once the editor's view exists (now, or
 * when the editor is created: a panel may render before the editor is mounted). Returns the cleanup.
 */
export function setEditorMeta(editor: Editor, key: PluginKey, meta: unknown): () => void {
  const apply = () => {
    if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(key, meta).setMeta('addToHistory', false));
  };
  if (editor.isInitialized) {
    apply();
    return () => {};
  }
  editor.on('create', apply);
  return () => {
    editor.off('create', apply);
  };
}
