import type { CloseCode, CloseReason } from '@dialogo/shared';

/** Thrown for input that is not a well-formed y-websocket message. */
export class MalformedMessage extends Error {}

/** Thrown for an update that decodes but cannot join the document; its sender is closed with 4400. */
export class InvalidUpdate extends Error {}

/** Thrown for a well-formed message that a limit refuses; the connection is closed with its code. */
export class RefusedMessage extends Error {
  constructor(
    readonly code: CloseCode,
    readonly reason: CloseReason,
  ) {
    super(reason);
  }
}
