import { Hono } from 'hono';
import { ErrorCode, parseDocName } from '@dialogo/shared';
import { can, documentResource } from '../access/policy.ts';
import type { Catalog } from '../documents/catalog.ts';
import type { DocActivity } from '../documents/activity.ts';
import { acceptSuggestions } from '../documents/suggestions.ts';
import { exportParts } from '../documents/export-parts.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { MailNotices } from '../mail/notices.ts';
import type { Cities } from '../network/cities.ts';
import type { People } from '../network/people.ts';
import { AppError } from '../errors.ts';
import { notFoundPage, publishedPage } from '../publishing/page.ts';
import type { Publications } from '../publishing/publications.ts';
import { partsToHtml } from '../publishing/render.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import { toActor } from '../network/people.ts';
import { authorize, publicOrigin, requirePerson, type ApiEnv } from './context.ts';

interface PublishingDeps {
  catalog: Catalog;
  publications: Publications;
  activity: DocActivity;
  liveDocs: LiveDocs;
  meetings: Meetings;
  cities: Cities;
  people: People;
  notices: MailNotices;
  publicUrl: string | undefined;
}

async function documentToManage(c: Parameters<typeof authorize>[0], catalog: Catalog) {
  const name = c.req.param('name') ?? '';
  const document = await catalog.get(name);
  const resource = document ? documentResource(document.kind, document.scope) : null;
  // One the person may not read gets the answer of one that does not exist.
  if (!document || !resource || !can(toActor(requirePerson(c)), 'read', resource)) throw new AppError(ErrorCode.notFound, 404, 'No such document.');
  // Publishing makes a document public: the same right as managing it.
  const person = authorize(c, 'manage', resource);
  return { document, person };
}

/** `/api/documents/:name/publication`: publish (a new public link), see whether published, revoke. */
export function publicationRoutes({ catalog, publications, notices, publicUrl }: PublishingDeps) {
  return new Hono<ApiEnv>()
    .get('/:name/publication', async (c) => {
      const { document } = await documentToManage(c, catalog);
      const publication = await publications.of(document.name);
      // "Not published" is an answer about a document the person manages, not a missing resource.
      return c.json({ publication: publication ? { publishedAt: publication.publishedAt, language: publication.language } : null });
    })
    .post('/:name/publication', async (c) => {
      const { document, person } = await documentToManage(c, catalog);
      const before = await publications.of(document.name);
      const { token, publication } = await publications.publish(document.name, person.id, person.language);
      const url = `${publicOrigin(c, publicUrl)}/p/${token}`;
      // Minutes published for the first time (not a replaced link): the meeting's participants are told by mail.
      if (!before) await notices.documentPublished(document.name, publication.publishedAt, person, publicOrigin(c, publicUrl));
      return c.json({ url, publication: { publishedAt: publication.publishedAt, language: publication.language } }, 201);
    })
    .delete('/:name/publication', async (c) => {
      const { document } = await documentToManage(c, catalog);
      if (!(await publications.revoke(document.name))) throw new AppError(ErrorCode.notFound, 404, 'This document is not published.');
      return c.body(null, 204);
    });
}

/** `/p/:token`: the published page, server-rendered HTML without any script. */
export function publicPages({ catalog, publications, activity, liveDocs, meetings, cities, people }: PublishingDeps) {
  return new Hono().get('/:token', async (c) => {
    c.header('Cache-Control', 'no-store'); // a revoked link must stop working at once, caches included
    const publication = await publications.byToken(c.req.param('token'));
    const document = publication ? await catalog.get(publication.docName) : undefined;
    if (!publication || !document || !parseDocName(document.name)) {
      const italian = /^it\b/i.test(c.req.header('accept-language') ?? '');
      return c.html(notFoundPage(italian ? 'it' : 'en'), 404);
    }
    const doc = await liveDocs.read(document.name);
    // A published page shows the text with pending suggestions accepted, as exports do.
    acceptSuggestions(doc);
    // What the exports show, in the page's language: minutes with their facts, attendance,
    // decisions and action items; the action plan as its table (all its rows).
    let done = () => {};
    try {
      const exported = await exportParts(
        { liveDocs, meetings, cities, people },
        { name: document.name, title: document.title, doc, language: publication.language },
      );
      ({ done } = exported);
      const { parts, wide } = exported;
      const html = partsToHtml(parts);
      const changedAt = await activity.changedAt(document.name);
      return c.html(
        publishedPage({
          language: publication.language,
          title: document.title,
          html,
          publishedAt: publication.publishedAt,
          wide: !!wide,
          ...(changedAt ? { changedAt } : {}),
        }),
      );
    } finally {
      done();
      doc.destroy();
    }
  });
}
