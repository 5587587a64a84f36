import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextChange, textChange } from '@dialogo/shared';
import { createUndoManager, editLocally, LocalEdit } from './use-doc-undo.ts';

/** Sends what each document has that the other lacks, with a remote origin (as the provider does). */
function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
}

/** Types into a field the way the text binding does: its own LocalEdit origin, not a step. */
function type(text: Y.Text, after: string) {
  const change = textChange(text.toString(), after);
  if (change) text.doc!.transact(() => applyTextChange(text, change), new LocalEdit('title', false));
}

function agendaWithItem(doc: Y.Doc, id: string, title: string) {
  const items = doc.getMap<Y.Map<unknown>>('items');
  editLocally(doc, () => {
    const cells = new Y.Map<unknown>();
    items.set(id, cells);
    const text = new Y.Text();
    text.insert(0, title);
    cells.set('title', text);
    const description = new Y.XmlFragment();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Notes of the item')]);
    description.insert(0, [paragraph]);
    cells.set('description', description);
  });
  return items;
}

describe('each person undoes their own changes only', () => {
  it('undoes what this person typed, not what another typed after it, and redoes it', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const items = agendaWithItem(a, 'one', 'Welcome');
    sync(a, b);
    const undoA = createUndoManager(a, [items]);
    const titleA = items.get('one')!.get('title') as Y.Text;
    const titleB = b.getMap<Y.Map<unknown>>('items').get('one')!.get('title') as Y.Text;
    type(titleA, 'Welcome and introductions');
    sync(a, b);
    type(titleB, 'Welcome and introductions!!');
    sync(a, b);
    expect(undoA.undo()).not.toBeNull();
    expect(titleA.toString()).toBe('Welcome!!');
    sync(a, b);
    expect(titleB.toString()).toBe('Welcome!!');
    undoA.redo();
    expect(titleA.toString()).toBe('Welcome and introductions!!');
    // Only this person's typing was in the history (the item was added before it was made).
    undoA.undo();
    expect(undoA.canUndo()).toBe(false);
    undoA.destroy();
  });

  it('restores a deleted row with its text and its rich text, as a step of its own', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const undoA = createUndoManager(a, [a.getMap('items')]);
    const items = agendaWithItem(a, 'one', 'Welcome');
    type(items.get('one')!.get('title') as Y.Text, 'Welcome all');
    // Deleting right after typing is still a step of its own.
    editLocally(a, () => items.delete('one'));
    expect(undoA.undoStack.length).toBe(3);
    sync(a, b);
    expect(b.getMap('items').has('one')).toBe(false);
    undoA.undo();
    sync(a, b);
    const restored = b.getMap<Y.Map<unknown>>('items').get('one')!;
    expect((restored.get('title') as Y.Text).toString()).toBe('Welcome all');
    expect((restored.get('description') as Y.XmlFragment).toString()).toBe('<paragraph>Notes of the item</paragraph>');
    undoA.redo();
    sync(a, b);
    expect(b.getMap('items').has('one')).toBe(false);
    undoA.destroy();
  });

  it('never tracks remote changes or edits without a LocalEdit origin (the server, the device copy)', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const undoA = createUndoManager(a, [a.getMap('items')]);
    agendaWithItem(b, 'one', 'From B');
    sync(a, b);
    a.transact(() => a.getMap('items').set('two', new Y.Map()), 'persistence');
    expect(undoA.canUndo()).toBe(false);
    undoA.destroy();
  });
});
