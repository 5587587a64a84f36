import type { Language } from '@dialogo/shared';
import { isTokenShaped, newToken, tokenKey } from '../auth/tokens.ts';
import type { Store } from '../store/index.ts';

/** A published document: a revocable public link to a read-only page. */
export interface Publication {
  /** sha256 of the link's token: the store never holds the token itself. */
  id: string;
  docName: string;
  publishedBy: string;
  publishedAt: string;
  /** The page's language (the publisher's, when published). */
  language: Language;
}

const PUBLICATIONS = 'publications';
const BY_DOCUMENT = 'publications-by-document';

/** One public link per document at most; publishing again replaces the link. */
export class Publications {
  constructor(private readonly store: Store) {}

  /** Publishes `docName`, revoking any earlier link; returns the new link's token. */
  async publish(docName: string, publishedBy: string, language: Language): Promise<{ token: string; publication: Publication }> {
    await this.revoke(docName);
    const token = newToken();
    const publication: Publication = { id: tokenKey(token), docName, publishedBy, publishedAt: new Date().toISOString(), language };
    await this.store.records.put(PUBLICATIONS, publication.id, publication);
    await this.store.records.put(BY_DOCUMENT, docName, publication);
    return { token, publication };
  }

  /** The publication a link's token opens, if it has not been revoked. */
  async byToken(token: string): Promise<Publication | undefined> {
    if (!isTokenShaped(token)) return undefined;
    return this.store.records.get<Publication>(PUBLICATIONS, tokenKey(token));
  }

  of(docName: string): Promise<Publication | undefined> {
    return this.store.records.get<Publication>(BY_DOCUMENT, docName);
  }

  /** Ends the public link at once: the next request for it answers 404. */
  async revoke(docName: string): Promise<boolean> {
    const current = await this.of(docName);
    if (!current) return false;
    await this.store.records.delete(PUBLICATIONS, current.id);
    await this.store.records.delete(BY_DOCUMENT, docName);
    return true;
  }
}
