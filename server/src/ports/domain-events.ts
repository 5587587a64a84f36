import type { CommentThread, Notification, Poll, PollResults, Registration, SuggestionDecisionRecord, Turnout } from '@dialogo/shared';
import type { PersonRecord } from '../network/people.ts';
import type { PollBroadcast } from '../polls/presenter.ts';

/** A person named by a mention node that an update added, with the words around it. */
export interface AddedMention {
  personId: string;
  /** The text of the paragraph the mention is in, to recognise it in a notification. */
  context: string;
}

/**
 * Everything the domain tells the rest of the server happened, by name, with what each carries.
 * Domain services emit; the transports (live/, collab/ through app.ts) and other services subscribe.
 * Nothing here knows socket.io or the WebSocket (HP's ordered extension hooks).
 */
export interface DomainEventMap {
  /** A poll or its ballots changed: what every watcher may receive (no names). */
  'poll.changed': { update: PollBroadcast; poll: Poll };
  /** A poll closed, on the instance that closed it; `by` closed it by hand, absent at its closing time. */
  'poll.closed': { poll: Poll; results: PollResults; turnout: Turnout; by?: PersonRecord };
  /**
   * Who may read what changed: a person (role, city, archived) or a document's scope. `remote`: told
   * by another instance (already rechecked there; not to be sent on again).
   */
  'access.changed': { remote?: boolean };
  /** Updates of a document were stored, written by these people. */
  'document.stored': { name: string; writers: ReadonlySet<string> };
  /** People were mentioned with `@Name` in a document's text, read from `by`'s own stored update. */
  'document.mentioned': { name: string; by: string; mentions: AddedMention[]; origin: string | null };
  /** A version of a document was saved. */
  'version.saved': { docName: string };
  /** A notification was stored for a person. */
  'notification.created': { personId: string; notification: Notification; origin: string };
  /** A comment thread of a document changed (new, replied, resolved, deleted). */
  'comments.changed': { doc: string; thread: CommentThread };
  /** A suggested change of a document was accepted or rejected. */
  'suggestion.decided': { doc: string; decision: SuggestionDecisionRecord };
  /** Who registered for a meeting changed. */
  'meeting.registrations': { meetingId: string; registrations: Registration[] };
}

export type DomainEventName = keyof DomainEventMap;
type Handler<E extends DomainEventName> = (event: DomainEventMap[E]) => void | Promise<void>;

/**
 * The one typed channel of domain events, in process. Handlers run in the order they subscribed;
 * `emit` resolves once every handler has, and a handler's failure is reported to `onError`
 * without stopping the others or failing the change that emitted.
 */
export class DomainEvents {
  private readonly handlers = new Map<DomainEventName, Handler<DomainEventName>[]>();

  constructor(private readonly onError: (event: DomainEventName, err: Error) => void = () => {}) {}

  /** Subscribes; returns the unsubscribe. */
  on<E extends DomainEventName>(name: E, handler: Handler<E>): () => void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as Handler<DomainEventName>);
    this.handlers.set(name, list);
    return () => {
      const at = list.indexOf(handler as Handler<DomainEventName>);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Tells every handler of `name`; synchronous handlers have run when this returns. */
  emit<E extends DomainEventName>(name: E, event: DomainEventMap[E]): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const handler of [...(this.handlers.get(name) ?? [])]) {
      try {
        const result = (handler as Handler<E>)(event);
        if (result) pending.push(result.catch((err: Error) => this.onError(name, err)));
      } catch (err) {
        this.onError(name, err as Error);
      }
    }
    return Promise.all(pending).then(() => {});
  }
}
