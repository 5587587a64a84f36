import type { CityFigures, NetworkDashboard } from '@dialogo/shared';
import { can, type Actor } from '../access/policy.ts';
import { collectActionItems } from '../meetings/action-items.ts';
import { meetingResource, type Meetings } from '../meetings/meetings.ts';
import { canSee, effectiveStatus, type Polls } from '../polls/service.ts';
import { proposalResource, type Proposals } from '../proposals/proposals.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import type { Cities } from '../network/cities.ts';
import type { People } from '../network/people.ts';

export interface DashboardDeps {
  liveDocs: LiveDocs;
  cities: Cities;
  people: People;
  meetings: Meetings;
  polls: Polls;
  proposals: Proposals;
}

/**
 * The figures of every member city and of the network, computed from the records as they are now
 * and limited to what `actor` may see (a restricted meeting or a partners-only proposal counts only
 * for those who may read it). Anonymous polls count in the turnout, never per city.
 */
export async function networkDashboard(actor: Actor, { liveDocs, cities, people, meetings, polls, proposals }: DashboardDeps): Promise<NetworkDashboard> {
  const [cityList, personList, meetingList, pollList, proposalList] = await Promise.all([
    cities.list(),
    people.list(),
    meetings.list(),
    polls.list(),
    proposals.list(),
  ]);
  const members = cityList.filter((c) => !c.archived);
  const cityOfPerson = new Map(personList.map((p) => [p.id, p.cityId ?? null]));

  const visibleMeetings = meetingList.filter((m) => can(actor, 'read', meetingResource(m)));
  const items = await collectActionItems(liveDocs, visibleMeetings);
  const ownerCity = (owner: string) =>
    owner.startsWith('city:') ? owner.slice(5) : owner.startsWith('person:') ? (cityOfPerson.get(owner.slice(7)) ?? null) : null;

  // Polls the reader may see, opened at least once, with who voted.
  const seen = pollList
    .map((p) => ({ poll: p, status: effectiveStatus(p) }))
    .filter(({ poll, status }) => status !== 'draft' && canSee(actor, { ...poll, status }));
  const counted = await Promise.all(seen.map(async ({ poll, status }) => ({ poll, status, ...(await polls.count(poll)) })));
  const named = counted.filter(({ poll }) => !poll.settings.anonymous);
  const votersOf = (c: (typeof counted)[number]) =>
    new Set(c.ballots.map((b) => (c.poll.settings.ballot === 'city' ? b.voter : (cityOfPerson.get(b.voter) ?? ''))));
  const namedVoters = new Map(named.map((c) => [c.poll.id, votersOf(c)]));

  const figures: CityFigures[] = members.map((city) => {
    const voted = named.filter((c) => namedVoters.get(c.poll.id)!.has(city.id));
    const open = items.filter((i) => ownerCity(i.owner) === city.id && i.status !== 'done' && i.status !== 'cancelled');
    return {
      cityId: city.id,
      name: city.name,
      icc: { status: city.icc.status, date: city.icc.date ?? '' },
      statementSigned: city.statementOfIntent.signed,
      delegates: city.delegates.length,
      meetingsAttended: visibleMeetings.filter((m) => m.attendance.some((a) => a.cityId === city.id)).length,
      pollsVoted: voted.length,
      pollsEligible: named.length,
      openPollsNotVoted: named.filter((c) => c.status === 'open' && !namedVoters.get(c.poll.id)!.has(city.id)).length,
      openActionItems: open.length,
      overdueActionItems: open.filter((i) => i.overdue).length,
      proposals: proposalList.filter(
        (p) => can(actor, 'read', proposalResource(p)) && (p.leadCityId === city.id || p.partners.some((x) => x.cityId === city.id)),
      ).length,
    };
  });
  figures.sort((a, b) => a.name.localeCompare(b.name, 'it'));

  return {
    cities: figures,
    summary: {
      cities: members.length,
      withProfile: members.filter((c) => c.icc.status !== 'none').length,
      statementSigned: members.filter((c) => c.statementOfIntent.signed).length,
      openPolls: counted
        .filter((c) => c.status === 'open')
        .map((c) => ({ id: c.poll.id, question: c.poll.question, eligible: c.turnout.eligible, voted: c.turnout.voted })),
      citiesNotVoted: figures.filter((f) => f.openPollsNotVoted > 0).length,
      overdueActionItems: figures.reduce((sum, f) => sum + f.overdueActionItems, 0),
    },
  };
}
