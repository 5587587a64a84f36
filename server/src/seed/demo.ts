import * as Y from 'yjs';
import { DocKind, DocShape, docName, type DocumentSummary } from '@dialogo/shared';
import type { Store } from '../store/index.ts';
import { DOCUMENTS } from '../documents/catalog.ts';

/** A block of demo rich text, in the node names Tiptap's StarterKit uses. */
type Block = { heading: string; level: 1 | 2 | 3 } | { paragraph: string } | { bullets: string[] };

function textElement(name: string, text: string): Y.XmlElement {
  const el = new Y.XmlElement(name);
  el.insert(0, [new Y.XmlText(text)]);
  return el;
}

function toXml(block: Block): Y.XmlElement {
  if ('heading' in block) {
    const el = textElement('heading', block.heading);
    el.setAttribute('level', block.level as unknown as string);
    return el;
  }
  if ('paragraph' in block) return textElement('paragraph', block.paragraph);
  const list = new Y.XmlElement('bulletList');
  list.insert(
    0,
    block.bullets.map((item) => {
      const li = new Y.XmlElement('listItem');
      li.insert(0, [textElement('paragraph', item)]);
      return li;
    }),
  );
  return list;
}

/** Encodes rich text as the first update of a document's `body` fragment. */
export function buildRichTextUpdate(blocks: Block[]): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment(DocShape.body).insert(0, blocks.map(toXml));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** The minutes of the network's coordination meeting of 18 June 2020 (seeds/000). */
const MINUTES_18_JUNE: { id: string; title: string; blocks: Block[] } = {
  id: '2020-06-18-coordination',
  title: 'Coordination meeting — 18 June 2020',
  blocks: [
    { heading: 'Coordination meeting of the Cities of Dialogue — 18 June 2020, online', level: 1 },
    { paragraph: 'Challenges and renewed goals for the 2nd semester of 2020.' },
    { heading: '1. Analysis of intercultural policies', level: 2 },
    {
      paragraph:
        'Introduced by Lorenzo Kihlgren Grandi (City Diplomacy, Sciences Po; president of Urban Flag): effective European initiatives reviewed as inspiring practices. Each city shared projects activated during the Covid-19 emergency.',
    },
    { heading: '2. Work plan & next steps for the Cities (2nd semester of 2020)', level: 2 },
    {
      bullets: [
        'Interest in reprogramming the thematic event on the Anti-rumours strategy (cancelled in February, Reggio Emilia) and its feasibility.',
        'Preferences on new activities: a national communication campaign of the network, trainings on intercultural competences for municipal staff.',
      ],
    },
    { heading: '3. Communication activities of the Network', level: 2 },
    { paragraph: 'Explore new solutions and tools to systematize contents and smooth communication among the network.' },
  ],
};

/** Seeds the demo documents once; running it again changes nothing. */
export async function seedDemo(store: Store): Promise<void> {
  const name = docName(DocKind.minutes, MINUTES_18_JUNE.id);
  if (await store.records.get(DOCUMENTS, name)) return;
  // Content first, listing second: a listed document is never empty.
  if ((await store.docs.load(name)).length === 0) {
    await store.docs.append(name, [buildRichTextUpdate(MINUTES_18_JUNE.blocks)]);
  }
  const summary: DocumentSummary = {
    name,
    kind: DocKind.minutes,
    title: MINUTES_18_JUNE.title,
    createdAt: '2020-06-18T10:00:00.000Z',
  };
  await store.records.put(DOCUMENTS, name, summary);
}
