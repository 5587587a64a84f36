import * as Y from 'yjs';
import { agendaItems, AgendaShape, DocKind, DocShape, minutesSectionName, parseDocName, sectionField, sectionsOf, type AgendaItem } from '@dialogo/shared';
import { readAgenda } from './agenda.ts';
import type { LiveDocs } from '../ports/live-docs.ts';

/** One titled stretch of a document's text, in reading order. */
export interface DocumentPart {
  heading?: string;
  fragment: Y.XmlFragment;
}

const itemHeading = (item: AgendaItem) => `${item.number}. ${item.title}`;

/**
 * The rich text of a document as its readers see it: a note's body; a proposal's sections with
 * their titles; an agenda's items with their descriptions; minutes' general notes followed by one
 * section per agenda item, in the agenda's order and under its titles (read from the meeting's
 * agenda, which lives in a document of its own). Exports, published pages and version
 * comparisons all read documents through this one outline.
 */
export async function documentParts(docs: LiveDocs, name: string, doc: Y.Doc): Promise<DocumentPart[]> {
  const parsed = parseDocName(name);
  const body: DocumentPart = { fragment: doc.getXmlFragment(DocShape.body) };
  switch (parsed?.kind) {
    case DocKind.proposal: {
      const sections = sectionsOf(doc);
      if (sections.length === 0) return [body];
      return sections.map((s) => ({ heading: s.title, fragment: doc.getXmlFragment(sectionField(s.key)) }));
    }
    case DocKind.agenda:
      return agendaParts(doc);
    case DocKind.minutes:
      return minutesParts(doc, await readAgenda(docs, parsed.id), body);
    default:
      return [body];
  }
}

function agendaParts(doc: Y.Doc): DocumentPart[] {
  const cells = doc.getMap<Y.Map<unknown>>(AgendaShape.items);
  return agendaItems(cells.toJSON() as Record<string, unknown>).map((item) => {
    const description = cells.get(item.id)?.get('description');
    return { heading: itemHeading(item), fragment: description instanceof Y.XmlFragment ? description : new Y.XmlFragment() };
  });
}

function minutesParts(doc: Y.Doc, agenda: AgendaItem[], body: DocumentPart): DocumentPart[] {
  const listed = new Set(agenda.map((item) => minutesSectionName(item.id)));
  const parts: DocumentPart[] = [body];
  for (const item of agenda) parts.push({ heading: itemHeading(item), fragment: doc.getXmlFragment(minutesSectionName(item.id)) });
  // Notes of an item since removed from the agenda are kept, at the end, rather than lost.
  for (const name of [...doc.share.keys()].sort()) {
    if (name.startsWith(minutesSectionName('')) && !listed.has(name)) {
      const fragment = doc.getXmlFragment(name);
      if (fragment.length > 0) parts.push({ fragment });
    }
  }
  return parts;
}
