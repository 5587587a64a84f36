import { z } from 'zod';
import { LIMITS } from '../limits.ts';

/**
 * Joint funding proposals. A proposal is a record (funder, call, deadline, lead city, partners with
 * their roles, status, visibility) plus one co-edited Y.Doc `proposal:<id>` holding:
 *
 * - `sections`: Y.Map<sectionKey, Y.Map> with each section's title, order, limit, assigned city and
 *   "ready" flag (the outline), so assignments and progress show live for everyone;
 * - one Y.XmlFragment per section (`section:<key>`), bound to Tiptap, so two partners writing two
 *   sections never touch the same type;
 * - `budget`: Y.Map<lineId, Y.Map> with one cell per field (city, category, description, amount and
 *   co-funding in integer cents, order), following the action plan's rows;
 * - `timeline`: Y.Map<activityId, Y.Map> (activity, city, start and end month, order).
 *
 * Amounts are integer cents everywhere: totals are exact sums of integers, never floating-point.
 */

export const PROPOSAL_STATUSES = ['draft', 'in-review', 'submitted', 'funded', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** Where a proposal may move from each status (the lead city's delegates and coordinators move it). */
export const STATUS_TRANSITIONS: Record<ProposalStatus, readonly ProposalStatus[]> = {
  draft: ['in-review'],
  'in-review': ['draft', 'submitted'],
  submitted: ['in-review', 'funded', 'rejected'],
  funded: [],
  rejected: ['draft'],
};

export const FUNDER_KINDS = ['ministry', 'foundation', 'european'] as const;
export type FunderKind = (typeof FUNDER_KINDS)[number];

export const PROPOSAL_VISIBILITIES = ['partners', 'network'] as const;
export type ProposalVisibility = (typeof PROPOSAL_VISIBILITIES)[number];

export const BUDGET_CATEGORIES = ['staff', 'travel', 'events', 'communication', 'equipment', 'other'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

export const LIMIT_UNITS = ['words', 'characters'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

/** Names of the shared types inside a proposal's Y.Doc. */
export const ProposalShape = {
  sections: 'sections',
  budget: 'budget',
  timeline: 'timeline',
  /**
   * Y.Array<Y.Map>: where comments on sections were kept before they became comment threads (see
   * `CommentThread.section`). Read once, by the server's import; nothing writes it any more.
   */
  comments: 'comments',
  /**
   * Y.Map with `changedAt`: set by whoever changed the proposal's record (status, details) so that
   * every open page reloads it at once.
   */
  record: 'record',
} as const;

/** The Y.XmlFragment of one section. */
export function sectionField(key: string): string {
  return `section:${key}`;
}

const isoDay = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date');
const key = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'invalid');

/** A funder: a national ministry, a foundation, a European programme. */
export const FunderSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(FUNDER_KINDS),
  /** The template a proposal to this funder starts from. */
  templateId: z.string().optional(),
});
export type Funder = z.infer<typeof FunderSchema>;

/** Body of `POST /api/proposals/funders` (coordinators). */
export const FunderInputSchema = z.object({
  name: z.string().trim().min(1, 'required').max(LIMITS.name, 'too-long'),
  kind: z.enum(FUNDER_KINDS),
  templateId: z.string().max(LIMITS.id, 'too-long').optional(),
});

/** One section of a template: its key, its title and the funder's limit, when there is one. */
export const TemplateSectionSchema = z.object({
  key,
  title: z.string().trim().min(1, 'required').max(LIMITS.name, 'too-long'),
  limit: z.object({ max: z.number().int().min(1).max(100_000), unit: z.enum(LIMIT_UNITS) }).optional(),
});
export type TemplateSection = z.infer<typeof TemplateSectionSchema>;

/** A template of sections; coordinators edit them. */
export const TemplateSchema = z.object({
  id: z.string(),
  name: z.string().trim().min(1, 'required').max(LIMITS.name, 'too-long'),
  sections: z
    .array(TemplateSectionSchema)
    .min(1, 'required')
    .max(30, 'too-long')
    .refine((s) => new Set(s.map((x) => x.key)).size === s.length, 'duplicate'),
});
export type Template = z.infer<typeof TemplateSchema>;
/** Body of `PATCH /api/proposals/templates/:id` (the whole template). */
export const TemplateInputSchema = TemplateSchema.omit({ id: true });

/** A partner city and what it does in the project. */
export const PartnerSchema = z.object({
  cityId: z.string().min(1, 'required').max(LIMITS.id, 'too-long'),
  role: z.string().trim().max(LIMITS.title, 'too-long').default(''),
});
export type Partner = z.infer<typeof PartnerSchema>;

/** Rules set by the call, checked live on the budget. */
export const BudgetRulesSchema = z.object({
  /** Largest grant the funder gives (total minus co-funding), in cents. */
  maxGrantCents: z.number().int().min(0).max(1e13).optional(),
  /** Smallest share of the total the partners must fund themselves, in percent. */
  minCofundingPercent: z.number().int().min(0).max(100).optional(),
});
export type BudgetRules = z.infer<typeof BudgetRulesSchema>;

/** A proposal as the API returns it. */
export interface Proposal {
  id: string;
  /** Its document, `proposal:<id>`. */
  name: string;
  title: string;
  funderId: string;
  call: string;
  /** `YYYY-MM-DD`: the day the call closes. */
  deadline: string;
  leadCityId: string;
  /** Partner cities besides the lead (the lead's role is `leadRole`). */
  partners: Partner[];
  leadRole: string;
  status: ProposalStatus;
  visibility: ProposalVisibility;
  templateId: string;
  durationMonths: number;
  rules: BudgetRules;
  createdAt: string;
  createdBy: { id: string; name: string };
  statusChangedAt?: string;
  statusChangedBy?: { id: string; name: string };
}

/** The fields of a proposal a form sets. */
const ProposalFieldsSchema = z.object({
  title: z.string().trim().min(1, 'required').max(LIMITS.title, 'too-long'),
  funderId: z.string().min(1, 'required').max(LIMITS.id, 'too-long'),
  templateId: z.string().min(1, 'required').max(LIMITS.id, 'too-long'),
  call: z.string().trim().max(LIMITS.title, 'too-long').default(''),
  deadline: z.string().trim().min(1, 'required').pipe(isoDay),
  leadCityId: z.string().min(1, 'required').max(LIMITS.id, 'too-long'),
  leadRole: z.string().trim().max(LIMITS.title, 'too-long').default(''),
  partners: z.array(PartnerSchema).max(30, 'too-long').default([]),
  visibility: z.enum(PROPOSAL_VISIBILITIES).default('partners'),
  durationMonths: z.coerce.number().int('invalid').min(1, 'invalid').max(60, 'invalid').default(24),
  rules: BudgetRulesSchema.default({}),
});

/** Partners appear once, and the lead is not one of them (field error on the repeated one). */
function noDuplicatePartners(p: { leadCityId?: string; partners?: Partner[] | undefined }, ctx: z.RefinementCtx): void {
  const seen = new Set(p.leadCityId ? [p.leadCityId] : []);
  (p.partners ?? []).forEach((partner, i) => {
    if (seen.has(partner.cityId)) ctx.addIssue({ code: 'custom', path: ['partners', i, 'cityId'], message: 'duplicate' });
    seen.add(partner.cityId);
  });
}

/** Body of `POST /api/proposals`. */
export const CreateProposalSchema = ProposalFieldsSchema.superRefine(noDuplicatePartners);
export type CreateProposalInput = z.input<typeof CreateProposalSchema>;

/**
 * Body of `PATCH /api/proposals/:id` (the lead city or coordinators): any of the details; the
 * funder, template and lead city stay what the proposal started with.
 */
export const UpdateProposalSchema = z
  .object({
    title: z.string().trim().min(1, 'required').max(LIMITS.title, 'too-long'),
    call: z.string().trim().max(LIMITS.title, 'too-long'),
    deadline: z.string().trim().min(1, 'required').pipe(isoDay),
    leadRole: z.string().trim().max(LIMITS.title, 'too-long'),
    partners: z.array(PartnerSchema).max(30, 'too-long'),
    visibility: z.enum(PROPOSAL_VISIBILITIES),
    durationMonths: z.coerce.number().int('invalid').min(1, 'invalid').max(60, 'invalid'),
    rules: BudgetRulesSchema,
  })
  .partial()
  .strict();
export type UpdateProposalInput = z.input<typeof UpdateProposalSchema>;

/** Body of `POST /api/proposals/:id/status`. */
export const ProposalStatusInputSchema = z.object({ status: z.enum(PROPOSAL_STATUSES) });

/** Every city of a proposal: the lead first, then the partners. */
export function proposalCities(p: Pick<Proposal, 'leadCityId' | 'partners'>): string[] {
  return [p.leadCityId, ...p.partners.map((x) => x.cityId)];
}

/** Whole days from `today` (`YYYY-MM-DD`) to the deadline; negative once it has passed. */
export function daysLeft(deadline: string, today: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

// ---------------------------------------------------------------------------------------------
// Sections

/** A section as read from the `sections` map. */
export const SectionSchema = z.object({
  key: z.string(),
  title: z.string().default(''),
  order: z.number().default(0),
  limitMax: z.number().int().optional().catch(undefined),
  limitUnit: z.enum(LIMIT_UNITS).optional().catch(undefined),
  /** The city writing it (a partner), or ''. */
  assignee: z.string().default(''),
  ready: z.boolean().default(false),
});
export type Section = z.infer<typeof SectionSchema>;

/** The sections of a `sections` map's JSON, in outline order. */
export function proposalSections(json: Record<string, unknown>): Section[] {
  const out: Section[] = [];
  for (const [k, value] of Object.entries(json)) {
    const parsed = SectionSchema.safeParse({ ...(value as object), key: k });
    if (parsed.success) out.push(parsed.data);
  }
  return out.sort((a, b) => a.order - b.order || (a.key < b.key ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// Budget

const cents = z.number().int().min(0).max(1e13);

/** One budget line as read from the document (bad or missing cells read as empty). */
export const BudgetLineSchema = z.object({
  id: z.string(),
  order: z.string(),
  city: z.string().catch(''),
  category: z.enum(BUDGET_CATEGORIES).catch('other'),
  description: z.string().catch(''),
  amount: cents.catch(0),
  cofunding: cents.catch(0),
});
export type BudgetLine = z.infer<typeof BudgetLineSchema>;

/** Ordered rows (`order` a fractional index, ties broken by id) of a Y.Map-of-Y.Maps' JSON. */
function orderedRows<T extends { id: string; order: string }>(json: Record<string, unknown>, schema: z.ZodType<T>): T[] {
  const rows: T[] = [];
  for (const [id, value] of Object.entries(json)) {
    const parsed = schema.safeParse({ ...(value as object), id });
    if (parsed.success && parsed.data.order) rows.push(parsed.data);
  }
  return rows.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1));
}

/** The lines of a `budget` map's JSON, in table order. */
export function budgetLines(json: Record<string, unknown>): BudgetLine[] {
  return orderedRows(json, BudgetLineSchema);
}

/** An amount and the part of it the partners fund themselves. */
export interface Sum {
  amount: number;
  cofunding: number;
}

/** Totals of a budget: per city, per category, overall, the grant asked and the co-funding share. */
export interface BudgetTotals {
  byCity: Record<string, Sum>;
  byCategory: Record<BudgetCategory, Sum>;
  total: Sum;
  /** What is asked of the funder: total minus co-funding. */
  grant: number;
  /** Co-funding share of the total in hundredths of a percent (2550 = 25.50 %), rounded half up; 0 when empty. */
  cofundingShareBp: number;
}

/** Sums integer cents: exact, whatever the order the lines arrived in. */
export function budgetTotals(lines: readonly BudgetLine[]): BudgetTotals {
  const byCity: Record<string, Sum> = {};
  const byCategory = Object.fromEntries(BUDGET_CATEGORIES.map((c) => [c, { amount: 0, cofunding: 0 }])) as Record<BudgetCategory, Sum>;
  const total: Sum = { amount: 0, cofunding: 0 };
  for (const line of lines) {
    const city = (byCity[line.city] ??= { amount: 0, cofunding: 0 });
    for (const sum of [city, byCategory[line.category], total]) {
      sum.amount += line.amount;
      sum.cofunding += line.cofunding;
    }
  }
  const cofundingShareBp = total.amount > 0 ? Math.floor((total.cofunding * 10_000 * 2 + total.amount) / (2 * total.amount)) : 0;
  return { byCity, byCategory, total, grant: total.amount - total.cofunding, cofundingShareBp };
}

/**
 * The co-funding share to show beside the call's rules: rounded half up, except when it is below
 * the call's minimum, where it is cut (not rounded) to hundredths of a percent, so a share below
 * the minimum never reads as the minimum itself (19.995 % is "19.99 %, below the minimum of 20 %",
 * never "20 %, below the minimum of 20 %").
 */
export function shownCofundingShareBp(totals: BudgetTotals, rules: BudgetRules): number {
  const { amount, cofunding } = totals.total;
  const below = rules.minCofundingPercent !== undefined && amount > 0 && cofunding * 100 < rules.minCofundingPercent * amount;
  return below ? Math.floor((cofunding * 10_000) / amount) : totals.cofundingShareBp;
}

/** A broken rule of the call, with the numbers to show. */
export type RuleBreach =
  | { rule: 'maxGrant'; limit: number; actual: number }
  | { rule: 'minCofunding'; limit: number; actualBp: number }
  | { rule: 'cofundingAboveAmount'; lineId: string };

/** The call's rules checked on the totals (exact integer comparisons). */
export function checkBudget(lines: readonly BudgetLine[], totals: BudgetTotals, rules: BudgetRules): RuleBreach[] {
  const breaches: RuleBreach[] = [];
  if (rules.maxGrantCents !== undefined && totals.grant > rules.maxGrantCents)
    breaches.push({ rule: 'maxGrant', limit: rules.maxGrantCents, actual: totals.grant });
  if (rules.minCofundingPercent !== undefined && totals.total.amount > 0 && totals.total.cofunding * 100 < rules.minCofundingPercent * totals.total.amount) {
    breaches.push({ rule: 'minCofunding', limit: rules.minCofundingPercent, actualBp: shownCofundingShareBp(totals, rules) });
  }
  for (const line of lines) if (line.cofunding > line.amount) breaches.push({ rule: 'cofundingAboveAmount', lineId: line.id });
  return breaches;
}

/**
 * Reads an amount typed by a person (`1.234,56` in Italian, `1,234.56` in English, or plain
 * `1234.5`) into integer cents, without going through floating point; null when it is not one.
 */
export function parseCents(text: string, language: 'it' | 'en'): number | null {
  let s = text.replace(/[\s\u00a0€]/gu, '');
  if (!s) return 0;
  const [group, decimal] = language === 'it' ? ['.', ','] : [',', '.'];
  // A lone group separator followed by exactly 1-2 digits is read as the decimal point (`12.5` in Italian).
  if (!s.includes(decimal) && s.split(group).length === 2 && /^\d+[.,]\d{1,2}$/.test(s)) s = s.replace(group, decimal);
  s = s.split(group).join('');
  s = s.replace(decimal, '.');
  const match = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(s);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Formats integer cents as euros for a language, exactly (the decimal string is formatted, never a float). */
export function formatCents(value: number, language: string): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const decimal = `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  // Grouped always: Italian leaves four-digit numbers ungrouped by default (`2469,33 €` beside `12.345,77 €`).
  return new Intl.NumberFormat(language === 'it' ? 'it-IT' : 'en-GB', {
    style: 'currency',
    currency: 'EUR',
    useGrouping: 'always' as unknown as boolean,
  }).format(decimal as unknown as number);
}

/** Formats a share in hundredths of a percent (`2550` → `25,5%` / `25.5%`). */
export function formatShare(bp: number, language: string): string {
  const decimal = `${Math.floor(bp / 10_000)}.${String(bp % 10_000).padStart(4, '0')}`;
  return new Intl.NumberFormat(language === 'it' ? 'it-IT' : 'en-GB', { style: 'percent', maximumFractionDigits: 2 }).format(decimal as unknown as number);
}

// ---------------------------------------------------------------------------------------------
// Timeline

/** One activity of the timeline, months counted from the project's start (1 = first month). */
export const TimelineRowSchema = z.object({
  id: z.string(),
  order: z.string(),
  activity: z.string().catch(''),
  city: z.string().catch(''),
  start: z.number().int().min(1).max(120).catch(1),
  end: z.number().int().min(1).max(120).catch(1),
});
export type TimelineRow = z.infer<typeof TimelineRowSchema>;

/** The activities of a `timeline` map's JSON, in table order. */
export function timelineRows(json: Record<string, unknown>): TimelineRow[] {
  return orderedRows(json, TimelineRowSchema);
}

// ---------------------------------------------------------------------------------------------
// Comments

/** A comment on a section, as read from the old `comments` array (for the one-time import). */
export const SectionCommentSchema = z.object({
  id: z.string(),
  section: z.string(),
  author: z.string().catch(''),
  text: z.string().catch(''),
  /** ISO time it was written. */
  at: z.string().catch(''),
  resolved: z.boolean().catch(false),
});
export type SectionComment = z.infer<typeof SectionCommentSchema>;

/** The valid comments of a `comments` array's JSON. */
export function sectionComments(json: unknown[]): SectionComment[] {
  return json.flatMap((value) => {
    const parsed = SectionCommentSchema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}
