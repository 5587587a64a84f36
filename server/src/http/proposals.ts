import { Hono } from 'hono';
import {
  CreateProposalSchema,
  ErrorCode,
  FunderInputSchema,
  ProposalStatusInputSchema,
  TemplateInputSchema,
  UpdateProposalSchema,
  type Proposal,
} from '@dialogo/shared';
import { can } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import type { Versions } from '../history/versions.ts';
import type { MailNotices } from '../mail/notices.ts';
import type { Cities } from '../network/cities.ts';
import { toActor } from '../network/people.ts';
import { loadProposalContent, type ProposalContent } from '../proposals/content.ts';
import { proposalMarkdown, proposalPrintHtml } from '../proposals/export-text.ts';
import { proposalLocked, proposalResource, type Proposals } from '../proposals/proposals.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import { authorize, requirePerson, type ApiContext, type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';

interface ProposalDeps {
  liveDocs: LiveDocs;
  proposals: Proposals;
  cities: Cities;
  versions: Versions;
  notices: MailNotices;
  config: { PUBLIC_URL?: string | undefined };
}

/** What the person may do with a proposal (the policy decides). */
function permissionsOf(c: ApiContext, proposal: Proposal) {
  const actor = toActor(requirePerson(c));
  const resource = proposalResource(proposal);
  return { read: can(actor, 'read', resource), edit: can(actor, 'edit', resource), manage: can(actor, 'manage', resource) };
}

/** A file name from a title: letters, digits and dashes only. */
function fileName(title: string, ext: string): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 60) || 'proposal';
  return `${base}.${ext}`;
}

/**
 * `/api/proposals`: funders and templates, the proposals a person may read, creating one from a
 * template, moving its status, and its exports (Word, PDF, Markdown, printable page). The text, budget
 * and timeline are edited live over the document WebSocket (`proposal:<id>`).
 */
export function proposalRoutes({ liveDocs, proposals, cities, versions, notices, config }: ProposalDeps) {
  const origin = (c: ApiContext) => config.PUBLIC_URL ?? new URL(c.req.url).origin;
  const load = async (c: ApiContext, need: 'read' | 'manage') => {
    const proposal = await proposals.get(c.req.param('id') ?? '');
    requirePerson(c);
    const permissions = proposal ? permissionsOf(c, proposal) : null;
    // One the person may not read gets the answer of one that does not exist.
    if (!proposal || !permissions?.read) throw new AppError(ErrorCode.notFound, 404, 'No such proposal.');
    if (!permissions[need]) throw new AppError(ErrorCode.forbidden, 403, 'You may not change this proposal.');
    return { proposal, permissions };
  };

  const content = async (c: ApiContext, proposal: Proposal): Promise<ProposalContent> => {
    const language = c.req.query('lang') === 'en' ? 'en' : 'it';
    const [funder, all] = await Promise.all([proposals.funders().then((f) => f.find((x) => x.id === proposal.funderId)), cities.list()]);
    return loadProposalContent(liveDocs, proposal, {
      funder,
      cityNames: new Map(all.map((city) => [city.id, city.name])),
      language,
      keepSuggestions: c.req.query('suggestions') === 'marked',
    });
  };

  const download = (c: ApiContext, body: string | Buffer, type: string, name: string) => {
    c.header('Content-Type', type);
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    c.header('Cache-Control', 'no-store');
    return c.body(typeof body === 'string' ? body : new Uint8Array(body));
  };

  return new Hono<ApiEnv>()
    .get('/catalog', async (c) => {
      authorize(c, 'read', { kind: 'network' });
      const [funders, templates] = await Promise.all([proposals.funders(), proposals.templates()]);
      // What the reader may do with them: add funders and edit templates (the routes below).
      return c.json({ funders, templates, can: { manage: can(toActor(requirePerson(c)), 'manage', { kind: 'network' }) } });
    })
    .post('/funders', validJson(FunderInputSchema), async (c) => {
      authorize(c, 'manage', { kind: 'network' });
      const input = c.req.valid('json');
      return c.json({ funder: await proposals.addFunder(input) }, 201);
    })
    .patch('/templates/:templateId', validJson(TemplateInputSchema), async (c) => {
      authorize(c, 'manage', { kind: 'network' });
      const input = c.req.valid('json');
      const id = c.req.param('templateId');
      if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(id)) throw new AppError(ErrorCode.notFound, 404, 'No such template.');
      return c.json({ template: await proposals.putTemplate({ id, ...input }) });
    })
    .get('/', async (c) => {
      const actor = toActor(requirePerson(c));
      const all = await proposals.list();
      // Start one: asked as POST / asks it, for a proposal led by the reader's own city (any city for a coordinator).
      const create = can(
        actor,
        'manage',
        proposalResource({ leadCityId: actor.kind === 'person' ? (actor.cityId ?? '') : '', partners: [], visibility: 'partners' }),
      );
      return c.json({ proposals: all.map((p) => ({ proposal: p, permissions: permissionsOf(c, p) })).filter((x) => x.permissions.read), can: { create } });
    })
    .post('/', validJson(CreateProposalSchema), async (c) => {
      const person = requirePerson(c);
      const input = c.req.valid('json');
      // Proposals are started by the lead city's delegates (or a coordinator on their behalf).
      if (!can(toActor(person), 'manage', proposalResource(input))) {
        throw new AppError(ErrorCode.forbidden, 403, 'Only delegates of the lead city and coordinators start a proposal.', { leadCityId: 'not-yours' });
      }
      const proposal = await proposals.create(input, { id: person.id, name: person.name });
      // Its deadline is reminded by mail 7 days ahead.
      await notices.proposalChanged(proposal, origin(c));
      return c.json({ proposal, permissions: permissionsOf(c, proposal) }, 201);
    })
    .get('/:id', async (c) => c.json(await load(c, 'read')))
    .patch('/:id', validJson(UpdateProposalSchema), async (c) => {
      const { proposal } = await load(c, 'manage');
      const change = c.req.valid('json');
      const next = await proposals.update(proposal.id, change);
      await notices.proposalChanged(next, origin(c));
      return c.json({ proposal: next, permissions: permissionsOf(c, next) });
    })
    .post('/:id/status', validJson(ProposalStatusInputSchema), async (c) => {
      const { proposal } = await load(c, 'manage');
      const { status } = c.req.valid('json');
      const person = requirePerson(c);
      const next = await proposals.setStatus(proposal.id, status, { id: person.id, name: person.name });
      // What was submitted (or decided on) is kept as a named version of the document, now read-only.
      if (proposalLocked(next) && !proposalLocked(proposal)) {
        await versions.save(next.name, { reason: 'proposal-submitted', savedBy: { id: person.id, name: person.name } });
      }
      // The delegates of its cities are told by mail; its deadline reminder follows the status.
      await notices.proposalStatusChanged(proposal, next, person, origin(c));
      return c.json({ proposal: next, permissions: permissionsOf(c, next) });
    })
    .get('/:id/budget', async (c) => {
      const { proposal } = await load(c, 'read');
      const read = await content(c, proposal);
      read.doc.destroy();
      return c.json({ lines: read.lines, totals: read.totals, breaches: read.breaches });
    })
    .get('/:id/export.docx', async (c) => {
      const { proposal } = await load(c, 'read');
      const read = await content(c, proposal);
      try {
        // The Word writer (docx) is loaded with the first Word export, not at start.
        const { proposalDocx } = await import('../proposals/export-docx.ts');
        return download(
          c,
          await proposalDocx(read),
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          fileName(proposal.title, 'docx'),
        );
      } finally {
        read.doc.destroy();
      }
    })
    .get('/:id/export.pdf', async (c) => {
      const { proposal } = await load(c, 'read');
      const read = await content(c, proposal);
      try {
        // pdfkit and its fonts are loaded with the first PDF export, not at start.
        const { proposalPdf } = await import('../proposals/export-pdf.ts');
        return download(c, await proposalPdf(read), 'application/pdf', fileName(proposal.title, 'pdf'));
      } finally {
        read.doc.destroy();
      }
    })
    .get('/:id/export.md', async (c) => {
      const { proposal } = await load(c, 'read');
      const read = await content(c, proposal);
      try {
        return download(c, proposalMarkdown(read), 'text/markdown; charset=utf-8', fileName(proposal.title, 'md'));
      } finally {
        read.doc.destroy();
      }
    })
    .get('/:id/print', async (c) => {
      const { proposal } = await load(c, 'read');
      const read = await content(c, proposal);
      try {
        c.header('Cache-Control', 'no-store');
        return c.html(proposalPrintHtml(read));
      } finally {
        read.doc.destroy();
      }
    });
}
