import type { City, CreateProposalInput, DocumentPermissions, Funder, Proposal, ProposalStatus, Template, UpdateProposalInput } from '@dialogo/shared';
import { api } from '../../lib/api.ts';

/** A proposal with what the signed-in person may do with it. */
export interface ProposalWithPermissions {
  proposal: Proposal;
  permissions: DocumentPermissions;
}

export async function listProposals(signal?: AbortSignal): Promise<ProposalWithPermissions[]> {
  return (await api.get<{ proposals: ProposalWithPermissions[] }>('/api/proposals', signal)).proposals;
}

export function fetchProposal(id: string, signal?: AbortSignal): Promise<ProposalWithPermissions> {
  return api.get(`/api/proposals/${encodeURIComponent(id)}`, signal);
}

export function createProposal(input: CreateProposalInput): Promise<ProposalWithPermissions> {
  return api.post('/api/proposals', input);
}

export function moveProposal(id: string, status: ProposalStatus): Promise<ProposalWithPermissions> {
  return api.post(`/api/proposals/${encodeURIComponent(id)}/status`, { status });
}

/** Funders and templates to start a proposal from. */
export function fetchProposalCatalog(signal?: AbortSignal): Promise<{ funders: Funder[]; templates: Template[] }> {
  return api.get('/api/proposals/catalog', signal);
}

/** The member cities (partners, assignees, budget lines). */
export async function fetchCities(signal?: AbortSignal): Promise<City[]> {
  const { cities } = await api.get<{ cities: City[] }>('/api/cities', signal);
  return cities.filter((city) => !city.archived);
}

/** Addresses of the exports, in the interface's language. */
export function exportUrls(id: string, language: string) {
  const base = `/api/proposals/${encodeURIComponent(id)}`;
  const lang = language.startsWith('en') ? 'en' : 'it';
  return { docx: `${base}/export.docx?lang=${lang}`, pdf: `${base}/export.pdf?lang=${lang}`, markdown: `${base}/export.md?lang=${lang}`, print: `${base}/print?lang=${lang}` };
}

export async function addFunder(input: { name: string; kind: Funder['kind']; templateId?: string }): Promise<Funder> {
  return (await api.post<{ funder: Funder }>('/api/proposals/funders', input)).funder;
}

export async function saveTemplate(template: Template): Promise<Template> {
  const { id, ...body } = template;
  return (await api.patch<{ template: Template }>(`/api/proposals/templates/${encodeURIComponent(id)}`, body)).template;
}

export function updateProposal(id: string, change: UpdateProposalInput): Promise<ProposalWithPermissions> {
  return api.patch(`/api/proposals/${encodeURIComponent(id)}`, change);
}
