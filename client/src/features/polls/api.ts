import type { PollInput, PollPatch, VoteInput } from '@dialogo/shared';
import { data, rpc, withSignal } from '../../lib/rpc.ts';

const poll = (id: string) => ({ param: { id } });

/** Query keys of the polls feature. */
export const pollKeys = {
  /** Not `['polls']`: invalidating the list must not reach the other polls queries under that prefix. */
  list: ['polls', 'list'] as const,
  /** One poll as the reader sees it, kept current live (`usePoll`). */
  view: (id: string) => ['polls', 'view', id] as const,
  minutes: ['polls', 'minutes'] as const,
  agenda: (minutes: string) => ['polls', 'agenda-items', minutes] as const,
};

/** The polls page: every poll the reader may see, and whether they may start one (`can.create`). */
export const fetchPolls = (signal?: AbortSignal) => data(rpc.polls.$get(undefined, withSignal(signal)));
export const fetchPoll = (id: string, signal?: AbortSignal) => data(rpc.polls[':id'].$get(poll(id), withSignal(signal)));
export const createPoll = async (input: PollInput) => (await data(rpc.polls.$post({ json: input }))).poll;
export const patchPoll = (id: string, patch: PollPatch) => data(rpc.polls[':id'].$patch({ ...poll(id), json: patch }));
export const openPoll = (id: string) => data(rpc.polls[':id'].open.$post(poll(id)));
export const closePoll = (id: string) => data(rpc.polls[':id'].close.$post(poll(id)));
export const votePoll = (id: string, vote: VoteInput) => data(rpc.polls[':id'].vote.$post({ ...poll(id), json: vote }));
export const resultsCsvUrl = (id: string) => `/api/polls/${encodeURIComponent(id)}/results.csv`;
export const chartUrl = (id: string) => `/api/polls/${encodeURIComponent(id)}/chart.svg`;
export const ballotsCsvUrl = (id: string) => `/api/polls/${encodeURIComponent(id)}/ballots.csv`;
/** One item of a meeting's agenda, as the poll form offers it. */
export interface AgendaChoice {
  id: string;
  number: string;
  title: string;
}
/** The agenda items of these minutes: where a poll's results block may go. */
export const fetchAgendaItems = async (minutes: string, signal?: AbortSignal): Promise<AgendaChoice[]> =>
  (await data(rpc.polls['agenda-items'].$get({ query: { minutes } }, withSignal(signal)))).items;
export const resultsXlsxUrl = (id: string) => `/api/polls/${encodeURIComponent(id)}/results.xlsx`;
export const ballotsXlsxUrl = (id: string) => `/api/polls/${encodeURIComponent(id)}/ballots.xlsx`;
/** Minutes documents a poll's results can go into: approved (locked) minutes take nothing more, so they are not offered. */
export const fetchMinutes = async (signal?: AbortSignal) =>
  (await data(rpc.documents.$get(undefined, withSignal(signal)))).documents.filter((d) => d.kind === 'minutes' && !d.scope?.locked);
