import type { CommentAuthor, CommentThread, CreateThreadInput, ReplyInput } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

const base = (name: string) => `/api/documents/${encodeURIComponent(name)}/comments`;

export async function listThreads(name: string, signal?: AbortSignal): Promise<CommentThread[]> {
  return (await api.get<{ threads: CommentThread[] }>(base(name), signal)).threads;
}

export async function mentionable(name: string, signal?: AbortSignal): Promise<CommentAuthor[]> {
  return (await api.get<{ people: CommentAuthor[] }>(`${base(name)}/mentionable`, signal)).people;
}

export async function openThread(name: string, input: CreateThreadInput): Promise<CommentThread> {
  return (await api.post<{ thread: CommentThread }>(base(name), input)).thread;
}

export async function reply(name: string, threadId: string, input: ReplyInput): Promise<CommentThread> {
  return (await api.post<{ thread: CommentThread }>(`${base(name)}/${encodeURIComponent(threadId)}/replies`, input)).thread;
}

export async function setResolved(name: string, threadId: string, resolved: boolean): Promise<CommentThread> {
  return (await api.patch<{ thread: CommentThread }>(`${base(name)}/${encodeURIComponent(threadId)}`, { resolved })).thread;
}
