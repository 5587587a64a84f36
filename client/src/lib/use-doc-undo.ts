import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import * as Y from 'yjs';

/**
 * The origin of this person's own edits of a shared document, made in this browser. A
 * {@link useDocUndo} history tracks transactions whose origin is a `LocalEdit` (any instance:
 * Y.UndoManager matches on the origin's class), and nothing else: what others type arrives with
 * the provider as origin, the device copy with its persistence, the server's writes through the
 * provider too, so none of them is ever undone here.
 */
export class LocalEdit {
  /**
   * @param what What makes the edit (a field's binding, a structural change), for debugging.
   * @param step Whether the edit is one step of the history on its own (a deletion, a move), rather
   *   than merged with the edits made just before and after it (typing, merged over half a second).
   */
  constructor(
    readonly what: string,
    readonly step: boolean,
  ) {}
}

/** The origin of structural edits: each is its own undo step. */
const STRUCTURAL = new LocalEdit('structure', true);
/** The origin of a value set whole (a number, a choice, a date): merged with what is typed around it. */
const VALUE = new LocalEdit('value', false);

/**
 * Makes a change of a shared document as this person's own edit, in their undo history: a
 * structural change (add, delete, move, nest a row) is one step on its own; with `step` false (a
 * number or a choice set whole) it merges with the edits made within half a second, as typing does.
 */
export function editLocally(doc: Y.Doc, change: () => void, step = true): void {
  doc.transact(change, step ? STRUCTURAL : VALUE);
}

/** The shared types an undo history tracks, exactly as `Y.UndoManager` takes them (a list of any kind of type). */
export type UndoScope = Extract<ConstructorParameters<typeof Y.UndoManager>[0], readonly unknown[]>;

/**
 * The history of this person's own edits ({@link LocalEdit}) of `scope`: typing merges over half a
 * second, a structural edit is one step on its own. Destroy it when done.
 */
export function createUndoManager(doc: Y.Doc, scope: UndoScope): Y.UndoManager {
  const manager = new Y.UndoManager(scope, { trackedOrigins: new Set<unknown>([LocalEdit]), captureTimeout: 500 });
  // A structural step starts a new item of the history, and the next edit starts another.
  const split = (transaction: Y.Transaction) => {
    if (transaction.origin instanceof LocalEdit && transaction.origin.step) manager.stopCapturing();
  };
  doc.on('beforeTransaction', split);
  // Registered after the manager's own handler: runs once the step is in the history.
  doc.on('afterTransaction', split);
  const destroy = manager.destroy;
  manager.destroy = () => {
    doc.off('beforeTransaction', split);
    doc.off('afterTransaction', split);
    destroy();
  };
  return manager;
}

/** What a deletion notice says, while its deletion is the last step that can be undone. */
export interface UndoNoticeState {
  /** Already translated: "Item 3. Welcome removed." */
  message: string;
  /** Changes with each notice, so the same message twice is announced twice. */
  key: number;
}

/** What {@link useDocUndo} gives a page. */
export interface DocUndo {
  canUndo: boolean;
  canRedo: boolean;
  undo(): void;
  redo(): void;
  /**
   * Runs a deletion (which calls {@link editLocally}) and, if it deleted anything, shows the
   * notice with `message` and an Undo button for a few seconds.
   */
  deleted(message: string, run: () => void): void;
  /** The deletion notice shown now, null when none. */
  notice: UndoNoticeState | null;
  /** Hides the notice (its time is up). */
  dismiss(): void;
  /** What was just undone or redone, for a polite announcement (changes at each). */
  done: { what: 'undone' | 'redone'; key: number } | null;
}

/** Which pages' histories answer the keyboard: the last one mounted (a page has one). */
const active: object[] = [];

/**
 * Undo and redo for each person in the structured parts of one shared document (an agenda's
 * items, the action plan's rows, a proposal's budget, timeline and outline), on Y.UndoManager:
 * only this person's own edits ({@link LocalEdit}) are in the history, so undo never takes back
 * what someone else did, and it does not overwrite a field someone else changed since.
 *
 * `scope` lists the types of the document whose changes are undone (a type's nested content
 * included). Rich text has its own history (the editor's, from y-prosemirror), which this one
 * leaves alone: the editors write with their own origins, and keys pressed inside an editor are
 * not handled here.
 *
 * Keyboard, anywhere on the page but in an editor or a text field of another kind: Ctrl+Z (⌘Z)
 * undoes, Ctrl+Shift+Z and Ctrl+Y redo.
 */
export function useDocUndo(
  doc: Y.Doc,
  scope: (doc: Y.Doc) => UndoScope,
  { readOnly = false }: { /** Nothing can be undone (the document is read-only to this person now). */ readOnly?: boolean } = {},
): DocUndo {
  const scopeRef = useRef(scope);
  // Made in an effect (StrictMode mounts twice: each mount has its own, destroyed with it).
  const [manager, setManager] = useState<Y.UndoManager | null>(null);
  useEffect(() => {
    const undoManager = createUndoManager(doc, scopeRef.current(doc));
    setManager(undoManager);
    return () => {
      undoManager.destroy();
      setManager(null);
    };
  }, [doc]);

  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!manager) return () => {};
      manager.on('stack-item-added', onChange);
      manager.on('stack-item-popped', onChange);
      manager.on('stack-cleared', onChange);
      return () => {
        manager.off('stack-item-added', onChange);
        manager.off('stack-item-popped', onChange);
        manager.off('stack-cleared', onChange);
      };
    },
    [manager],
  );
  const canUndo = useSyncExternalStore(subscribe, () => manager?.canUndo() ?? false) && !readOnly;
  const canRedo = useSyncExternalStore(subscribe, () => manager?.canRedo() ?? false) && !readOnly;

  /** The deletion the notice is about: it stays only while that step is the last one to undo. */
  const [pending, setPending] = useState<{ item: unknown; message: string; key: number; focus: string | null } | null>(null);
  const [done, setDone] = useState<DocUndo['done']>(null);
  const top = useSyncExternalStore(subscribe, () => manager?.undoStack.at(-1) ?? null);

  const undo = useCallback(() => {
    if (readOnly || !manager) return;
    const restoring = pending && pending.item === manager.undoStack.at(-1) ? pending : null;
    if (!manager.undo()) return;
    setDone((d) => ({ what: 'undone', key: (d?.key ?? 0) + 1 }));
    // The deleted row is back: the focus goes back to the button that deleted it, if it had it
    // (the notice it moved to, or the page, is about to lose it).
    if (restoring?.focus) refocus(restoring.focus);
  }, [manager, readOnly, pending]);
  const redo = useCallback(() => {
    if (!readOnly && manager?.redo()) setDone((d) => ({ what: 'redone', key: (d?.key ?? 0) + 1 }));
  }, [manager, readOnly]);

  const deleted = useCallback(
    (message: string, run: () => void) => {
      const before = manager?.undoStack.at(-1);
      const focused = document.activeElement instanceof HTMLButtonElement ? nameOf(document.activeElement) : null;
      run();
      const item = manager?.undoStack.at(-1);
      if (item && item !== before) setPending((p) => ({ item, message, key: (p?.key ?? 0) + 1, focus: focused }));
    },
    [manager],
  );
  const dismiss = useCallback(() => setPending(null), []);

  // Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y.
  useEffect(() => {
    const me = {};
    active.push(me);
    const onKeyDown = (event: KeyboardEvent) => {
      if (readOnly || active.at(-1) !== me || event.defaultPrevented || event.altKey || !(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      const isUndo = key === 'z' && !event.shiftKey;
      const isRedo = (key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey);
      if ((!isUndo && !isRedo) || !answersHere(event.target)) return;
      event.preventDefault();
      if (isUndo) undo();
      else redo();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      active.splice(active.indexOf(me), 1);
    };
  }, [undo, redo, readOnly]);

  const notice = pending && pending.item === top ? { message: pending.message, key: pending.key } : null;
  return { canUndo, canRedo, undo, redo, deleted, notice, dismiss, done };
}

/**
 * Whether a key pressed on `target` is for this history: on the page, a button, a choice, or a
 * field of the document (marked `data-collab-text` or `data-doc-undo`); not in a rich-text editor
 * (it has its own history), another text field (the browser's own undo), or a dialog.
 */
function answersHere(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return true;
  if (target.closest('dialog, [contenteditable="true"], .minutes-editor')) return false;
  if (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && !NOT_TEXT.has(target.type))) {
    return target.hasAttribute('data-collab-text') || target.hasAttribute('data-doc-undo');
  }
  return true;
}

/** A button's accessible name, near enough: its label, else its text. */
function nameOf(button: HTMLButtonElement): string {
  return (button.getAttribute('aria-label') ?? button.textContent ?? '').trim();
}

/**
 * Once the page has drawn what was restored, moves the focus to the button named `name` (the
 * restored row's delete button), when the focus is nowhere or in the deletion notice.
 */
function refocus(name: string, tries = 3): void {
  requestAnimationFrame(() => {
    const current = document.activeElement;
    if (current && current !== document.body && !current.closest('.undo-notice')) return;
    const button = [...document.querySelectorAll<HTMLButtonElement>('button')].find((b) => !b.closest('.undo-notice') && nameOf(b) === name);
    if (button) button.focus();
    else if (tries > 1) refocus(name, tries - 1);
  });
}

/** Input types that hold no text of their own to undo. */
const NOT_TEXT = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file']);
