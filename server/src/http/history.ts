import { Hono } from 'hono';
import { ErrorCode, SaveVersionSchema, type VersionSummary } from '@dialogo/shared';
import type { Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import type { Version, Versions } from '../history/versions.ts';
import { readBody, type ApiEnv } from './context.ts';
import { documentAccess } from './document-access.ts';

/** What the panel needs of a version (not its state vector). */
const summary = ({ id, createdAt, label, auto, savedBy }: Version): VersionSummary => ({ id, createdAt, auto, ...(label ? { label } : {}), ...(savedBy ? { savedBy } : {}) });

async function versionOf(versions: Versions, name: string, id: string): Promise<Version> {
  const version = await versions.get(name, id);
  if (!version) throw new AppError(ErrorCode.notFound, 404, 'No such version.');
  return version;
}

/** `/api/documents/:name/versions`: list, save a named version, view, compare, and the state to restore from. */
export function historyRoutes({ catalog, versions }: { catalog: Catalog; versions: Versions }) {
  return new Hono<ApiEnv>()
    .get('/:name/versions', async (c) => {
      const { name } = await documentAccess(c, catalog, 'read');
      return c.json({ versions: (await versions.list(name)).map(summary) });
    })
    .post('/:name/versions', async (c) => {
      const { person, name } = await documentAccess(c, catalog, 'edit');
      const { label } = await readBody(c, SaveVersionSchema);
      const version = await versions.save(name, { label, savedBy: { id: person.id, name: person.name } });
      return c.json({ version: summary(version) }, 201);
    })
    .get('/:name/versions/compare', async (c) => {
      const { name } = await documentAccess(c, catalog, 'read');
      const from = c.req.query('from') ?? '';
      const to = c.req.query('to') ?? 'current';
      for (const id of [from, to]) if (id !== 'current') await versionOf(versions, name, id);
      return c.json({ changes: await versions.compare(name, from, to) });
    })
    .get('/:name/versions/:id', async (c) => {
      const { name } = await documentAccess(c, catalog, 'read');
      const version = await versionOf(versions, name, c.req.param('id'));
      return c.json({ version: summary(version), html: await versions.html(name, version.id) });
    })
    .get('/:name/versions/:id/content', async (c) => {
      const { name } = await documentAccess(c, catalog, 'edit');
      const version = await versionOf(versions, name, c.req.param('id'));
      c.header('Content-Type', 'application/octet-stream');
      return c.body(Buffer.from(await versions.content(name, version.id)));
    });
}
