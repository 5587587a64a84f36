import { ErrorCode, parseDocName } from '@dialogo/shared';
import { can, documentResource, type Actor } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import type { Catalog } from './catalog.ts';

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
 * edit over the document WebSocket is (`Catalog.permissions`, the minutes lock included), before
 * every server-side write (`LiveDocs.transact`, ports/live-docs.ts): 404 for
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
