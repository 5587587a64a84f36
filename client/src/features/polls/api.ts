import type { Poll, PollInput, PollPatch, PollView, VoteInput } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

/** One row of the polls page (`GET /api/polls`). */
export interface PollListItem {
  poll: Poll;
  status: PollView['status'];
  turnout: { eligible: number; voted: number };
  voted: boolean;
}

export const fetchPolls = (signal?: AbortSignal) => api.get<{ polls: PollListItem[] }>('/api/polls', signal).then((r) => r.polls);
export const fetchPoll = (id: string, signal?: AbortSignal) => api.get<PollView>(`/api/polls/${encodeURIComponent(id)}`, signal);
export const createPoll = (input: PollInput) => api.post<{ poll: Poll }>('/api/polls', input).then((r) => r.poll);
export const patchPoll = (id: string, patch: PollPatch) => api.patch<PollView>(`/api/polls/${encodeURIComponent(id)}`, patch);
export const openPoll = (id: string) => api.post<PollView>(`/api/polls/${encodeURIComponent(id)}/open`, {});
export const closePoll = (id: string) => api.post<PollView>(`/api/polls/${encodeURIComponent(id)}/close`, {});
export const votePoll = (id: string, vote: VoteInput) => api.post<PollView>(`/api/polls/${encodeURIComponent(id)}/vote`, vote);
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
export const fetchAgendaItems = async (minutes: string, signal?: AbortSignal) =>
  (await api.get<{ items: AgendaChoice[] }>(`/api/polls/agenda-items?minutes=${encodeURIComponent(minutes)}`, signal)).items;
export const resultsXlsxUrl = (id: string) => `/api/polls/${encodeURIComponent(id)}/results.xlsx`;
export const ballotsXlsxUrl = (id: string) => `/api/polls/${encodeURIComponent(id)}/ballots.xlsx`;
/** Minutes documents a poll's results can go into: approved (locked) minutes take nothing more, so they are not offered. */
export const fetchMinutes = (signal?: AbortSignal) =>
  api
    .get<{ documents: { name: string; kind: string; title: string; scope?: { locked?: boolean } }[] }>('/api/documents', signal)
    .then((r) => r.documents.filter((d) => d.kind === 'minutes' && !d.scope?.locked));
