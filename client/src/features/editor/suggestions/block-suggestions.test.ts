import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { applySuggestion, revertSuggestion, suggestChanges } from '@handlewithcare/prosemirror-suggest-changes';
import { richTextExtensions } from '@dialogo/shared/rich-text';
import { Fragment, Slice } from '@tiptap/pm/model';
import { BOUNDARY, decideBlockSuggestion, readBlockSuggestions, suggestTransaction } from './block-suggestions.ts';
import { decideSuggestion, readSuggestions } from './read-suggestions.ts';

/**
 * Whole blocks suggested while suggesting (a pasted paragraph, a rule, a table row, a block deleted
 * whole) carry the block attribute the shared document keeps, instead of the library's node marks
 * (which it drops, and which this schema refuses: such changes used to be made as plain edits).
 * Splits and joins are the library's marked zero-width characters; each is accepted or rejected.
 */
const schema = getSchema(richTextExtensions());
const p = (text: string) => schema.node('paragraph', null, text ? [schema.text(text)] : []);
const doc = (...blocks: PMNode[]) => schema.node('doc', null, blocks);
const stateOf = (d: PMNode) => EditorState.create({ schema, doc: d, plugins: [suggestChanges()] });
let n = 0;
const id = () => `ada:${++n}`;
/** What the person's change becomes while suggesting, applied. */
const suggest = (state: EditorState, change: (tr: Transaction) => Transaction) => state.apply(suggestTransaction(change(state.tr), state, id));
/** The blocks' texts, zero-width characters shown as ¶. */
const texts = (d: PMNode) => d.children.map((b) => b.textContent.replaceAll(BOUNDARY, '¶'));
const run = (state: EditorState, command: (s: EditorState, d: (tr: Transaction) => void) => boolean) => {
  let next = state;
  command(state, (tr) => (next = state.apply(tr)));
  return next;
};

describe('block suggestions', () => {
  const start = stateOf(doc(p('Hello world'), p('Second para')));

  it('marks a deleted block instead of removing it; accepting removes it, rejecting keeps it', () => {
    const s = suggest(start, (tr) => tr.delete(13, 26));
    expect(texts(s.doc)).toEqual(['Hello world', 'Second para']);
    const [block] = readBlockSuggestions(s.doc);
    expect(block).toMatchObject({ kind: 'deletion', block: 'paragraph', text: 'Second para' });
    expect(s.doc.child(1).attrs.blockSuggestion).toBe(`deletion:${block!.id}`);
    expect(texts(s.apply(decideBlockSuggestion(s, block!.id, true)!).doc)).toEqual(['Hello world']);
    const kept = s.apply(decideBlockSuggestion(s, block!.id, false)!);
    expect(texts(kept.doc)).toEqual(['Hello world', 'Second para']);
    expect(kept.doc.child(1).attrs.blockSuggestion).toBeNull();
  });

  it('marks added blocks (a paragraph, a rule); accepting keeps them, rejecting removes them', () => {
    const s = suggest(start, (tr) => tr.insert(13, [p('New'), schema.node('horizontalRule')]));
    const blocks = readBlockSuggestions(s.doc);
    expect(blocks.map((b) => [b.kind, b.block])).toEqual([
      ['insertion', 'paragraph'],
      ['insertion', 'horizontalRule'],
    ]);
    const accepted = s.apply(decideBlockSuggestion(s, blocks[0]!.id, true)!);
    expect(texts(accepted.doc)).toEqual(['Hello world', 'New', '', 'Second para']);
    expect(readBlockSuggestions(accepted.doc)).toEqual([]);
    expect(texts(s.apply(decideBlockSuggestion(s, blocks[0]!.id, false)!).doc)).toEqual(['Hello world', 'Second para']);
  });

  it('marks a table row added; rejecting it removes the row only', () => {
    const cell = (t: string) => schema.node('tableCell', null, [p(t)]);
    const row = (...c: string[]) => schema.node('tableRow', null, c.map(cell));
    const table = schema.node('table', null, [row('a', 'b')]);
    const s0 = stateOf(doc(table, p('after')));
    const s = suggest(s0, (tr) => tr.insert(table.nodeSize - 1, row('c', 'd')));
    const [added] = readBlockSuggestions(s.doc);
    expect(added).toMatchObject({ kind: 'insertion', block: 'tableRow', text: 'cd' });
    expect(s.doc.child(0).childCount).toBe(2);
    const rejected = s.apply(decideBlockSuggestion(s, added!.id, false)!);
    expect(rejected.doc.child(0).childCount).toBe(1);
    expect(rejected.doc.child(0).textContent).toBe('ab');
  });

  it('deletes for real a block one had suggested adding', () => {
    const s = suggest(start, (tr) => tr.insert(13, p('New')));
    const again = suggest(s, (tr) => tr.delete(13, 18));
    expect(texts(again.doc)).toEqual(['Hello world', 'Second para']);
  });

  it('suggests a split as marked boundaries: accepted it stays, rejected it joins back', () => {
    const s = suggest(start, (tr) => tr.split(6));
    expect(texts(s.doc)).toEqual(['Hello¶', '¶ world', 'Second para']);
    const splitId = String(s.doc.child(0).lastChild!.marks[0]!.attrs.id);
    expect(texts(run(s, applySuggestion(splitId)).doc)).toEqual(['Hello', ' world', 'Second para']);
    expect(texts(run(s, revertSuggestion(splitId)).doc)).toEqual(['Hello world', 'Second para']);
  });

  it('suggests pasted paragraphs: the whole ones as blocks, the rest as text, all under one id, decided at once', () => {
    // Three paragraphs pasted inside "Hello world" (an open slice, as a paste is).
    const slice = new Slice(Fragment.from([p('one'), p('two'), p('three')]), 1, 1);
    const s = suggest(start, (tr) => tr.replace(6, 6, slice));
    expect(texts(s.doc)).toEqual(['Helloone', 'two', 'three world', 'Second para']);
    const [pasted] = readSuggestions(s.doc);
    expect(readSuggestions(s.doc)).toHaveLength(1);
    expect(pasted).toMatchObject({ added: 'onethree', split: false, blocks: [{ kind: 'insertion', block: 'paragraph', text: 'two' }] });
    const decide = (accept: boolean) => {
      let state = s;
      decideSuggestion(
        () => state,
        (tr) => (state = state.apply(tr)),
        pasted!.id,
        accept,
      );
      return state;
    };
    expect(texts(decide(true).doc)).toEqual(['Helloone', 'two', 'three world', 'Second para']);
    expect(readSuggestions(decide(true).doc)).toEqual([]);
    expect(texts(decide(false).doc)).toEqual(['Hello world', 'Second para']);
  });

  it('lists a rule added at a paragraph’s end as that, not as a join (one marker is no boundary)', () => {
    // What suggesting setHorizontalRule there leaves (seen in the browser): one deleted marker, the rule added.
    const marker = schema.text(BOUNDARY, [schema.marks.deletion!.create({ id: 'ada:hr' })]);
    const d = doc(schema.node('paragraph', null, [schema.text('Hello world'), marker]), schema.node('horizontalRule', { blockSuggestion: 'insertion:ada:hr' }));
    expect(readSuggestions(d)).toMatchObject([{ id: 'ada:hr', join: false, split: false, blocks: [{ kind: 'insertion', block: 'horizontalRule' }] }]);
  });

  it('suggests a join as marked boundaries: accepted the paragraphs join, rejected they stay', () => {
    const s = suggest(start, (tr) => tr.delete(12, 14));
    expect(texts(s.doc)).toEqual(['Hello world¶', '¶Second para']);
    const joinId = String(s.doc.child(0).lastChild!.marks[0]!.attrs.id);
    expect(texts(run(s, applySuggestion(joinId)).doc)).toEqual(['Hello worldSecond para']);
    expect(texts(run(s, revertSuggestion(joinId)).doc)).toEqual(['Hello world', 'Second para']);
  });
});
