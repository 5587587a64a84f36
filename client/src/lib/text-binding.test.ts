import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextChange, cellText, convertTextFields, editableText, textChange, textOf, writeText } from '@dialogo/shared';
import { carryOver, mapIndex, mapSelection, type DeltaOp } from './text-binding.ts';

/** Applies what an input's edit changed, the way the binding does. */
function edit(text: Y.Text, before: string, after: string, caret?: number) {
  const change = textChange(before, after, caret);
  if (change) text.doc!.transact(() => applyTextChange(text, change));
}

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('textChange: what an input edit changed', () => {
  it('finds a typed letter, a deletion and a replaced selection', () => {
    expect(textChange('abc', 'abXc', 3)).toEqual({ index: 2, remove: 0, insert: 'X' });
    expect(textChange('abc', 'ac', 1)).toEqual({ index: 1, remove: 1, insert: '' });
    expect(textChange('hello world', 'hello there', 11)).toEqual({ index: 6, remove: 5, insert: 'there' });
    expect(textChange('same', 'same')).toBeNull();
  });

  it('uses the caret where the place is ambiguous', () => {
    // Typing `a` between the two letters of `aa`: the caret says where.
    expect(textChange('aa', 'aaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' });
    expect(textChange('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
    expect(textChange('aa', 'aaa', 3)).toEqual({ index: 2, remove: 0, insert: 'a' });
    // Pasting a word that repeats its neighbour.
    expect(textChange('ab ab', 'ab ab ab', 5)).toEqual({ index: 2, remove: 0, insert: ' ab' });
  });

  it('never splits a surrogate pair', () => {
    const change = textChange('x😀y', 'x😃y');
    expect(change).toEqual({ index: 1, remove: 2, insert: '😃' });
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'x😀y');
    edit(text, 'x😀y', 'x😃y');
    expect(text.toString()).toBe('x😃y');
  });
});

describe('mapIndex and mapSelection: the local caret under remote changes', () => {
  it('moves with text inserted or deleted before it and stays put for text after it', () => {
    const insertBefore: DeltaOp[] = [{ retain: 2 }, { insert: 'XYZ' }];
    expect(mapIndex(5, insertBefore)).toBe(8);
    expect(mapIndex(1, insertBefore)).toBe(1);
    const deleteBefore: DeltaOp[] = [{ retain: 1 }, { delete: 2 }];
    expect(mapIndex(5, deleteBefore)).toBe(3);
    // Inside the deleted range: back to where it started.
    expect(mapIndex(2, deleteBefore)).toBe(1);
    expect(mapIndex(0, [{ insert: 'abc' }, { delete: 4 }])).toBe(0);
  });

  it('stays before text inserted exactly at the caret (two people typing at the end)', () => {
    expect(mapIndex(4, [{ retain: 4 }, { insert: 'b' }])).toBe(4);
  });

  it('maps both ends of a selection', () => {
    expect(mapSelection({ start: 3, end: 6, direction: 'backward' }, [{ insert: '12' }, { retain: 4 }, { delete: 1 }])).toEqual({
      start: 5,
      end: 7,
      direction: 'backward',
    });
    expect(mapSelection({ start: 3, end: 6, direction: 'none' }, [{ retain: 2 }, { delete: 6 }])).toEqual({ start: 2, end: 2, direction: 'none' });
  });

  it('keeps the caret on the same letter while another person types before it, in real Yjs deltas', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, 'della rete');
    sync(a, b);
    let caret = 5; // after "della" in a
    a.getText('t').observe((event) => {
      caret = mapIndex(caret, event.delta as DeltaOp[]);
    });
    edit(b.getText('t'), 'della rete', 'la della rete', 3);
    sync(a, b);
    expect(a.getText('t').toString().slice(0, caret)).toBe('la della');
  });
});

describe('two people typing into one field', () => {
  it('keeps every letter of both when each types at the end at the same time', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, 'Rete ');
    sync(a, b);
    let va = 'Rete ';
    let vb = 'Rete ';
    const typeA = 'abcdefghijklmnopqrst';
    const typeB = 'ABCDEFGHIJKLMNOPQRST';
    for (let i = 0; i < 20; i++) {
      const na = va + typeA[i];
      edit(a.getText('t'), va, na, na.length);
      const nb = vb + typeB[i];
      edit(b.getText('t'), vb, nb, nb.length);
      if (i % 3 === 0) sync(a, b);
      va = a.getText('t').toString();
      vb = b.getText('t').toString();
    }
    sync(a, b);
    const result = a.getText('t').toString();
    expect(result.startsWith('Rete ')).toBe(true);
    expect(b.getText('t').toString()).toBe(result);
    expect([...result.slice(5)].filter((c) => typeA.includes(c)).join('')).toBe(typeA);
    expect([...result.slice(5)].filter((c) => typeB.includes(c)).join('')).toBe(typeB);
  });
});

describe('documents of before: string fields', () => {
  it('reads both forms and turns a string into a Y.Text with the same content on first edit', () => {
    const doc = new Y.Doc();
    const rows = doc.getMap<Y.Map<unknown>>('rows');
    const cells = new Y.Map<unknown>();
    rows.set('r1', cells);
    cells.set('notes', 'Scritto prima');
    expect(cellText(cells, 'notes')).toBe('Scritto prima');
    doc.transact(() => {
      const text = editableText(cells, 'notes')!;
      applyTextChange(text, textChange('Scritto prima', 'Scritto prima!')!);
    });
    expect(cells.get('notes')).toBeInstanceOf(Y.Text);
    expect(cellText(cells, 'notes')).toBe('Scritto prima!');
    expect(rows.toJSON()).toEqual({ r1: { notes: 'Scritto prima!' } });
    expect(textOf(42)).toBe('');
  });

  it('converts a whole table without loss, and writes by difference', () => {
    const doc = new Y.Doc();
    const rows = doc.getMap<Y.Map<unknown>>('rows');
    const cells = new Y.Map<unknown>();
    rows.set('r1', cells);
    cells.set('event', 'Forum');
    cells.set('status', 'idea');
    expect(convertTextFields(rows, ['event', 'notes'])).toBe(1);
    expect(cells.get('event')).toBeInstanceOf(Y.Text);
    expect(cells.get('status')).toBe('idea');
    const text = cells.get('event') as Y.Text;
    expect(writeText(cells, 'event', 'Forum 2026')).toBe(true);
    expect(cells.get('event')).toBe(text);
    expect(text.toString()).toBe('Forum 2026');
    expect(writeText(cells, 'event', 'Forum 2026')).toBe(false);
  });

  it('carries over what a person typed when another person converted the same field at the same moment', () => {
    expect(carryOver('Rete', 'Rete delle città', 'Rete web')).toEqual({ index: 8, remove: 0, insert: ' delle città' });
    expect(carryOver('Rete', 'La Rete', 'Rete web')).toEqual({ index: 0, remove: 0, insert: 'La ' });
    expect(carryOver('Rete', 'Rete', 'Rete web')).toBeNull();
    // Both changed the same letters: theirs stands, what I typed comes after it, nothing more goes.
    expect(carryOver('a b c', 'a c', 'a c!')).toBeNull();
    expect(carryOver('a b c', 'a B c', 'a x c')).toEqual({ index: 3, remove: 0, insert: 'B' });
    // A removal elsewhere still applies.
    expect(carryOver('uno due tre', 'uno tre', 'uno due tre!')).toEqual({ index: 3, remove: 4, insert: '' });
  });
});
