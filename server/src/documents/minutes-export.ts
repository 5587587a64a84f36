import * as Y from 'yjs';
import { DocShape, LANGUAGES, minutesSectionName, MinutesNode, type AgendaItem, type Language, type Meeting } from '@dialogo/shared';
import { actionItemsOf, decisionsOf } from './minutes-content.ts';
import { formatDateTime, formatDay, formatList, formatTime, translatorFor } from '../i18n/index.ts';
import type { DocumentPart } from './outline.ts';
import { element, paragraph } from './scratch-nodes.ts';

/**
 * Minutes as an export carries them (Word, Markdown, print), in the reader's language: what the
 * meeting was (title, date and time in Europe/Rome, place), who was there (the cities and people
 * the room recorded), then the general notes and each agenda item under its number and title with
 * its presenter, the decisions marked as decisions, the action items as a table (what, owner, due
 * date, status) and the poll results blocks as they were written.
 *
 * Minutes typed before sections existed repeat the document's title and the agenda's headings in
 * their general notes: a leading heading that repeats the title is left out, and the notes under a
 * heading that names an agenda item go to that item's section, so nothing shows twice and no
 * agenda heading is left empty beside its twin.
 *
 * The parts live in a scratch document of their own (clones of the stored content, plus the
 * export's own blocks), read by the same renderers as every other document; the caller destroys
 * it after rendering.
 */

export interface MinutesExportInput {
  /** The document's title (what the export's first heading says). */
  title: string;
  meeting: Meeting;
  agenda: AgendaItem[];
  cityName(id: string): string;
  personName(id: string): string;
  language: Language;
}

type Node = Y.XmlElement | Y.XmlText;

const normalize = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function plainText(node: Node): string {
  if (node instanceof Y.XmlText) return (node.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
  return node
    .toArray()
    .map((c) => plainText(c as Node))
    .join('');
}

/** Does a heading of the notes name this agenda item ("2. Work plan", "Work plan & next steps")? */
function namesItem(heading: string, item: AgendaItem): boolean {
  const h = normalize(heading);
  if (!h) return false;
  const withoutNumber = normalize(heading.replace(/^\s*\d+(\.\d+)*\.?\s*/, ''));
  const title = normalize(item.title);
  if (!title || !withoutNumber) return false;
  const numbered = new RegExp(`^${item.number.replace(/\./g, '\\.')}\\.?\\s`).test(heading.trim());
  return (
    title === withoutNumber ||
    title.startsWith(withoutNumber) ||
    withoutNumber.startsWith(title) ||
    (numbered && (title.startsWith(withoutNumber.split(' ')[0]!) || withoutNumber.startsWith(title.split(' ')[0]!)))
  );
}

/** Does a heading repeat the document's title ("Coordination meeting of … — 18 June" for "Coordination meeting — 18 June")? */
function repeatsTitle(heading: string, titles: string[]): boolean {
  const h = normalize(heading);
  return titles.some((title) => {
    const whole = normalize(title);
    const first = normalize(title.split(/\s[—–-]\s/)[0] ?? '');
    return !!h && (h === whole || (!!first && h.startsWith(first)));
  });
}

/** The start of a poll results block's heading, in every language. */
const RESULTS_PREFIXES = LANGUAGES.map((language) => translatorFor(language)('poll.heading', { question: '' }));

export function minutesExportParts(doc: Y.Doc, input: MinutesExportInput): { parts: DocumentPart[]; scratch: Y.Doc } {
  const { meeting, agenda, language } = input;
  const t = translatorFor(language);
  const scratch = new Y.Doc();
  let n = 0;
  const fragmentOf = (nodes: Node[]) => {
    const fragment = scratch.getXmlFragment(`part-${n++}`);
    fragment.insert(0, nodes);
    return fragment;
  };
  /** A stored block as it goes into the export: a decision or an action item marked as such, anything else cloned. */
  const exported = (node: Node): Node => {
    if (node instanceof Y.XmlElement && node.nodeName === MinutesNode.decision) {
      return paragraph([{ text: `${t('minutes.decision')}:`, bold: true }, { text: ` ${plainText(node)}` }]);
    }
    if (node instanceof Y.XmlElement && node.nodeName === MinutesNode.actionItem) {
      return paragraph([{ text: `${t('minutes.actionItem')}:`, bold: true }, { text: ` ${plainText(node)}` }]);
    }
    return node.clone() as Node;
  };

  // The header: what, when, where, who.
  const place = [
    meeting.place,
    meeting.hostCityId ? input.cityName(meeting.hostCityId) : '',
    meeting.onlineUrl ? `${t('minutes.online')} (${meeting.onlineUrl})` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const attended = meeting.attendance ?? [];
  const cities = [...new Set(attended.map((a) => a.cityId).filter((id): id is string => !!id))]
    .map(input.cityName)
    .sort((a, b) => a.localeCompare(b, language));
  const people = [...new Set(attended.map((a) => a.name))].sort((a, b) => a.localeCompare(b, language));
  const fact = (label: string, value: string) => paragraph([{ text: `${label}:`, bold: true }, { text: ` ${value}` }]);
  const header: Node[] = [
    fact(t('minutes.meeting'), meeting.title),
    fact(t('minutes.date'), `${formatDateTime(meeting.startsAt, language)}–${formatTime(meeting.endsAt, language)}`),
    ...(place ? [fact(t('minutes.place'), place)] : []),
    fact(t('minutes.presentCities'), cities.length ? formatList(cities, language) : t('minutes.nobodyRecorded')),
    fact(t('minutes.presentPeople'), people.length ? formatList(people, language) : t('minutes.nobodyRecorded')),
    fact(t('minutes.status'), t(`minutes.minutesStatus.${meeting.minutesStatus}`)),
  ];
  const parts: DocumentPart[] = [{ fragment: fragmentOf(header) }];

  // The general notes, without a heading that repeats the title; what stands under a heading that
  // names an agenda item goes to that item.
  const notes: Node[] = [];
  const moved = new Map<string, Node[]>();
  let target: Node[] = notes;
  let movedLevel = 0;
  const body = doc.getXmlFragment(DocShape.body).toArray() as Node[];
  body.forEach((node, i) => {
    if (node instanceof Y.XmlElement && node.nodeName === 'heading') {
      const text = plainText(node);
      const level = Number(node.getAttribute('level')) || 1;
      if (i === 0 && repeatsTitle(text, [input.title, meeting.title])) return;
      const item = agenda.find((it) => namesItem(text, it));
      if (item) {
        target = moved.get(item.id) ?? [];
        moved.set(item.id, target);
        movedLevel = level;
        return;
      }
      // A heading of the same rank or above, or a poll's results block, ends the item's notes.
      if (level <= movedLevel || RESULTS_PREFIXES.some((prefix) => text.startsWith(prefix))) {
        target = notes;
        movedLevel = 0;
      }
    }
    target.push(exported(node));
  });
  if (notes.length) parts.push({ heading: t('minutes.generalNotes'), fragment: fragmentOf(notes) });

  for (const item of agenda) {
    const intro: Node[] = [];
    const about = [item.presenter ? t('minutes.presenter', { name: item.presenter }) : '', item.minutes ? t('minutes.timeBox', { count: item.minutes }) : '']
      .filter(Boolean)
      .join(' · ');
    if (about) intro.push(paragraph([{ text: about, italic: true }]));
    const section = (doc.getXmlFragment(minutesSectionName(item.id)).toArray() as Node[]).map(exported);
    parts.push({ heading: `${item.number}. ${item.title}`, fragment: fragmentOf([...intro, ...(moved.get(item.id) ?? []), ...section]) });
  }
  // Notes of an item since removed from the agenda are kept, at the end, rather than lost.
  const listed = new Set(agenda.map((item) => minutesSectionName(item.id)));
  for (const name of [...doc.share.keys()].sort()) {
    if (name.startsWith(minutesSectionName('')) && !listed.has(name)) {
      const nodes = (doc.getXmlFragment(name).toArray() as Node[]).map(exported);
      if (nodes.length) parts.push({ heading: t('minutes.removedItem'), fragment: fragmentOf(nodes) });
    }
  }

  // Decisions, collected.
  const decisions = decisionsOf(doc);
  if (decisions.length) {
    parts.push({
      heading: t('minutes.decisions'),
      fragment: fragmentOf([
        element(
          'bulletList',
          decisions.map((d) => element('listItem', [paragraph([{ text: d }])])),
        ),
      ]),
    });
  }
  // Action items as a table: what, owner, due date, status (and the agenda item it belongs to).
  const items = actionItemsOf(doc, meeting);
  if (items.length) {
    const section = (id: string) => {
      const item = agenda.find((x) => x.id === id);
      return item ? `${item.number}. ${item.title}` : t('minutes.generalNotes');
    };
    const owner = (value: string) => {
      const [kind, id = ''] = value.split(':');
      return kind === 'city' ? input.cityName(id) : kind === 'person' ? input.personName(id) : t('minutes.unassigned');
    };
    const cell = (tag: 'tableHeader' | 'tableCell', text: string) => element(tag, [paragraph([{ text }])]);
    const columns = ['what', 'owner', 'due', 'status', 'section'].map((c) => t(`minutes.columns.${c}`));
    const rows = [
      element(
        'tableRow',
        columns.map((c) => cell('tableHeader', c)),
      ),
      ...items.map((it) =>
        element(
          'tableRow',
          [
            it.description,
            owner(it.owner),
            it.due ? formatDay(it.due, language) : t('minutes.noDue'),
            t(`minutes.statuses.${it.status}`),
            section(it.agendaItemId),
          ].map((c) => cell('tableCell', c)),
        ),
      ),
    ];
    parts.push({ heading: t('minutes.actionItems'), fragment: fragmentOf([element('table', rows)]) });
  }
  return { parts, scratch };
}
