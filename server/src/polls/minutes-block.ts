import * as Y from 'yjs';
import { DocShape, minutesSectionName, type Language, type Poll, type PollResults, type Turnout } from '@dialogo/shared';
import type { Actor } from '../access/policy.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import { resultsHeading, resultsHeadings, resultsLines } from './summary.ts';

function textElement(name: string, text: string): Y.XmlElement {
  const el = new Y.XmlElement(name);
  el.insert(0, [new Y.XmlText(text)]);
  return el;
}

/** The block in the node names Tiptap's StarterKit uses: a heading, a paragraph of facts, a list. */
function blockElements(poll: Poll, results: PollResults, turnout: Turnout, language: Language): Y.XmlElement[] {
  const { facts, lines } = resultsLines(poll, results, turnout, language);
  const heading = textElement('heading', resultsHeading(poll, language));
  heading.setAttribute('level', 3 as unknown as string);
  const list = new Y.XmlElement('bulletList');
  list.insert(
    0,
    lines.map((line) => {
      const li = new Y.XmlElement('listItem');
      li.insert(0, [textElement('paragraph', line)]);
      return li;
    }),
  );
  return [heading, textElement('paragraph', facts), list];
}

function textOf(el: Y.XmlElement | Y.XmlText): string {
  if (el instanceof Y.XmlText) return el.toString();
  return el
    .toArray()
    .map((child) => textOf(child as Y.XmlElement | Y.XmlText))
    .join('');
}

/**
 * Writes a poll's results block into its minutes, through the live document (stored, then sent to
 * everyone editing, on every instance), as `actor` (the coordinator closing the poll): the policy
 * is asked as for their own edit, so approved (locked) minutes refuse it. The block goes at the end
 * of the section of `agendaItemId` (an item of the meeting's agenda, checked by the caller), or of
 * the general notes without one. A block already there for this poll (same heading, followed by its
 * paragraph and list), in any section, is taken out, so reopening and closing again leaves one
 * block, under the item chosen last. The block is written in `language`, the network's: the
 * minutes are the network's document, whoever closes the poll.
 */
export async function writeResultsBlock(
  docs: LiveDocs,
  docName: string,
  actor: Actor,
  poll: Poll,
  results: PollResults,
  turnout: Turnout,
  language: Language,
  agendaItemId?: string,
): Promise<void> {
  await docs.transact(
    docName,
    actor,
    (doc) => {
      const target = doc.getXmlFragment(agendaItemId ? minutesSectionName(agendaItemId) : DocShape.body);
      // Under its heading in any language: the network may have changed language since.
      const headings = new Set(resultsHeadings(poll));
      let replaced = false;
      const fragments = [DocShape.body, ...[...doc.share.keys()].filter((name) => name.startsWith(minutesSectionName('')))].map((name) =>
        doc.getXmlFragment(name),
      );
      for (const fragment of fragments) {
        const children = fragment.toArray();
        const at = children.findIndex((c) => c instanceof Y.XmlElement && c.nodeName === 'heading' && headings.has(textOf(c)));
        if (at < 0) continue;
        let length = 1;
        const next = (i: number) => children[at + i];
        if (next(length) instanceof Y.XmlElement && (next(length) as Y.XmlElement).nodeName === 'paragraph') length++;
        if (next(length) instanceof Y.XmlElement && (next(length) as Y.XmlElement).nodeName === 'bulletList') length++;
        fragment.delete(at, length);
        // In the same place when it stays in the same section.
        if (fragment === target && !replaced) {
          fragment.insert(at, blockElements(poll, results, turnout, language));
          replaced = true;
        }
      }
      if (!replaced) target.insert(target.length, blockElements(poll, results, turnout, language));
    },
    'poll results block',
  );
}
