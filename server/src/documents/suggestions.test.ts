import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateJSON } from '@tiptap/html/server';
import { richTextExtensions } from '@dialogo/shared/rich-text';
import { acceptSuggestions, markSuggestions } from './suggestions.ts';

/**
 * Pending suggestions as exports read them: accepted (suggested blocks kept or dropped, joins
 * made, split markers gone) or marked (a suggested block's text marked, a split or join as ¶).
 */
const ZW = '\u200B';

/** The document as an export loads it: from its stored state, its roots not typed yet. */
function build(): { doc: Y.Doc; body: () => Y.XmlFragment } {
  const doc = new Y.Doc();
  const body = doc.getXmlFragment('body');
  const paragraph = (text: string, attributes: Record<string, string> = {}) => {
    const element = new Y.XmlElement('paragraph');
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    element.insert(0, [new Y.XmlText(text)]);
    return element;
  };
  doc.transact(() => {
    body.insert(0, [
      paragraph('One.'),
      paragraph('Two.', { blockSuggestion: 'deletion:ada:1' }),
      paragraph('New.', { blockSuggestion: 'insertion:ada:2' }),
      paragraph('Three.'),
      paragraph('Four.'),
      paragraph('Split'),
      paragraph(' here.'),
    ]);
    const three = (body.get(3) as Y.XmlElement).get(0) as Y.XmlText;
    three.insert(three.length, ZW, { deletion: { id: 'ada:3' } });
    ((body.get(4) as Y.XmlElement).get(0) as Y.XmlText).insert(0, ZW, { deletion: { id: 'ada:3' } });
    const split = (body.get(5) as Y.XmlElement).get(0) as Y.XmlText;
    split.insert(split.length, ZW, { insertion: { id: 'ada:4' } });
    ((body.get(6) as Y.XmlElement).get(0) as Y.XmlText).insert(0, ZW, { insertion: { id: 'ada:4' } });
  });
  const stored = new Y.Doc();
  Y.applyUpdate(stored, Y.encodeStateAsUpdate(doc));
  return { doc: stored, body: () => stored.getXmlFragment('body') };
}

const blocks = (body: Y.XmlFragment) =>
  body.toArray().map((b) =>
    (b as Y.XmlElement)
      .toArray()
      .map((t) => ((t as Y.XmlText).toDelta() as { insert: string }[]).map((op) => op.insert).join(''))
      .join(''),
  );

describe('suggestions as exports read them', () => {
  it('accepts: removed blocks go, added blocks stay unmarked, joins are made, split markers go', () => {
    const { doc, body } = build();
    acceptSuggestions(doc);
    expect(blocks(body())).toEqual(['One.', 'New.', 'Three.Four.', 'Split', ' here.']);
    expect(
      body()
        .toArray()
        .map((b) => (b as Y.XmlElement).getAttribute('blockSuggestion') ?? null),
    ).toEqual([null, null, null, null, null]);
  });

  it('marks: a suggested block’s text takes the mark, a split or join shows as a marked ¶', () => {
    const { doc, body } = build();
    markSuggestions(doc);
    expect(blocks(body())).toEqual(['One.', 'Two.', 'New.', 'Three.¶', '¶Four.', 'Split¶', '¶ here.']);
    const two = (body().get(1) as Y.XmlElement).get(0) as Y.XmlText;
    expect(two.toDelta()).toEqual([{ insert: 'Two.', attributes: { deletion: { id: 'ada:1' } } }]);
  });

  it('never reads a block suggestion from HTML: a pasted or imported block is not one', () => {
    const json = generateJSON('<p data-suggestion="deletion" data-suggestion-id="bruno:1" class="suggestion-block">Pasted.</p>', richTextExtensions());
    expect(json.content[0].attrs.blockSuggestion).toBeNull();
  });
});
