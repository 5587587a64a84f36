import type { Ack, PollInput, PollUpdate, PollView, VoteInput, VoteReceipt } from '@dialogo/shared';
import type { LiveClient } from '../helpers/live-client.ts';
import { api } from '../helpers/session.ts';

/** Creates a poll as the coordinator and opens it; returns its id. */
export async function openPoll(url: string, cookie: string, input: PollInput): Promise<string> {
  const created = await api(url, '/api/polls', { method: 'POST', cookie, json: input });
  if (created.status !== 201) throw new Error(`create poll: ${created.status} ${await created.text()}`);
  const { poll } = (await created.json()) as { poll: { id: string } };
  const opened = await api(url, `/api/polls/${poll.id}/open`, { method: 'POST', cookie });
  if (opened.status !== 200) throw new Error(`open poll: ${opened.status} ${await opened.text()}`);
  return poll.id;
}

/** The poll as `cookie`'s person sees it over HTTP. */
export async function pollView(url: string, cookie: string, id: string): Promise<PollView> {
  const res = await api(url, `/api/polls/${id}`, { cookie });
  if (res.status !== 200) throw new Error(`poll view: ${res.status} ${await res.text()}`);
  return (await res.json()) as PollView;
}

/** Watches a poll over socket.io; every `poll:updated` received is kept in `updates`. */
export async function watchPoll(socket: LiveClient, pollId: string): Promise<{ view: PollView; updates: PollUpdate[] }> {
  const updates: PollUpdate[] = [];
  socket.on('poll:updated', (u) => {
    if (u.pollId === pollId) updates.push(u);
  });
  const ack = await new Promise<Ack<PollView>>((resolve) => socket.emit('poll:watch', { pollId }, resolve));
  if (!ack.ok) throw new Error(`watch: ${JSON.stringify(ack.error)}`);
  return { view: ack.data, updates };
}

/** Casts a ballot over socket.io and resolves with the acknowledgement. */
export function voteLive(socket: LiveClient, pollId: string, vote: VoteInput): Promise<Ack<VoteReceipt>> {
  return new Promise((resolve) => socket.emit('poll:vote', { pollId, ...vote }, resolve));
}
