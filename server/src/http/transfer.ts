import { Hono } from 'hono';
import { CreateDocumentSchema, DocKind, ErrorCode, minutesDocName, parseDocName, type DocumentSummary, type Language } from '@dialogo/shared';
import { can, documentResource } from '../access/policy.ts';
import { newDocumentName, type Catalog } from '../documents/catalog.ts';
import type { DocActivity } from '../documents/activity.ts';
import { acceptSuggestions, markSuggestions } from '../documents/suggestions.ts';
import { escapeMarkdown, partsToMarkdown } from '../documents/export-markdown.ts';
import { exportParts } from '../documents/export-parts.ts';
import { downloadLanguage } from '../i18n/index.ts';
import { collectActionItems } from '../meetings/action-items.ts';
import { meetingResource, type Meetings } from '../meetings/meetings.ts';
import { meetingPackParts, packTitle, pollsOfMeeting } from '../meetings/pack.ts';
import { canSee, type Polls } from '../polls/service.ts';
import type { DocumentPart } from '../documents/outline.ts';
import type { Cities } from '../network/cities.ts';
import type { People } from '../network/people.ts';
import { AppError, validationError } from '../errors.ts';
import { slug } from '../lib/slug.ts';
import { toActor } from '../network/people.ts';
import { printPage } from '../publishing/page.ts';
import { partsToHtml } from '../publishing/render.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import type { Store } from '../store/index.ts';
import { requirePerson, type ApiContext, type ApiEnv } from './context.ts';
import { documentAccess } from './document-access.ts';

interface Deps {
  catalog: Catalog;
  activity: DocActivity;
  store: Store;
  liveDocs: LiveDocs;
  meetings: Meetings;
  cities: Cities;
  people: People;
  polls: Polls;
}

/**
 * Document parts as a Word or PDF download. Each writer (docx; pdfkit with its fonts) is loaded
 * with its first export, not at start.
 */
export async function fileOf(
  c: ApiContext,
  format: 'docx' | 'pdf',
  title: string,
  parts: DocumentPart[],
  { language, wide = false }: { language: Language; wide?: boolean },
) {
  const file = slug(title, 60) || 'document';
  c.header('Cache-Control', 'no-store');
  c.header('Content-Disposition', `attachment; filename="${file}.${format}"`);
  if (format === 'pdf') {
    const { documentPdf } = await import('../documents/export-pdf.ts');
    c.header('Content-Type', 'application/pdf');
    return c.body(new Uint8Array(await documentPdf(title, parts, { language, wide })));
  }
  const { documentDocx } = await import('../documents/export-docx.ts');
  c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  return c.body(new Uint8Array(await documentDocx(title, parts)));
}

const fieldError = (field: string, message: string) => new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { [field]: message });

/**
 * `/api/documents/import`, `/api/documents/:name/export.{docx,md,html,pdf}` and
 * `/api/documents/agenda:<meeting>/pack.{docx,pdf}`: a Word or Markdown file becomes a new
 * document; any document the person may read leaves as Word, Markdown, PDF or a page to print; a
 * meeting's pack goes out before it.
 */
export function transferRoutes({ catalog, activity, store, liveDocs, meetings, cities, people, polls }: Deps) {
  /** One document as a file to download (`docx`, `md`, `pdf`) or a page to print (`html`). */
  const exportAs = (format: 'docx' | 'md' | 'html' | 'pdf') => async (c: ApiContext) => {
    const { person, name } = await documentAccess(c, catalog, 'read');
    const title = (await catalog.get(name))?.title ?? name;
    const doc = await liveDocs.read(name);
    // The text as it reads with every pending suggestion accepted, unless they are asked for.
    if (c.req.query('suggestions') !== 'marked') acceptSuggestions(doc);
    else markSuggestions(doc);
    const language = downloadLanguage(c.req.query('lang'), person);
    const { parts, done, wide } = await exportParts({ liveDocs, meetings, cities, people }, { name, title, doc, language, query: c.req.query() });
    try {
      const file = slug(title, 60) || 'document';
      c.header('Cache-Control', 'no-store');
      if (format === 'html') {
        const changedAt = await activity.changedAt(name);
        return c.html(printPage({ language, title, html: partsToHtml(parts), wide: !!wide, ...(changedAt ? { changedAt } : {}) }));
      }
      c.header('Content-Disposition', `attachment; filename="${file}.${format}"`);
      if (format === 'md') {
        c.header('Content-Type', 'text/markdown; charset=utf-8');
        return c.body(`# ${escapeMarkdown(title)}\n\n${partsToMarkdown(parts)}\n`);
      }
      return await fileOf(c, format, title, parts, { language, wide: !!wide });
    } finally {
      done();
      doc.destroy();
    }
  };

  /**
   * A meeting's pack (`:name` is its agenda): agenda, registrations, linked polls and the open
   * action items of earlier minutes, as Word or PDF, for whoever may read the agenda and the meeting.
   */
  const packAs = (format: 'docx' | 'pdf') => async (c: ApiContext) => {
    const { person, name } = await documentAccess(c, catalog, 'read');
    const parsed = parseDocName(name);
    if (parsed?.kind !== DocKind.agenda) throw new AppError(ErrorCode.notFound, 404, 'No such meeting.');
    const actor = toActor(person);
    const meeting = await meetings.readable(actor, parsed.id);
    const language = downloadLanguage(c.req.query('lang'), person);
    const [agendaDoc, allPolls, earlier, cityList, personList] = await Promise.all([
      liveDocs.read(name),
      polls.list(),
      meetings.list().then((list) => list.filter((m) => m.id !== meeting.id && m.startsAt < meeting.startsAt && can(actor, 'read', meetingResource(m)))),
      cities.list(),
      people.list(),
    ]);
    const openItems = (await collectActionItems(liveDocs, earlier)).filter((item) => item.status === 'open' || item.status === 'in-progress');
    const cityNames = new Map(cityList.map((x) => [x.id, x.name]));
    const personNames = new Map(personList.map((x) => [x.id, x.name]));
    const { parts, scratch } = meetingPackParts({
      meeting,
      agendaDoc,
      polls: pollsOfMeeting(allPolls, meeting.id, minutesDocName(meeting.id)).filter((poll) => canSee(actor, poll)),
      openItems,
      cityName: (id) => cityNames.get(id) ?? id,
      personName: (id) => personNames.get(id) ?? id,
      language,
    });
    try {
      c.header('Cache-Control', 'no-store');
      return await fileOf(c, format, packTitle(meeting, language), parts, { language });
    } finally {
      scratch.destroy();
      agendaDoc.destroy();
    }
  };

  return new Hono<ApiEnv>()
    .post('/import', async (c) => {
      const actor = toActor(requirePerson(c));
      let form: Record<string, string | File>;
      try {
        form = (await c.req.parseBody()) as Record<string, string | File>;
      } catch {
        throw new AppError(ErrorCode.badRequest, 400, 'Send the file as a multipart form.');
      }
      const file = form.file;
      if (!(file instanceof File) || file.size === 0) throw fieldError('file', 'required');
      // Tiptap, happy-dom, mammoth and marked load with the first import, not at every start.
      const { importedUpdate, importFormatOf } = await import('../documents/import.ts');
      const format = importFormatOf(file.name);
      if (!format) throw fieldError('file', 'unsupported-format');
      const parsed = CreateDocumentSchema.safeParse({
        title: typeof form.title === 'string' && form.title.trim() ? form.title : file.name.replace(/\.[^.]+$/, ''),
        kind: form.kind || undefined,
      });
      if (!parsed.success) throw validationError(parsed.error.issues);
      const { title, kind } = parsed.data;
      if (!can(actor, 'edit', documentResource(kind, undefined))) throw new AppError(ErrorCode.forbidden, 403, 'You may not create this document.');
      let update: Uint8Array;
      try {
        update = await importedUpdate(format, new Uint8Array(await file.arrayBuffer()));
      } catch {
        throw fieldError('file', 'unreadable');
      }
      const document: DocumentSummary = { name: newDocumentName(kind, title), kind, title, createdAt: new Date().toISOString() };
      // The content first, then the listing: a failure leaves nothing listed and half-empty.
      await store.docs.append(document.name, [update]);
      await catalog.put(document);
      return c.json({ document, permissions: { read: true, edit: true, manage: can(actor, 'manage', documentResource(kind, undefined)) } }, 201);
    })
    .get('/:name/export.docx', exportAs('docx'))
    .get('/:name/export.md', exportAs('md'))
    .get('/:name/export.html', exportAs('html'))
    .get('/:name/export.pdf', exportAs('pdf'))
    .get('/:name/pack.docx', packAs('docx'))
    .get('/:name/pack.pdf', packAs('pdf'));
}
