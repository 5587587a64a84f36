import type { ServerToClientEvents } from '@dialogo/shared';

type EventName = keyof ServerToClientEvents;
type Deliver = <E extends EventName>(room: string, event: E, ...args: Parameters<ServerToClientEvents[E]>) => void;

/** The room every socket of one person joins, for what is addressed to them (notifications). */
export const personRoom = (personId: string) => `person:${personId}`;

/**
 * How the domain services (called from HTTP) tell live clients that something changed, without
 * knowing socket.io. The live channel attaches itself at start; with Redis, its adapter carries the
 * event to the sockets of every instance.
 */
export class LiveBus {
  private deliver: Deliver | null = null;

  attach(deliver: Deliver): void {
    this.deliver = deliver;
  }

  emit<E extends EventName>(room: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.deliver?.(room, event, ...args);
  }
}
