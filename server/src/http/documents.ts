import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { CreateDocumentSchema, docName, ErrorCode, parseDocName, type DocumentSummary } from '@dialogo/shared';
import { AppError, validationError } from '../errors.ts';
import type { Store } from '../store/index.ts';

/** The collection that lists documents (their content lives in the DocStore). */
export const DOCUMENTS = 'documents';

/** Turns a title into the readable part of a document id. */
function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${slug || 'doc'}-${randomBytes(3).toString('hex')}`;
}

/** `/api/documents`: list, read and create documents. */
export function documentRoutes(store: Store) {
  return new Hono()
    .get('/', async (c) => {
      const documents = await store.records.list<DocumentSummary>(DOCUMENTS);
      documents.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return c.json({ documents });
    })
    .get('/:name', async (c) => {
      const name = c.req.param('name');
      const document = parseDocName(name) ? await store.records.get<DocumentSummary>(DOCUMENTS, name) : undefined;
      if (!document) throw new AppError(ErrorCode.notFound, 404, 'No such document.');
      return c.json({ document });
    })
    .post('/', async (c) => {
      const body = await c.req.json().catch(() => {
        throw new AppError(ErrorCode.badRequest, 400, 'The body must be JSON.');
      });
      const parsed = CreateDocumentSchema.safeParse(body);
      if (!parsed.success) throw validationError(parsed.error.issues);
      const { title, kind } = parsed.data;
      const document: DocumentSummary = { name: docName(kind, slugify(title)), kind, title, createdAt: new Date().toISOString() };
      await store.records.put(DOCUMENTS, document.name, document);
      return c.json({ document }, 201);
    });
}
