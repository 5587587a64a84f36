import { Hono } from 'hono';
import { CreateDocumentSchema, ErrorCode, type DocumentSummary } from '@dialogo/shared';
import { can, documentResource } from '../access/policy.ts';
import { newDocumentName, type Catalog } from '../documents/catalog.ts';
import type { DocActivity } from '../documents/activity.ts';
import { loadStoredDoc } from '../documents/content.ts';
import { acceptSuggestions } from '../documents/suggestions.ts';
import { escapeMarkdown, partsToMarkdown } from '../documents/export-markdown.ts';
import { exportParts } from '../documents/export-parts.ts';
import { downloadLanguage } from '../i18n/index.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { Cities } from '../network/cities.ts';
import type { People } from '../network/people.ts';
import { AppError, validationError } from '../errors.ts';
import { slug } from '../lib/slug.ts';
import { toActor } from '../network/people.ts';
import { printPage } from '../publishing/page.ts';
import { partsToHtml } from '../publishing/render.ts';
import type { Store } from '../store/index.ts';
import { requirePerson, type ApiContext, type ApiEnv } from './context.ts';
import { documentAccess } from './document-access.ts';

interface Deps {
  catalog: Catalog;
  activity: DocActivity;
  store: Store;
  meetings: Meetings;
  cities: Cities;
  people: People;
}

const fieldError = (field: string, message: string) => new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { [field]: message });

/**
 * `/api/documents/import` and `/api/documents/:name/export.{docx,md,html}`: a Word or Markdown file
 * becomes a new document; any document the person may read leaves as Word, Markdown or a page to
 * print.
 */
export function transferRoutes({ catalog, activity, store, meetings, cities, people }: Deps) {
  /** One document as a file to download (`docx`, `md`) or a page to print (`html`). */
  const exportAs = (format: 'docx' | 'md' | 'html') => async (c: ApiContext) => {
      const { person, name } = await documentAccess(c, catalog, 'read');
      const title = (await catalog.get(name))?.title ?? name;
      const doc = await loadStoredDoc(store, name);
      // The text as it reads with every pending suggestion accepted, unless they are asked for.
      if (c.req.query('suggestions') !== 'marked') acceptSuggestions(doc);
      const language = downloadLanguage(c.req.query('lang'), person);
      const { parts, done, wide } = await exportParts({ store, meetings, cities, people }, { name, title, doc, language, query: c.req.query() });
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
        c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
        // The Word writer (docx) is loaded with the first Word export, not at start.
        const { documentDocx } = await import('../documents/export-docx.ts');
        return c.body(new Uint8Array(await documentDocx(title, parts)));
      } finally {
        done();
        doc.destroy();
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
      const parsed = CreateDocumentSchema.safeParse({ title: typeof form.title === 'string' && form.title.trim() ? form.title : file.name.replace(/\.[^.]+$/, ''), kind: form.kind || undefined });
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
    .get('/:name/export.html', exportAs('html'));
}
