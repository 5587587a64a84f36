import { DocKind, type DocumentPermissions, type DocumentSummary, type DocumentView } from '@dialogo/shared';
import { can, documentResource, permissionsOn, type Actor } from '../access/policy.ts';

/**
 * Catalog entries as the API answers them: each with what its reader may do with the document
 * (`can`: read, edit, manage), asked of the policy from the scope kept on its record.
 */

/** One listed document as `reader` sees it; `permissions` when the caller already asked the catalog for them. */
export function presentDocument(
  reader: Actor,
  document: DocumentSummary,
  permissions: DocumentPermissions = permissionsOn(reader, documentResource(document.kind, document.scope)),
): DocumentView {
  return { ...document, can: permissions };
}

/**
 * The documents `reader` may read, newest first, agendas aside (an agenda belongs to its meeting
 * and is edited on its page), and whether they may start one: a network-wide note, the widest.
 */
export function presentCatalog(reader: Actor, documents: readonly DocumentSummary[]): { documents: DocumentView[]; can: { create: boolean } } {
  const listed = documents
    .filter((d) => d.kind !== DocKind.agenda)
    .map((d) => presentDocument(reader, d))
    .filter((d) => d.can.read)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { documents: listed, can: { create: can(reader, 'edit', documentResource(DocKind.note, undefined)) } };
}
