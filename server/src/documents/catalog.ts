import { randomBytes } from 'node:crypto';
import { docName, parseDocName, type DocKind, type DocumentPermissions, type DocumentSummary } from '@dialogo/shared';
import { slug } from '../lib/slug.ts';
import { can, documentResource, permissionsOn, type Actor } from '../access/policy.ts';
import type { DomainEvents } from '../ports/domain-events.ts';
import type { Store } from '../store/index.ts';

/** The collection that lists documents (their content lives in the DocStore). */
export const DOCUMENTS = 'documents';

/** A fresh canonical name for a new document: its kind, its title made readable, a random suffix. */
export function newDocumentName(kind: DocKind, title: string): string {
  return docName(kind, `${slug(title, 40) || 'doc'}-${randomBytes(3).toString('hex')}`);
}

/** The listed documents and what a person may do with each. */
export class Catalog {
  constructor(
    private readonly store: Store,
    /** `access.changed` after a document is listed or its scope changes: both transports check their access again. */
    private readonly events: DomainEvents,
  ) {}

  get(name: string): Promise<DocumentSummary | undefined> {
    if (!parseDocName(name)) return Promise.resolve(undefined);
    return this.store.records.get<DocumentSummary>(DOCUMENTS, name);
  }

  list(): Promise<DocumentSummary[]> {
    return this.store.records.list<DocumentSummary>(DOCUMENTS);
  }

  async put(document: DocumentSummary): Promise<void> {
    await this.store.records.put(DOCUMENTS, document.name, document);
    void this.events.emit('access.changed', {});
  }

  /**
   * What `actor` may do with the document `name` (the policy decides), or null when there is no
   * such document for them. A canonical name without a record is a document only coordinators
   * can reach (one created by the server or a script before it was listed).
   */
  async permissions(actor: Actor | null, name: string): Promise<DocumentPermissions | null> {
    const parsed = parseDocName(name);
    if (!parsed) return null;
    const record = await this.get(name);
    // Without a record, the policy's unlisted document: there is no such document for those it refuses.
    if (!record) return can(actor, 'read', { kind: 'unlisted-document' }) ? permissionsOn(actor, documentResource(parsed.kind, undefined)) : null;
    return permissionsOn(actor, documentResource(parsed.kind, record.scope));
  }
}
