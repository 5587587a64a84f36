import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { DocKind } from '../collab.ts';

/**
 * Who a document belongs to, read by the access policy. Absent fields mean "the whole network":
 * a document without scope is readable by every member and editable by coordinators and delegates.
 */
export const DocumentScopeSchema = z.object({
  /** Cities whose delegates take part (a meeting's participants, a proposal's partners). */
  cities: z.array(z.string().max(LIMITS.id, 'too-long')).max(LIMITS.scopeEntries, 'too-many').optional(),
  /** People who take part besides the cities' delegates (experts, named delegates). */
  people: z.array(z.string().max(LIMITS.id, 'too-long')).max(LIMITS.scopeEntries, 'too-many').optional(),
  /** Guests invited to read it. */
  guests: z.array(z.string().max(LIMITS.id, 'too-long')).max(LIMITS.scopeEntries, 'too-many').optional(),
  /** `participants`: only those above (and coordinators) read it; `network`: every member reads it. */
  visibility: z.enum(['network', 'participants']).optional(),
  /** A proposal's lead city (one of `cities`): its delegates manage the proposal. */
  lead: z.string().max(LIMITS.id, 'too-long').optional(),
  /** Approved minutes: nobody edits them any more (the policy refuses `edit`). */
  locked: z.boolean().optional(),
});
export type DocumentScope = z.infer<typeof DocumentScopeSchema>;

/** A document as listed on the documents page. */
export const DocumentSummarySchema = z.object({
  name: z.string(),
  kind: z.enum(Object.values(DocKind) as [DocKind, ...DocKind[]]),
  title: z.string(),
  createdAt: z.string(),
  scope: DocumentScopeSchema.optional(),
});

/** What the signed-in person may do with one document (`GET /api/documents/:name`). */
export const DocumentPermissionsSchema = z.object({
  read: z.boolean(),
  edit: z.boolean(),
  /** Settings, publishing, locking: coordinators (and owners where the policy says). */
  manage: z.boolean(),
});
export type DocumentPermissions = z.infer<typeof DocumentPermissionsSchema>;
export type DocumentSummary = z.infer<typeof DocumentSummarySchema>;

/** A catalog entry as `/api/documents` answers it: the summary with what the reader may do with the document. */
export const DocumentViewSchema = DocumentSummarySchema.extend({ can: DocumentPermissionsSchema });
export type DocumentView = z.infer<typeof DocumentViewSchema>;

/** Body of `POST /api/documents`. */
export const CreateDocumentSchema = z.object({
  title: z.string().trim().min(1, 'required').max(LIMITS.title, 'too-long'),
  // An agenda is made with its meeting (and edited on the meeting's page), never on its own.
  kind: z
    .enum(Object.values(DocKind) as [DocKind, ...DocKind[]])
    .refine((kind) => kind !== DocKind.agenda, 'meeting-only')
    .default(DocKind.minutes),
  scope: DocumentScopeSchema.optional(),
});
export type CreateDocumentInput = z.infer<typeof CreateDocumentSchema>;

/** Answer of `GET /api/health`. */
export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.enum(['embedded', 'redis']),
});
export type Health = z.infer<typeof HealthSchema>;

/** Body of `POST /api/documents/:name/versions`: a named version. */
/** Query of `GET /api/documents/:name/versions/compare`: two version ids (or `current`), and the labels' language. */
export const CompareVersionsQuerySchema = z.object({
  from: z.string().max(120).optional(),
  to: z.string().max(120).optional(),
  lang: z.string().max(5).optional(),
});

export const SaveVersionSchema = z.object({
  label: z.string().trim().min(1, 'required').max(LIMITS.name, 'too-long'),
});

/** Why an automatic version was taken, when it marks a moment (otherwise: after a burst of editing). */
export type VersionReason = 'meeting-started' | 'meeting-ended' | 'minutes-approved' | 'proposal-submitted';

/** Who wrote since the version before: people, and the cities they write for. */
export interface VersionContributors {
  people: { id: string; name: string }[];
  cities: { id: string; name: string }[];
}

/** A saved state of a document, as the history panel lists it. */
export interface VersionSummary {
  id: string;
  createdAt: string;
  label?: string;
  auto: boolean;
  reason?: VersionReason;
  savedBy?: { id: string; name: string };
  contributors: VersionContributors;
}

/** One block of a comparison between two versions. */
export interface BlockChange {
  change: 'same' | 'added' | 'removed';
  text: string;
  /** A table or a list as the server renders it (every text escaped, known tags only), to show it as one. */
  html?: string;
}
