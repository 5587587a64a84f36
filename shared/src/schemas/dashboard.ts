import type { IccStatus } from './network.ts';

/**
 * The city dashboard (`GET /api/network/dashboard`): per member city, what the records say about
 * its part in the network's life, and the network's summary. Computed on request from the
 * meetings' attendance, the polls' ballots, the action items in the minutes and the proposals,
 * counting only what the reader may see. Anonymous polls count in the turnout only, never per city.
 */
export interface CityFigures {
  cityId: string;
  name: string;
  icc: { status: IccStatus; date: string };
  statementSigned: boolean;
  delegates: number;
  /** Meetings at least one of its people attended (from the room's attendance). */
  meetingsAttended: number;
  /** Named polls (opened or closed) it voted in, out of those it could vote in. */
  pollsVoted: number;
  pollsEligible: number;
  /** Open named polls it has not voted in yet. */
  openPollsNotVoted: number;
  /** Action items owned by the city or one of its people, not done or cancelled; and how many are overdue. */
  openActionItems: number;
  overdueActionItems: number;
  /** Proposals it leads or is a partner in. */
  proposals: number;
}

export interface NetworkDashboard {
  cities: CityFigures[];
  summary: {
    cities: number;
    withProfile: number;
    statementSigned: number;
    /** Open polls and their turnout (every poll, anonymous ones included). */
    openPolls: { id: string; question: string; eligible: number; voted: number }[];
    /** Cities that have not voted in at least one open named poll. */
    citiesNotVoted: number;
    overdueActionItems: number;
  };
}
