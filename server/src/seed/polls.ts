import { ErrorCode, type PollInput } from '@dialogo/shared';
import { AppError } from '../errors.ts';
import type { Services } from '../services.ts';
import { DEMO_PEOPLE } from './network.ts';

/** The minutes the seed polls report into (server/src/seed/demo.ts). */
const MINUTES = 'minutes:2020-06-18-coordination';

/**
 * The three questions the network put to the cities after the coordination meeting of 18 June
 * 2020 (seeds/000), and the coordination structure of the 2017-2020 action plan (seeds/001). They
 * are drafts: the coordinator opens them.
 */
export const DEMO_POLLS: { id: string; input: PollInput }[] = [
  {
    id: 'anti-rumours-event',
    input: {
      question: 'Should we reprogramme the thematic event on the Anti-rumours strategy?',
      description:
        'The event planned for the end of February in Reggio Emilia was cancelled by the Covid-19 outbreak. Say whether your city is interested in reprogramming it and whether it is feasible under the current restrictions.',
      kind: 'proposal',
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional', allowBlock: false },
      minutes: MINUTES,
      agendaItem: '2. Work plan & next steps for the Cities (2nd semester of 2020)',
    },
  },
  {
    id: 'activities-2nd-semester-2020',
    input: {
      question: 'Which new activities should the network do in the 2nd semester of 2020?',
      description: 'Rank the activities from the most to the least wanted by your city; leave out those you do not want at all.',
      kind: 'ranked',
      options: [
        'National communication campaign of the network',
        'Trainings on intercultural competences for municipal staff',
        'Online good practice exchange meeting',
        'Joint project proposal to a ministry or a foundation',
      ],
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
      minutes: MINUTES,
      agendaItem: '2. Work plan & next steps for the Cities (2nd semester of 2020)',
    },
  },
  {
    id: 'coordination-structure',
    input: {
      question: 'Which coordination structure should the network adopt?',
      description: 'The options of the ICC-ITA action plan: who coordinates and manages the network and seeks extra funding for it.',
      kind: 'single',
      options: [
        'Three cities rotating the coordination (12 months each)',
        'One lead city coordinating the network',
        'An external body coordinating the network',
      ],
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
      minutes: MINUTES,
    },
  },
];

/** Seeds the demo polls once; running it again changes nothing (ids are fixed). */
export async function seedPolls(services: Services): Promise<void> {
  const coordinator = await services.people.byEmail(DEMO_PEOPLE.find((p) => p.role === 'coordinator')!.email);
  if (!coordinator) return;
  for (const { id, input } of DEMO_POLLS) {
    if (await services.polls.get(id)) continue;
    try {
      await services.polls.create(input, coordinator, id);
    } catch (err) {
      // Another instance seeding at the same moment got there first.
      if (!(err instanceof AppError && err.code === ErrorCode.conflict)) throw err;
    }
  }
}
