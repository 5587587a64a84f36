import * as Y from 'yjs';
import { ErrorCode, parseDocName } from '@dialogo/shared';
import { can, documentResource, type Actor } from '../access/policy.ts';
import type { DocRegistry } from '../collab/registry.ts';
import { AppError } from '../errors.ts';
import type { Catalog } from './catalog.ts';

/** What a server-side write into a live document needs. */
export interface LiveWriteDeps {
  registry: DocRegistry;
  catalog: Catalog;
}

/** The refusal of a locked document, the same for every server-side write (the client shows it by code). */
export function lockedError(docName: string): AppError {
  const minutes = parseDocName(docName)?.kind === 'minutes';
  return new AppError(
    ErrorCode.documentLocked,
    409,
    minutes ? 'These minutes are approved and locked: nothing can be written into them.' : 'This document is locked: nothing can be written into it.',
  );
}

/**
 * Throws unless `actor` may edit the document `docName`, asked of the policy exactly as their own
 * edit over the document WebSocket is (`Catalog.permissions`, the minutes lock included): 404 for
 * a document they may not read (as for one that does not exist), 409 `document_locked` for a
 * locked one they could otherwise change, 403 for one they may read but not change.
 */
export async function assertMayWrite(catalog: Catalog, docName: string, actor: Actor): Promise<void> {
  const permissions = await catalog.permissions(actor, docName);
  if (!permissions?.read) throw new AppError(ErrorCode.notFound, 404, 'No such document.');
  if (permissions.edit) return;
  const record = await catalog.get(docName);
  const kind = parseDocName(docName)!.kind;
  if (record?.scope?.locked && can(actor, 'edit', documentResource(kind, { ...record.scope, locked: false }))) throw lockedError(docName);
  throw new AppError(ErrorCode.forbidden, 403, 'You may not change this document.');
}

/**
 * The one way the server writes into a live document on someone's behalf (a closed poll's results,
 * an action item's status, a row of the action plan): the policy is asked with the acting person
 * first ({@link assertMayWrite}), then `change` runs on a copy of the document as this instance
 * holds it (caught up with the store), and what it changed goes in through the registry's
 * server-update path: stored first, then shown to everyone editing it, on every instance.
 * A `change` that changes nothing writes nothing. Resolves with what `change` returned.
 */
export async function writeLive<R>({ registry, catalog }: LiveWriteDeps, docName: string, actor: Actor, change: (doc: Y.Doc) => R): Promise<R> {
  await assertMayWrite(catalog, docName, actor);
  const shared = await registry.get(docName);
  try {
    await shared.drain();
    // The live document only ever receives stored updates: the change is made on a copy.
    const copy = new Y.Doc();
    try {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(shared.doc));
      const updates: Uint8Array[] = [];
      copy.on('update', (update: Uint8Array) => updates.push(update));
      let result!: R;
      copy.transact(() => {
        result = change(copy);
      });
      if (updates.length > 0) {
        shared.applyServerUpdate(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
        await shared.drain();
      }
      return result;
    } finally {
      copy.destroy();
    }
  } finally {
    shared.releaseIfUnused();
  }
}
