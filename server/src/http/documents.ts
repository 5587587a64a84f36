import { Hono } from 'hono';
import { CreateDocumentSchema, DocKind, ErrorCode, type DocumentSummary } from '@dialogo/shared';
import { can, documentResource } from '../access/policy.ts';
import { newDocumentName, type Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import { toActor } from '../network/people.ts';
import { requirePerson, type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';

/** `/api/documents`: list what the person may read (agendas aside), read one with their permissions, create. */
export function documentRoutes(catalog: Catalog) {
  return new Hono<ApiEnv>()
    .get('/', async (c) => {
      const actor = toActor(requirePerson(c));
      // An agenda belongs to its meeting and is edited on the meeting's page: not listed here.
      const documents = (await catalog.list()).filter((d) => d.kind !== DocKind.agenda && can(actor, 'read', documentResource(d.kind, d.scope)));
      documents.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return c.json({ documents });
    })
    .get('/:name', async (c) => {
      const actor = toActor(requirePerson(c));
      const name = c.req.param('name');
      const document = await catalog.get(name);
      const permissions = document ? await catalog.permissions(actor, name) : null;
      // One the person may not read gets the answer of one that does not exist.
      if (!document || !permissions?.read) throw new AppError(ErrorCode.notFound, 404, 'No such document.');
      return c.json({ document, permissions });
    })
    .post('/', validJson(CreateDocumentSchema), async (c) => {
      const actor = toActor(requirePerson(c));
      const { title, kind, scope } = c.req.valid('json');
      if (!can(actor, 'edit', documentResource(kind, scope))) throw new AppError(ErrorCode.forbidden, 403, 'You may not create this document.');
      const document: DocumentSummary = { name: newDocumentName(kind, title), kind, title, createdAt: new Date().toISOString(), ...(scope ? { scope } : {}) };
      await catalog.put(document);
      const permissions = { read: true, edit: true, manage: can(actor, 'manage', documentResource(kind, scope)) };
      return c.json({ document, permissions }, 201);
    });
}
