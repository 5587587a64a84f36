import type { CreateProposalInput, DocumentPermissions, Funder, Proposal, ProposalStatus, Template, UpdateProposalInput } from '@dialogo/shared';
import { data, rpc, withSignal } from '../../lib/rpc.ts';

/** A proposal with what the signed-in person may do with it. */
export interface ProposalWithPermissions {
  proposal: Proposal;
  permissions: DocumentPermissions;
}

const proposal = (id: string) => ({ param: { id } });

/** Query keys of the proposals feature. */
export const proposalKeys = {
  list: ['proposals', 'list'] as const,
  /** Funders and templates, and whether the reader may change them. */
  catalog: ['proposals', 'catalog'] as const,
  cities: ['proposals', 'cities'] as const,
  proposal: (id: string) => ['proposals', 'proposal', id] as const,
};

/** The proposals the reader may read, and whether they may start one (`can.create`). */
export function listProposals(signal?: AbortSignal) {
  return data(rpc.proposals.$get(undefined, withSignal(signal)));
}

export function fetchProposal(id: string, signal?: AbortSignal) {
  return data(rpc.proposals[':id'].$get(proposal(id), withSignal(signal)));
}

export function createProposal(input: CreateProposalInput) {
  return data(rpc.proposals.$post({ json: input }));
}

export function moveProposal(id: string, status: ProposalStatus) {
  return data(rpc.proposals[':id'].status.$post({ ...proposal(id), json: { status } }));
}

/** Funders and templates to start a proposal from, and whether the reader may change them (`can.manage`). */
export function fetchProposalCatalog(signal?: AbortSignal) {
  return data(rpc.proposals.catalog.$get(undefined, withSignal(signal)));
}

/** The member cities (partners, assignees, budget lines). */
export async function fetchCities(signal?: AbortSignal) {
  const { cities } = await data(rpc.cities.$get(undefined, withSignal(signal)));
  return cities.filter((city) => !city.archived);
}

/** Addresses of the exports, in the interface's language. */
export function exportUrls(id: string, language: string) {
  const base = `/api/proposals/${encodeURIComponent(id)}`;
  const lang = language.startsWith('en') ? 'en' : 'it';
  return {
    docx: `${base}/export.docx?lang=${lang}`,
    pdf: `${base}/export.pdf?lang=${lang}`,
    markdown: `${base}/export.md?lang=${lang}`,
    print: `${base}/print?lang=${lang}`,
  };
}

export async function addFunder(input: { name: string; kind: Funder['kind']; templateId?: string }) {
  return (await data(rpc.proposals.funders.$post({ json: input }))).funder;
}

export async function saveTemplate(template: Template) {
  const { id, ...body } = template;
  return (await data(rpc.proposals.templates[':templateId'].$patch({ param: { templateId: id }, json: body }))).template;
}

export function updateProposal(id: string, change: UpdateProposalInput) {
  return data(rpc.proposals[':id'].$patch({ ...proposal(id), json: change }));
}
