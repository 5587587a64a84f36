import { Hono } from 'hono';
import { CompareVersionsQuerySchema, ErrorCode, SaveVersionSchema, type VersionSummary } from '@dialogo/shared';
import type { Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import { downloadLanguage } from '../i18n/index.ts';
import type { Cities } from '../network/cities.ts';
import type { People } from '../network/people.ts';
import type { Version, Versions } from '../history/versions.ts';
import { type ApiEnv } from './context.ts';
import { valid, validJson } from './validate.ts';
import { documentAccess } from './document-access.ts';

/**
 * What the panel needs of versions (not their state vectors), with contributors by name and city.
 * Names are read when listing, so a renamed person or city shows under the current name.
 */
async function summaries(versions: Version[], people: People, cities: Cities): Promise<VersionSummary[]> {
  const ids = new Set(versions.flatMap((v) => v.contributors ?? []));
  const persons = new Map((await Promise.all([...ids].map((id) => people.get(id)))).flatMap((p) => (p ? [[p.id, p] as const] : [])));
  const cityIds = new Set([...persons.values()].flatMap((p) => (p.cityId ? [p.cityId] : [])));
  const cityNames = new Map((await Promise.all([...cityIds].map((id) => cities.get(id)))).flatMap((c) => (c ? [[c.id, c.name] as const] : [])));
  return versions.map(({ id, createdAt, label, auto, reason, savedBy, contributors = [] }) => {
    const who = contributors.flatMap((personId) => persons.get(personId) ?? []);
    const cityList = [...new Set(who.flatMap((p) => (p.cityId && cityNames.has(p.cityId) ? [p.cityId] : [])))];
    return {
      id,
      createdAt,
      auto,
      ...(label ? { label } : {}),
      ...(reason ? { reason } : {}),
      ...(savedBy ? { savedBy } : {}),
      contributors: {
        people: who.map((p) => ({ id: p.id, name: p.name })).sort((a, b) => a.name.localeCompare(b.name)),
        cities: cityList.map((cityId) => ({ id: cityId, name: cityNames.get(cityId)! })).sort((a, b) => a.name.localeCompare(b.name)),
      },
    };
  });
}

async function versionOf(versions: Versions, name: string, id: string): Promise<Version> {
  const version = await versions.get(name, id);
  if (!version) throw new AppError(ErrorCode.notFound, 404, 'No such version.');
  return version;
}

/** `/api/documents/:name/versions`: list, save a named version, view, compare, and the state to restore from. */
export function historyRoutes({ catalog, versions, people, cities }: { catalog: Catalog; versions: Versions; people: People; cities: Cities }) {
  const summary = async (version: Version) => (await summaries([version], people, cities))[0]!;
  return new Hono<ApiEnv>()
    .get('/:name/versions', async (c) => {
      const { name } = await documentAccess(c, catalog, 'read');
      return c.json({ versions: await summaries(await versions.list(name), people, cities) });
    })
    .post('/:name/versions', validJson(SaveVersionSchema), async (c) => {
      const { person, name } = await documentAccess(c, catalog, 'edit');
      const { label } = c.req.valid('json');
      const version = await versions.save(name, { label, savedBy: { id: person.id, name: person.name } });
      return c.json({ version: await summary(version) }, 201);
    })
    .get('/:name/versions/compare', valid('query', CompareVersionsQuerySchema), async (c) => {
      const { name, person } = await documentAccess(c, catalog, 'read');
      const from = c.req.query('from') ?? '';
      const to = c.req.query('to') ?? 'current';
      for (const id of [from, to]) if (id !== 'current') await versionOf(versions, name, id);
      // Budget lines in the reader's language (or `?lang=`), their cities by name.
      const cityNames = new Map((await cities.list()).map((city) => [city.id, city.name]));
      return c.json({
        changes: await versions.compare(name, from, to, { language: downloadLanguage(c.req.query('lang'), person), cityName: (id) => cityNames.get(id) ?? id }),
      });
    })
    .get('/:name/versions/:id', async (c) => {
      const { name } = await documentAccess(c, catalog, 'read');
      const version = await versionOf(versions, name, c.req.param('id'));
      return c.json({ version: await summary(version), html: await versions.html(name, version.id) });
    })
    .get('/:name/versions/:id/content', async (c) => {
      const { name } = await documentAccess(c, catalog, 'edit');
      const version = await versionOf(versions, name, c.req.param('id'));
      c.header('Content-Type', 'application/octet-stream');
      return c.body(Buffer.from(await versions.content(name, version.id)));
    });
}
