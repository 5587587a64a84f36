import { z } from 'zod';
import { COMMENT_BODY_MAX, COMMENT_MENTIONS_MAX, COMMENT_QUOTE_MAX } from '../limits.ts';

/**
 * Comment threads anchored to a range of a document's text. The anchor is a pair of Yjs relative
 * positions (base64 of `Y.encodeRelativePosition`): they name the characters, not offsets, so the
 * thread stays on its words while anyone edits before or inside the range.
 */

const RELATIVE_POSITION_MAX = 200;
const Base64 = z
  .string()
  .min(1)
  .max(RELATIVE_POSITION_MAX)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'invalid');

export const CommentAnchorSchema = z.object({ start: Base64, end: Base64 });
export type CommentAnchor = z.infer<typeof CommentAnchorSchema>;

const Body = z.string().trim().min(1, 'required').max(COMMENT_BODY_MAX, 'too-long');
/** People mentioned by id; the server tells each of them. */
const Mentions = z.array(z.string().min(1).max(100)).max(COMMENT_MENTIONS_MAX).default([]);

/**
 * The section of a proposal a thread is on (`sections` key of `proposal:<id>`): its anchor is in
 * that section's text. Required on proposals, ignored on other documents.
 */
export const CommentSectionSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'invalid');

/** Body of `POST /api/documents/:name/comments`: a new thread with its first comment. */
export const CreateThreadSchema = z.object({
  section: CommentSectionSchema.optional(),
  anchor: CommentAnchorSchema,
  /** The text the thread was opened on, shown when the range has since been deleted. */
  quote: z.string().max(COMMENT_QUOTE_MAX, 'too-long'),
  body: Body,
  mentions: Mentions,
});
export type CreateThreadInput = z.input<typeof CreateThreadSchema>;

/** Body of `POST /api/documents/:name/comments/:id/replies`. */
export const ReplySchema = z.object({ body: Body, mentions: Mentions });
export type ReplyInput = z.input<typeof ReplySchema>;

/** Body of `PATCH /api/documents/:name/comments/:id`: resolve or reopen. */
export const ThreadStatusSchema = z.object({ resolved: z.boolean() });

/** Who wrote a comment, as shown next to it. */
export interface CommentAuthor {
  id: string;
  name: string;
  cityId?: string;
}

export interface Comment {
  id: string;
  /** The signed-in person who wrote it, set by the server (an imported comment: see `signedAs`). */
  author: CommentAuthor;
  /**
   * An imported comment signed with another name than its writer's: the name it carried. (An
   * imported comment whose writer is unknown has the signed name as `author.name` and `author.id` ''.)
   */
  signedAs?: string;
  body: string;
  mentions: string[];
  createdAt: string;
}

export interface CommentThread {
  id: string;
  doc: string;
  /** On a proposal: the section the thread is on. */
  section?: string;
  anchor: CommentAnchor;
  quote: string;
  /**
   * Imported once from the comments proposals kept inside their document: no anchor in the text
   * (it points at the section's start), written before authors were checked.
   */
  imported?: boolean;
  /** The first comment opens the thread; the rest are replies. */
  comments: Comment[];
  createdAt: string;
  resolved: boolean;
  resolvedBy?: CommentAuthor;
  resolvedAt?: string;
}

/**
 * A thread as the comment routes answer it, with what the reader may do with it: `reply`, and
 * `resolve` (or reopen). Both follow the document: who may edit it may comment on it.
 */
export interface CommentThreadView extends CommentThread {
  can: { reply: boolean; resolve: boolean };
}

/** Something that happened to a person: for now, being mentioned in a comment or in the text. */
export interface Notification {
  id: string;
  kind: 'mention';
  doc: string;
  /** The document's title when the notification was made. */
  docTitle: string;
  /** The comment thread; absent for a mention typed in the document's text. */
  threadId?: string;
  by: CommentAuthor;
  /** The start of the comment (or the paragraph of the mention), to recognise it in the list. */
  excerpt: string;
  createdAt: string;
  read: boolean;
}

/** A notification as `/api/notifications` answers it: `can.open` whether its reader may still read its document. */
export interface NotificationView extends Notification {
  can: { open: boolean };
}

/** Body of `POST /api/notifications/read`: the ones read, or all of them. */
export const MarkReadSchema = z.union([z.object({ ids: z.array(z.string().min(1)).min(1).max(200) }), z.object({ all: z.literal(true) })]);

/** What was decided about a suggested change: kept in the document, or dropped. */
export const SUGGESTION_DECISIONS = ['accepted', 'rejected'] as const;
export type SuggestionDecision = (typeof SUGGESTION_DECISIONS)[number];

/** Body of `POST /api/documents/:name/suggestions/decisions`: one suggestion decided. */
export const DecideSuggestionSchema = z
  .object({
    /** The suggestion's id (`<person id>:<random>`). */
    suggestion: z.string().min(3).max(120),
    decision: z.enum(SUGGESTION_DECISIONS),
    /** Its text, to recognise it in the record. */
    excerpt: z.string().max(280, 'too-long'),
  })
  .strict();
export type DecideSuggestionInput = z.infer<typeof DecideSuggestionSchema>;

/** A recorded decision on a suggestion; who suggested and who decided are set by the server. */
export interface SuggestionDecisionRecord {
  id: string;
  suggestion: string;
  decision: SuggestionDecision;
  excerpt: string;
  /** Who made the suggestion (from its id), when that person exists. */
  suggestedBy: CommentAuthor | null;
  decidedBy: CommentAuthor;
  at: string;
}
