import * as Y from 'yjs';
import { restoreFragment } from './restore.ts';
import { newText } from './text-fields.ts';
import { ProposalShape, proposalSections, sectionField, type Section, type TemplateSection } from './schemas/proposal.ts';

/**
 * Reading and writing a proposal's Y.Doc, the same way on the server (seeding, export, versions)
 * and in the client (outline, budget, restore).
 */

/** Plain text of a rich-text node, blocks separated by newlines (for counts and comparisons). */
export function plainText(node: Y.XmlFragment | Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) return (node.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  const children = node.toArray() as (Y.XmlElement | Y.XmlText)[];
  const blockish = node instanceof Y.XmlFragment && !(node instanceof Y.XmlElement);
  const joiner =
    blockish || (node instanceof Y.XmlElement && (node.nodeName === 'listItem' || node.nodeName.endsWith('List') || node.nodeName === 'blockquote'))
      ? '\n'
      : '';
  return children.map((child) => plainText(child)).join(joiner);
}

/** The outline of a proposal document, in order. */
export function sectionsOf(doc: Y.Doc): Section[] {
  return proposalSections(doc.getMap(ProposalShape.sections).toJSON() as Record<string, unknown>);
}

/** Writes a template's sections into an empty proposal document (one transaction). */
export function writeOutline(doc: Y.Doc, sections: readonly TemplateSection[], assignees: Record<string, string> = {}): void {
  const map = doc.getMap<Y.Map<unknown>>(ProposalShape.sections);
  doc.transact(() => {
    sections.forEach((section, order) => {
      const cells = new Y.Map<unknown>();
      map.set(section.key, cells);
      cells.set('title', newText(section.title));
      cells.set('order', order);
      if (section.limit) {
        cells.set('limitMax', section.limit.max);
        cells.set('limitUnit', section.limit.unit);
      }
      cells.set('assignee', assignees[section.key] ?? '');
      cells.set('ready', false);
    });
  });
}

/** Replaces every row of a Y.Map-of-Y.Maps with copies of another's (a restore of a table). */
function restoreRows(target: Y.Map<Y.Map<unknown>>, earlier: Y.Map<Y.Map<unknown>>): void {
  for (const id of [...target.keys()]) target.delete(id);
  for (const [id, cells] of earlier.entries()) {
    const copy = new Y.Map<unknown>();
    target.set(id, copy);
    // Text fields are Y.Text of the earlier document: they go in as copies.
    for (const [k, v] of cells.entries()) copy.set(k, v instanceof Y.AbstractType ? v.clone() : v);
  }
}

/**
 * Restores a whole proposal (outline, every section's text, budget, timeline) to an earlier state,
 * as one new change on top: nothing of the history is rewritten, every client receives it as an edit.
 */
export function restoreProposal(target: Y.Doc, earlier: Y.Doc): void {
  target.transact(() => {
    const sections = sectionsOf(earlier);
    for (const section of sections) restoreFragment(target.getXmlFragment(sectionField(section.key)), earlier.getXmlFragment(sectionField(section.key)));
    for (const shape of [ProposalShape.sections, ProposalShape.budget, ProposalShape.timeline]) {
      restoreRows(target.getMap<Y.Map<unknown>>(shape), earlier.getMap<Y.Map<unknown>>(shape));
    }
  }, 'restore');
}
