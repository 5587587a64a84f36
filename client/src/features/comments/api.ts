import type { CreateThreadInput, ReplyInput } from '@dialogo/shared';
import { data, rpc, withSignal } from '../../lib/rpc.ts';

const doc = (name: string) => ({ param: { name } });
const thread = (name: string, id: string) => ({ param: { name, id } });

/** Query keys of a document's comments: its threads, and the people who may be mentioned. */
export const commentKeys = {
  threads: (name: string) => ['comments', name, 'threads'] as const,
  mentionable: (name: string) => ['comments', name, 'mentionable'] as const,
};

/** A document's threads, each with what the reader may do with it (`can.reply`, `can.resolve`), and whether they may open one (`can.open`). */
export async function listThreads(name: string, signal?: AbortSignal) {
  return data(rpc.documents[':name'].comments.$get(doc(name), withSignal(signal)));
}

/** The answer of {@link listThreads}, as the query cache keeps it. */
export type ThreadList = Awaited<ReturnType<typeof listThreads>>;

export async function mentionable(name: string, signal?: AbortSignal) {
  return (await data(rpc.documents[':name'].comments.mentionable.$get(doc(name), withSignal(signal)))).people;
}

export async function openThread(name: string, input: CreateThreadInput) {
  return (await data(rpc.documents[':name'].comments.$post({ ...doc(name), json: input }))).thread;
}

export async function reply(name: string, threadId: string, input: ReplyInput) {
  return (await data(rpc.documents[':name'].comments[':id'].replies.$post({ ...thread(name, threadId), json: input }))).thread;
}

export async function setResolved(name: string, threadId: string, resolved: boolean) {
  return (await data(rpc.documents[':name'].comments[':id'].$patch({ ...thread(name, threadId), json: { resolved } }))).thread;
}
