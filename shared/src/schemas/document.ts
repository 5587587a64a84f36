import { z } from 'zod';
import { DocKind } from '../collab.ts';

/** A document as listed on the documents page. */
export const DocumentSummarySchema = z.object({
  name: z.string(),
  kind: z.enum(Object.values(DocKind) as [DocKind, ...DocKind[]]),
  title: z.string(),
  createdAt: z.string(),
});
export type DocumentSummary = z.infer<typeof DocumentSummarySchema>;

/** Body of `POST /api/documents`. */
export const CreateDocumentSchema = z.object({
  title: z.string().trim().min(1, 'required').max(200, 'too-long'),
  kind: z.enum([DocKind.minutes, DocKind.note]).default(DocKind.minutes),
});
export type CreateDocumentInput = z.infer<typeof CreateDocumentSchema>;

/** Answer of `GET /api/health`. */
export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.enum(['embedded', 'redis']),
});
export type Health = z.infer<typeof HealthSchema>;
