import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import {
  DocKind,
  docName,
  ErrorCode,
  proposalCities,
  STATUS_TRANSITIONS,
  writeOutline,
  type CreateProposalSchema,
  type UpdateProposalSchema,
  type DocumentScope,
  type DocumentSummary,
  type Funder,
  type Proposal,
  type ProposalStatus,
  type Template,
} from '@dialogo/shared';
import type { z } from 'zod';
import type { Resource } from '../access/policy.ts';
import type { Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import { slug } from '../lib/slug.ts';
import type { Cities } from '../network/cities.ts';
import type { Store } from '../store/index.ts';
import { DEFAULT_FUNDERS, DEFAULT_TEMPLATES } from './defaults.ts';

const PROPOSALS = 'proposals';
const FUNDERS = 'proposal-funders';
const TEMPLATES = 'proposal-templates';

type CreateInput = z.output<typeof CreateProposalSchema>;
type UpdateInput = z.output<typeof UpdateProposalSchema>;
type Who = { id: string; name: string };

/** Statuses in which a proposal's document is read-only for everyone: sent to the funder, or decided. */
export const LOCKED_STATUSES: readonly ProposalStatus[] = ['submitted', 'funded', 'rejected'];

/** Whether a proposal's text, budget and timeline are locked (its status; a missing status is a draft). */
export function proposalLocked(p: { status?: ProposalStatus }): boolean {
  return !!p.status && LOCKED_STATUSES.includes(p.status);
}

/** The catalog scope of a proposal's document: its cities, its lead, who reads it, and whether it is locked. */
export function proposalScope(p: Pick<Proposal, 'leadCityId' | 'partners' | 'visibility'> & { status?: ProposalStatus }): DocumentScope {
  return {
    cities: proposalCities(p),
    lead: p.leadCityId,
    visibility: p.visibility === 'network' ? 'network' : 'participants',
    ...(proposalLocked(p) ? { locked: true } : {}),
  };
}

/** The access policy's resource for a proposal (its record is the source of truth). */
export function proposalResource(p: Pick<Proposal, 'leadCityId' | 'partners' | 'visibility'> & { status?: ProposalStatus }): Resource {
  return {
    kind: 'proposal',
    scope: { partnerCities: proposalCities(p), visibility: p.visibility, guests: [], leadCity: p.leadCityId, ...(proposalLocked(p) ? { locked: true } : {}) },
  };
}

/**
 * Joint funding proposals: their records, their funders and templates. The text, budget and
 * timeline live in the proposal's Y.Doc; this keeps what a form or a workflow changes.
 */
export class Proposals {
  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly cities: Cities,
  ) {}

  /** Writes the default funders and templates once (a coordinator's later edits are kept). */
  async ensureDefaults(): Promise<void> {
    await Promise.all([
      ...DEFAULT_FUNDERS.map((f) => this.store.records.putIfAbsent(FUNDERS, f.id, f)),
      ...DEFAULT_TEMPLATES.map((t) => this.store.records.putIfAbsent(TEMPLATES, t.id, t)),
    ]);
  }

  async funders(): Promise<Funder[]> {
    return (await this.store.records.list<Funder>(FUNDERS)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async addFunder(input: Omit<Funder, 'id'>): Promise<Funder> {
    if (input.templateId && !(await this.template(input.templateId))) throw fieldError('templateId', 'unknown');
    const funder: Funder = { id: `${slug(input.name, 40) || 'funder'}-${randomBytes(2).toString('hex')}`, ...input };
    await this.store.records.put(FUNDERS, funder.id, funder);
    return funder;
  }

  async templates(): Promise<Template[]> {
    return (await this.store.records.list<Template>(TEMPLATES)).sort((a, b) => a.name.localeCompare(b.name));
  }

  template(id: string): Promise<Template | undefined> {
    return this.store.records.get<Template>(TEMPLATES, id);
  }

  async putTemplate(template: Template): Promise<Template> {
    await this.store.records.put(TEMPLATES, template.id, template);
    return template;
  }

  async list(): Promise<Proposal[]> {
    return (await this.store.records.list<Proposal>(PROPOSALS)).sort((a, b) => a.deadline.localeCompare(b.deadline) || a.title.localeCompare(b.title));
  }

  get(id: string): Promise<Proposal | undefined> {
    return this.store.records.get<Proposal>(PROPOSALS, id);
  }

  /**
   * Creates a proposal from a template. Every reference is checked first (a bad one is a field
   * error and nothing is written); then the document's outline, the record, and last the catalog
   * entry that makes the document reachable, so nothing reachable is ever half-made.
   */
  async create(input: CreateInput, by: Who, options: { id?: string; createdAt?: string } = {}): Promise<Proposal> {
    const [funder, template, cityIds] = await Promise.all([
      this.store.records.get<Funder>(FUNDERS, input.funderId),
      this.template(input.templateId),
      this.cities.list().then((all) => new Set(all.filter((c) => !c.archived).map((c) => c.id))),
    ]);
    const fields: Record<string, string> = {};
    if (!funder) fields.funderId = 'unknown';
    if (!template) fields.templateId = 'unknown';
    if (!cityIds.has(input.leadCityId)) fields.leadCityId = 'unknown';
    input.partners.forEach((p, i) => {
      if (!cityIds.has(p.cityId)) fields[`partners.${i}.cityId`] = 'unknown';
    });
    if (Object.keys(fields).length > 0 || !template) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', fields);

    const id = options.id ?? `${slug(input.title, 40) || 'proposal'}-${randomBytes(3).toString('hex')}`;
    const name = docName(DocKind.proposal, id);
    const proposal: Proposal = {
      id,
      name,
      title: input.title,
      funderId: input.funderId,
      call: input.call,
      deadline: input.deadline,
      leadCityId: input.leadCityId,
      leadRole: input.leadRole,
      partners: input.partners,
      status: 'draft',
      visibility: input.visibility,
      templateId: input.templateId,
      durationMonths: input.durationMonths,
      rules: input.rules,
      createdAt: options.createdAt ?? new Date().toISOString(),
      createdBy: by,
    };
    if ((await this.store.docs.load(name)).length === 0) {
      const doc = new Y.Doc();
      writeOutline(doc, template.sections);
      await this.store.docs.append(name, [Y.encodeStateAsUpdate(doc)]);
      doc.destroy();
    }
    await this.store.records.put(PROPOSALS, id, proposal);
    const summary: DocumentSummary = { name, kind: DocKind.proposal, title: proposal.title, createdAt: proposal.createdAt, scope: proposalScope(proposal) };
    await this.catalog.put(summary);
    return proposal;
  }

  /**
   * Changes a proposal's details. Partners are checked first (known cities, none twice, not the
   * lead); the record is changed atomically, then the catalog entry the document WebSocket reads,
   * so a removed partner loses the document at the next access check (`ACCESS_RECHECK_MS`).
   */
  async update(id: string, change: UpdateInput): Promise<Proposal> {
    if (change.partners) {
      const cityIds = new Set((await this.cities.list()).filter((c) => !c.archived).map((c) => c.id));
      const fields: Record<string, string> = {};
      const current = await this.get(id);
      const seen = new Set(current ? [current.leadCityId] : []);
      change.partners.forEach((p, i) => {
        if (!cityIds.has(p.cityId)) fields[`partners.${i}.cityId`] = 'unknown';
        else if (seen.has(p.cityId)) fields[`partners.${i}.cityId`] = 'duplicate';
        seen.add(p.cityId);
      });
      if (Object.keys(fields).length > 0) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', fields);
    }
    const next = await this.store.records.update<Proposal>(PROPOSALS, id, (current) => {
      if (!current) return undefined;
      const merged: Proposal = { ...current, ...change };
      // The lead can never be listed among the partners, even when it raced with this change.
      merged.partners = merged.partners.filter((p) => p.cityId !== merged.leadCityId);
      return merged;
    });
    if (!next) throw new AppError(ErrorCode.notFound, 404, 'No such proposal.');
    const summary = await this.catalog.get(next.name);
    await this.catalog.put({
      ...(summary ?? { name: next.name, kind: DocKind.proposal, createdAt: next.createdAt }),
      title: next.title,
      scope: proposalScope(next),
    });
    return next;
  }

  /**
   * Moves a proposal to `status` when its workflow allows it from the status it has now, read and
   * written atomically: two people moving it at once never skip a step.
   */
  async setStatus(id: string, status: ProposalStatus, by: Who): Promise<Proposal> {
    let refused: ProposalStatus | null = null;
    const next = await this.store.records.update<Proposal>(PROPOSALS, id, (current) => {
      refused = null;
      if (!current) return undefined;
      if (!STATUS_TRANSITIONS[current.status].includes(status)) {
        refused = current.status;
        return undefined;
      }
      return { ...current, status, statusChangedAt: new Date().toISOString(), statusChangedBy: by };
    });
    if (refused) throw new AppError(ErrorCode.conflict, 409, `A proposal cannot move from ${refused} to ${status}.`, { status: 'transition' });
    if (!next) throw new AppError(ErrorCode.notFound, 404, 'No such proposal.');
    // The catalog entry the document WebSocket reads follows the status: submitted, funded and
    // rejected proposals lock their document (open connections turn read-only at the next access
    // check, new ones open read-only), reopening unlocks it.
    const summary = await this.catalog.get(next.name);
    await this.catalog.put({
      ...(summary ?? { name: next.name, kind: DocKind.proposal, createdAt: next.createdAt }),
      title: next.title,
      scope: proposalScope(next),
    });
    return next;
  }
}

function fieldError(field: string, message: string): AppError {
  return new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { [field]: message });
}
