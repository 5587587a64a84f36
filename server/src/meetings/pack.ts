import * as Y from 'yjs';
import { agendaItems, AgendaShape, type ActionItem, type AgendaItem, type Language, type Meeting, type Poll } from '@dialogo/shared';
import type { DocumentPart } from '../documents/outline.ts';
import { element, paragraph, textNode, type ScratchNode as Node } from '../documents/scratch-nodes.ts';
import { formatDate, formatDateTime, formatDay, formatTime, translatorFor } from '../i18n/index.ts';

/**
 * A meeting's pack, sent before it: what the meeting is (title, date and time in Europe/Rome,
 * place), its agenda (each item with presenter, time box and description), who registered, the
 * polls linked to it, and the action items of earlier meetings' minutes still open or in progress,
 * in the reader's language. Built as document parts in a scratch document (the caller destroys
 * it), so the Word and PDF writers of every other document render it.
 */

export interface PackInput {
  meeting: Meeting;
  /** The meeting's agenda document, as stored. */
  agendaDoc: Y.Doc;
  /** Polls linked to the meeting (launched from it, or writing into its minutes) that the reader may see. */
  polls: Poll[];
  /** Action items of earlier meetings the reader may see, still open or in progress. */
  openItems: ActionItem[];
  cityName(id: string): string;
  personName(id: string): string;
  language: Language;
}

const table = (header: string[], rows: string[][]) => {
  const cell = (tag: 'tableHeader' | 'tableCell', text: string) => element(tag, [paragraph([{ text }])]);
  return element('table', [
    element(
      'tableRow',
      header.map((h) => cell('tableHeader', h)),
    ),
    ...rows.map((row) =>
      element(
        'tableRow',
        row.map((c) => cell('tableCell', c)),
      ),
    ),
  ]);
};

/** The polls a meeting's pack lists: launched from the meeting, or writing their results into its minutes. */
export function pollsOfMeeting(polls: Poll[], meetingId: string, minutesName: string): Poll[] {
  return polls.filter((poll) => poll.meetingId === meetingId || poll.minutes === minutesName).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The pack's title: "Meeting pack — <meeting>". */
export function packTitle(meeting: Meeting, language: Language): string {
  return translatorFor(language)('pack.title', { meeting: meeting.title });
}

export function meetingPackParts(input: PackInput): { parts: DocumentPart[]; scratch: Y.Doc } {
  const { meeting, language } = input;
  const t = translatorFor(language);
  const scratch = new Y.Doc();
  let n = 0;
  const fragmentOf = (nodes: Node[]) => {
    const fragment = scratch.getXmlFragment(`part-${n++}`);
    fragment.insert(0, nodes);
    return fragment;
  };
  const fact = (label: string, value: string) => paragraph([{ text: `${label}:`, bold: true }, { text: ` ${value}` }]);
  const place = [
    meeting.place,
    meeting.hostCityId ? input.cityName(meeting.hostCityId) : '',
    meeting.onlineUrl ? `${t('minutes.online')} (${meeting.onlineUrl})` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const parts: DocumentPart[] = [
    {
      fragment: fragmentOf([
        fact(t('minutes.meeting'), meeting.title),
        fact(t('minutes.date'), `${formatDateTime(meeting.startsAt, language)}–${formatTime(meeting.endsAt, language)}`),
        ...(place ? [fact(t('minutes.place'), place)] : []),
        ...(meeting.experts ? [fact(t('pack.experts'), meeting.experts)] : []),
        ...(meeting.cancelledAt ? [paragraph([{ text: t('pack.cancelled'), bold: true }])] : []),
      ]),
    },
  ];

  // The agenda: each item under its number and title, presenter and time box, then its description.
  const cells = input.agendaDoc.getMap<Y.Map<unknown>>(AgendaShape.items);
  const agenda: AgendaItem[] = agendaItems(cells.toJSON() as Record<string, unknown>);
  const agendaNodes: Node[] = [];
  for (const item of agenda) {
    agendaNodes.push(element('heading', [textNode([{ text: `${item.number}. ${item.title}` }])], { level: '1' }));
    const about = [item.presenter ? t('minutes.presenter', { name: item.presenter }) : '', item.minutes ? t('minutes.timeBox', { count: item.minutes }) : '']
      .filter(Boolean)
      .join(' · ');
    if (about) agendaNodes.push(paragraph([{ text: about, italic: true }]));
    const description = cells.get(item.id)?.get('description');
    if (description instanceof Y.XmlFragment)
      for (const node of description.toArray()) if (node instanceof Y.XmlElement || node instanceof Y.XmlText) agendaNodes.push(node.clone());
  }
  parts.push({
    heading: t('minutes.agenda'),
    fragment: fragmentOf(agendaNodes.length ? agendaNodes : [paragraph([{ text: t('pack.noAgenda'), italic: true }])]),
  });

  // Who registered to attend.
  const registrations = [...(meeting.registrations ?? [])].sort((a, b) => a.name.localeCompare(b.name, language));
  parts.push({
    heading: t('pack.registered', { count: registrations.length }),
    fragment: fragmentOf(
      registrations.length
        ? [
            table(
              [t('pack.columns.person'), t('pack.columns.city')],
              registrations.map((r) => [r.name, r.cityId ? input.cityName(r.cityId) : '—']),
            ),
          ]
        : [paragraph([{ text: t('pack.nobodyRegistered'), italic: true }])],
    ),
  });

  // The polls linked to the meeting.
  const itemLabel = (id: string | undefined) => {
    if (!id) return t('minutes.generalNotes');
    const item = agenda.find((x) => x.id === id);
    return item ? `${item.number}. ${item.title}` : id;
  };
  const pollTime = (poll: Poll) => {
    const at = poll.closedAt ?? poll.closesAt;
    return at ? formatDateTime(at, language) : '—';
  };
  parts.push({
    heading: t('pack.polls'),
    fragment: fragmentOf(
      input.polls.length
        ? [
            table(
              [t('pack.columns.question'), t('pack.columns.status'), t('pack.columns.closes'), t('pack.columns.agendaItem')],
              input.polls.map((p) => [p.question, t(`pack.pollStatuses.${p.status}`), pollTime(p), itemLabel(p.agendaItem)]),
            ),
          ]
        : [paragraph([{ text: t('pack.noPolls'), italic: true }])],
    ),
  });

  // What earlier meetings left to do.
  const owner = (value: string) => {
    const [kind, id = ''] = value.split(':');
    return kind === 'city' ? input.cityName(id) : kind === 'person' ? input.personName(id) : t('minutes.unassigned');
  };
  parts.push({
    heading: t('pack.openItems'),
    fragment: fragmentOf(
      input.openItems.length
        ? [
            table(
              [t('minutes.columns.what'), t('minutes.columns.owner'), t('minutes.columns.due'), t('minutes.columns.status'), t('pack.columns.meeting')],
              input.openItems.map((it) => [
                it.description,
                owner(it.owner),
                it.due ? formatDay(it.due, language, { weekday: false }) : t('minutes.noDue'),
                t(`minutes.statuses.${it.status}`),
                `${it.meetingTitle} (${formatDate(it.meetingStartsAt, language)})`,
              ]),
            ),
          ]
        : [paragraph([{ text: t('pack.noOpenItems'), italic: true }])],
    ),
  });
  return { parts, scratch };
}
