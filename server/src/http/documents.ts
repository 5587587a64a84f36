import { Hono } from 'hono';
import { CreateDocumentSchema, ErrorCode, type DocumentSummary } from '@dialogo/shared';
import { can, documentResource } from '../access/policy.ts';
import { newDocumentName, type Catalog } from '../documents/catalog.ts';
import { presentCatalog, presentDocument } from '../documents/presenter.ts';
import { AppError } from '../errors.ts';
import { toActor } from '../network/people.ts';
import { requirePerson, type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';

/** `/api/documents`: list what the person may read (agendas aside), read one with their permissions, create. */
export function documentRoutes(catalog: Catalog) {
  return new Hono<ApiEnv>()
    .get('/', async (c) => {
      const actor = toActor(requirePerson(c));
      return c.json(presentCatalog(actor, await catalog.list()));
    })
    .get('/:name', async (c) => {
      const actor = toActor(requirePerson(c));
      const name = c.req.param('name');
      const document = await catalog.get(name);
      const permissions = document ? await catalog.permissions(actor, name) : null;
      // One the person may not read gets the answer of one that does not exist.
      if (!document || !permissions?.read) throw new AppError(ErrorCode.notFound, 404, 'No such document.');
      // `permissions` is the document's `can`, kept under its older name for the pages reading it.
      return c.json({ document: presentDocument(actor, document, permissions), permissions });
    })
    .post('/', validJson(CreateDocumentSchema), async (c) => {
      const actor = toActor(requirePerson(c));
      const { title, kind, scope } = c.req.valid('json');
      if (!can(actor, 'edit', documentResource(kind, scope))) throw new AppError(ErrorCode.forbidden, 403, 'You may not create this document.');
      const document: DocumentSummary = { name: newDocumentName(kind, title), kind, title, createdAt: new Date().toISOString(), ...(scope ? { scope } : {}) };
      await catalog.put(document);
      const view = presentDocument(actor, document);
      return c.json({ document: view, permissions: view.can }, 201);
    });
}
