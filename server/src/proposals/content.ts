import type * as Y from 'yjs';
import {
  BUDGET_CATEGORIES,
  budgetLines,
  budgetTotals,
  checkBudget,
  formatCents,
  formatShare,
  proposalCities,
  ProposalShape,
  sectionField,
  sectionsOf,
  timelineRows,
  type BudgetLine,
  type BudgetTotals,
  type Funder,
  type Proposal,
  type RuleBreach,
  type Section,
  type TimelineRow,
} from '@dialogo/shared';
import { acceptSuggestions, markSuggestions } from '../documents/suggestions.ts';
import type { LiveDocs } from '../ports/live-docs.ts';

/** Everything an export shows of a proposal, its document read once. */
export interface ProposalContent {
  proposal: Proposal;
  funder: Funder | undefined;
  /** City id → name. */
  cityName(id: string): string;
  sections: { section: Section; fragment: Y.XmlFragment }[];
  lines: BudgetLine[];
  totals: BudgetTotals;
  breaches: RuleBreach[];
  timeline: TimelineRow[];
  /** The partner cities in the proposal's order (lead first) that the budget is grouped by. */
  budgetCities: string[];
  language: 'it' | 'en';
  doc: Y.Doc;
}

/** Labels of the exported files, in the language asked for. */
export const EXPORT_LABELS = {
  it: {
    funder: 'Finanziatore',
    call: 'Bando',
    deadline: 'Scadenza',
    lead: 'Capofila',
    partners: 'Partner',
    status: 'Stato',
    budget: 'Prospetto del budget',
    budgetOf: 'Budget di',
    category: 'Categoria',
    description: 'Descrizione',
    amount: 'Importo',
    cofunding: 'Cofinanziamento',
    subtotal: 'Totale',
    total: 'Totale generale',
    grant: 'Contributo richiesto',
    share: 'Quota di cofinanziamento',
    byCategory: 'Per categoria',
    timeline: 'Cronoprogramma',
    activity: 'Attività',
    city: 'Città',
    months: 'Mesi',
    month: 'M',
    empty: '(sezione da scrivere)',
    printHint: 'Per un PDF: Stampa (Ctrl+P) e «Salva come PDF».',
    categories: { staff: 'Personale', travel: 'Viaggi', events: 'Eventi', communication: 'Comunicazione', equipment: 'Attrezzature', other: 'Altro' },
    statuses: { draft: 'Bozza', 'in-review': 'In revisione', submitted: 'Presentata', funded: 'Finanziata', rejected: 'Respinta' },
    breaches: {
      maxGrant: 'Il contributo richiesto supera il massimo del bando',
      minCofunding: 'Il cofinanziamento è sotto la quota minima del bando',
      cofundingAboveAmount: 'Una riga ha un cofinanziamento superiore all’importo',
    },
  },
  en: {
    funder: 'Funder',
    call: 'Call',
    deadline: 'Deadline',
    lead: 'Lead city',
    partners: 'Partners',
    status: 'Status',
    budget: 'Budget breakdown',
    budgetOf: 'Budget of',
    category: 'Category',
    description: 'Description',
    amount: 'Amount',
    cofunding: 'Co-funding',
    subtotal: 'Total',
    total: 'Grand total',
    grant: 'Grant requested',
    share: 'Co-funding share',
    byCategory: 'By category',
    timeline: 'Timeline',
    activity: 'Activity',
    city: 'City',
    months: 'Months',
    month: 'M',
    empty: '(section to be written)',
    printHint: 'For a PDF: Print (Ctrl+P) and “Save as PDF”.',
    categories: { staff: 'Staff', travel: 'Travel', events: 'Events', communication: 'Communication', equipment: 'Equipment', other: 'Other' },
    statuses: { draft: 'Draft', 'in-review': 'In review', submitted: 'Submitted', funded: 'Funded', rejected: 'Rejected' },
    breaches: {
      maxGrant: 'The grant requested is above the call’s maximum',
      minCofunding: 'Co-funding is below the call’s minimum share',
      cofundingAboveAmount: 'A line has more co-funding than its amount',
    },
  },
} as const;

/** Reads the proposal's document (a copy) and everything around it. The caller destroys `doc`. */
export async function loadProposalContent(
  docs: LiveDocs,
  proposal: Proposal,
  {
    funder,
    cityNames,
    language,
    keepSuggestions = false,
  }: { funder: Funder | undefined; cityNames: Map<string, string>; language: 'it' | 'en'; keepSuggestions?: boolean },
): Promise<ProposalContent> {
  const doc = await docs.read(proposal.name);
  // The sections as they read with every pending suggestion accepted, unless they are asked for.
  if (!keepSuggestions) acceptSuggestions(doc);
  else markSuggestions(doc);
  const lines = budgetLines(doc.getMap(ProposalShape.budget).toJSON() as Record<string, unknown>);
  const totals = budgetTotals(lines);
  const ordered = proposalCities(proposal);
  const budgetCities = [...ordered, ...Object.keys(totals.byCity).filter((c) => !ordered.includes(c))].filter((c) => totals.byCity[c]);
  return {
    proposal,
    funder,
    cityName: (id) => cityNames.get(id) ?? (id || '—'),
    sections: sectionsOf(doc).map((section) => ({ section, fragment: doc.getXmlFragment(sectionField(section.key)) })),
    lines,
    totals,
    breaches: checkBudget(lines, totals, proposal.rules),
    timeline: timelineRows(doc.getMap(ProposalShape.timeline).toJSON() as Record<string, unknown>),
    budgetCities,
    language,
    doc,
  };
}

/** Money and shares of an export, in its language. */
export function exportFormat(language: 'it' | 'en') {
  return { money: (cents: number) => formatCents(cents, language), share: (bp: number) => formatShare(bp, language), categories: BUDGET_CATEGORIES };
}

/** How many month columns the timeline shows: the project's duration, or further if an activity runs past it. */
export function timelineMonths(c: Pick<ProposalContent, 'proposal' | 'timeline'>): number {
  return Math.min(60, Math.max(c.proposal.durationMonths, ...c.timeline.map((r) => r.end)));
}

/** The deadline written out in the export's language (`31 marzo 2027`, `31 March 2027`). */
export function exportDay(day: string, language: 'it' | 'en'): string {
  return new Intl.DateTimeFormat(language === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
