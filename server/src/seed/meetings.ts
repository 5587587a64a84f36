import * as Y from 'yjs';
import { generateNKeysBetween } from 'fractional-indexing';
import { agendaDocName, AgendaShape, newText } from '@dialogo/shared';
import type { Meetings } from '../meetings/meetings.ts';
import type { Store } from '../store/index.ts';

/** The coordination meeting of 18 June 2020 (seeds/000); its minutes are the demo minutes. */
export const DEMO_MEETING_ID = '2020-06-18-coordination';

interface SeedItem {
  id: string;
  title: string;
  presenter: string;
  minutes: number;
  description: string;
  children?: SeedItem[];
}

/** The three parts of the meeting, as the network's report lists them. */
const AGENDA_18_JUNE: SeedItem[] = [
  {
    id: 'part-1',
    title: 'Analysis of intercultural policies during the Covid-19 emergency',
    presenter: 'Lorenzo Kihlgren Grandi',
    minutes: 45,
    description:
      'Introduced by Lorenzo Kihlgren Grandi (City Diplomacy, Sciences Po; president of Urban Flag): effective European initiatives as inspiring practices; then each city shares the projects activated during the emergency.',
  },
  {
    id: 'part-2',
    title: 'Work plan & next steps for the Cities (2nd semester of 2020)',
    presenter: 'Chiara Bellini',
    minutes: 15,
    description: 'The work plan envisaged by the network and the prospects for the months to come.',
    children: [
      {
        id: 'part-2-1',
        title: 'Reprogramming the thematic event on the Anti-rumours strategy',
        presenter: 'Marco Ferri',
        minutes: 15,
        description: 'Cancelled in February (Reggio Emilia): interest of the cities and feasibility under the current restrictions.',
      },
      {
        id: 'part-2-2',
        title: 'New activities: national communication campaign, trainings on intercultural competences',
        presenter: 'Chiara Bellini',
        minutes: 15,
        description: 'Preferences of the cities for the 2nd semester of 2020.',
      },
    ],
  },
  {
    id: 'part-3',
    title: 'Communication activities of the Network',
    presenter: 'Chiara Bellini',
    minutes: 30,
    description: 'New solutions and tools to systematize contents and smooth the communication among the network.',
  },
];

function paragraph(text: string): Y.XmlElement {
  const el = new Y.XmlElement('paragraph');
  el.insert(0, [new Y.XmlText(text)]);
  return el;
}

/** The first update of an agenda document (see `AgendaShape`). */
export function agendaUpdate(items: SeedItem[]): Uint8Array {
  const doc = new Y.Doc();
  const map = doc.getMap<Y.Map<unknown>>(AgendaShape.items);
  const add = (list: SeedItem[], parent: string) => {
    const keys = generateNKeysBetween(null, null, list.length);
    list.forEach((item, i) => {
      const cells = new Y.Map<unknown>();
      map.set(item.id, cells);
      cells.set('order', keys[i]);
      cells.set('parent', parent);
      cells.set('title', newText(item.title));
      cells.set('presenter', newText(item.presenter));
      cells.set('minutes', String(item.minutes));
      const description = new Y.XmlFragment();
      cells.set('description', description);
      description.insert(0, [paragraph(item.description)]);
      if (item.children) add(item.children, item.id);
    });
  };
  add(items, '');
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Seeds the 18 June meeting and its agenda once, linked to the demo minutes; idempotent. */
export async function seedDemoMeetings(store: Store, meetings: Meetings): Promise<void> {
  if (await meetings.get(DEMO_MEETING_ID)) return;
  const agenda = agendaDocName(DEMO_MEETING_ID);
  if ((await store.docs.load(agenda)).length === 0) await store.docs.append(agenda, [agendaUpdate(AGENDA_18_JUNE)]);
  await meetings.create(
    {
      title: 'Coordination meeting of the Cities of Dialogue',
      // 10:00-12:00 in Rome (CEST, UTC+2).
      startsAt: '2020-06-18T08:00:00.000Z',
      endsAt: '2020-06-18T10:00:00.000Z',
      onlineUrl: '',
      place: 'Online',
      hostCityId: '',
      experts: 'Lorenzo Kihlgren Grandi (City Diplomacy, Sciences Po; Urban Flag)',
      support: 'Network coordination',
      notes: 'Challenges and renewed goals for the 2nd semester of 2020.',
      participants: { cities: [], people: [] },
      visibility: 'network',
    },
    DEMO_MEETING_ID,
    { createdAt: '2020-06-01T08:00:00.000Z' },
  );
}
