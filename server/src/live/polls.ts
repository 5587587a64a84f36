import { z } from 'zod';
import { ErrorCode, pollRoom, VoteInputSchema, type ApiError } from '@dialogo/shared';
import { can, type Actor } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { toActor } from '../network/people.ts';
import { canSee } from '../polls/service.ts';
import type { Services } from '../services.ts';
import { internalAckError, type LiveServer, type LiveSocket } from './types.ts';
import { personOfEvent } from './event-person.ts';

/** The room of the polls list. */
export const POLLS_ROOM = 'polls';

/** Whether a person may follow the polls list (the policy's `polls` resource). */
export function mayWatchPolls(actor: Actor): boolean {
  return can(actor, 'read', { kind: 'polls' });
}

const PollRef = z.object({ pollId: z.string().min(1).max(80) });
const VoteEvent = VoteInputSchema.extend({ pollId: z.string().min(1).max(80) }).strict();

function toAckError(err: unknown): ApiError | null {
  if (err instanceof AppError) return err.toJSON().error;
  return null;
}

/** `poll:watch`, `poll:unwatch`, `polls:watch`, `polls:unwatch`, `poll:vote`: each acknowledged, malformed input refused. */
export function registerPollHandlers(_io: LiveServer, socket: LiveSocket, services: Services, log: Logger): void {
  /** Runs one handler: a bad shape, a refusal or a failure becomes an error ack, never a throw. */
  const handle =
    <S extends z.ZodType, T>(schema: S, run: (input: z.infer<S>) => Promise<T>) =>
    async (input: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const parsed = schema.safeParse(input ?? {});
      if (!parsed.success) {
        const fields: Record<string, string> = {};
        for (const issue of parsed.error.issues) fields[issue.path.map(String).join('.') || '_'] ??= issue.message;
        return ack({ ok: false, error: { code: ErrorCode.validation, message: 'The event has invalid fields.', fields } });
      }
      try {
        ack({ ok: true, data: await run(parsed.data) });
      } catch (err) {
        const known = toAckError(err);
        if (!known) log.error({ err: (err as Error).message, socketId: socket.id }, 'poll event failed');
        ack({ ok: false, error: known ?? internalAckError });
      }
    };

  /** The poll, if this socket's person may read it (read again: roles change). */
  const readable = async (pollId: string) => {
    const [person, poll] = await Promise.all([personOfEvent(socket, services.people), services.polls.get(pollId)]);
    if (!person || person.archived || !poll || !canSee(toActor(person), poll)) {
      throw new AppError(ErrorCode.notFound, 404, 'No such poll.');
    }
    return { person, poll };
  };

  socket.on(
    'poll:watch',
    handle(PollRef, async ({ pollId }) => {
      const { person, poll } = await readable(pollId);
      await socket.join(pollRoom(poll.id));
      return services.polls.view(poll, person);
    }),
  );
  socket.on(
    'poll:unwatch',
    handle(PollRef, async ({ pollId }) => {
      await socket.leave(pollRoom(pollId));
      return null;
    }),
  );
  socket.on(
    'polls:watch',
    handle(z.object({}).strict(), async () => {
      const person = await personOfEvent(socket, services.people);
      if (!person || !mayWatchPolls(toActor(person))) {
        throw new AppError(ErrorCode.forbidden, 403, 'You may not see the polls.');
      }
      await socket.join(POLLS_ROOM);
      return null;
    }),
  );
  socket.on(
    'polls:unwatch',
    handle(z.object({}).strict(), async () => {
      await socket.leave(POLLS_ROOM);
      return null;
    }),
  );
  socket.on(
    'poll:vote',
    handle(VoteEvent, async ({ pollId, ...vote }) => {
      const { person, poll } = await readable(pollId);
      const stored = await services.polls.vote(poll.id, person, vote, poll);
      return services.polls.receipt(poll, person, stored);
    }),
  );
}
