import type { City, CreateProposalInput, DocumentPermissions, Funder, Proposal, ProposalStatus, Template } from '@dialogo/shared';
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
  return { docx: `${base}/export.docx?lang=${lang}`, markdown: `${base}/export.md?lang=${lang}`, print: `${base}/print?lang=${lang}` };
}
