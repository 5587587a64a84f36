import * as encoding from 'lib0/encoding';
import { MessageType } from '@dialogo/shared';

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncType = { step1: 0, step2: 1, update: 2 } as const;

/**
 * A Buffer view of the same bytes (no copy): ws sends a Buffer as it is, where it would wrap any
 * other Uint8Array in a new Buffer for each socket of a broadcast.
 */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Encodes `[sync, update, bytes]`: built once per broadcast and sent as-is to every socket. */
export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, SyncType.update);
  encoding.writeVarUint8Array(encoder, update);
  return asBuffer(encoding.toUint8Array(encoder));
}

/** Encodes a sync message of the given sub-type carrying a state vector or an update. */
export function encodeSyncMessage(type: (typeof SyncType)[keyof typeof SyncType], payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Encodes `[awareness, update]`, once per change for every socket. */
export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return asBuffer(encoding.toUint8Array(encoder));
}

/** Kinds of message carried between instances on a document's relay channel. */
export const RelayKind = { update: 0, awareness: 1 } as const;

/** `[instanceId, kind, payload]`: peers drop their own messages by the instance id. */
export function encodeRelayMessage(instanceId: string, kind: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, instanceId);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
