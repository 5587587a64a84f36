import * as Y from 'yjs';
import { MENTION_NODE, type Language } from '@dialogo/shared';
import { safeHref } from '../publishing/render.ts';
import type { DocumentPart } from './outline.ts';
import { PdfWriter, type PdfCell, type PdfRun } from './pdf-writer.ts';

/**
 * A rich-text body (the Yjs fragment Tiptap edits) as PDF blocks: headings, paragraphs with bold,
 * italic, underline, strike and links, nested lists, blockquotes and tables (cells as plain text),
 * mentions as `@name`; suggestions kept marked are struck in red or underlined in green, as in Word.
 * Loaded with the first PDF export (pdfkit and its fonts are not loaded at start).
 */

type Delta = { insert: unknown; attributes?: Record<string, unknown> }[];
type Node = Y.XmlElement | Y.XmlText;

function textRuns(text: Y.XmlText): PdfRun[] {
  return (text.toDelta() as Delta)
    .filter((op) => typeof op.insert === 'string')
    .map((op) => {
      const a = op.attributes ?? {};
      const link = safeHref((a.link as { href?: unknown } | undefined)?.href);
      return {
        text: op.insert as string,
        bold: !!a.bold,
        italic: !!a.italic,
        underline: !!a.underline || !!a.insertion,
        strike: !!a.strike || !!a.deletion,
        link,
        ...(a.deletion ? { color: '#B42318' } : a.insertion ? { color: '#18794E' } : {}),
      };
    });
}

/** The runs of an inline container (a paragraph, a heading, a cell's paragraph). */
function inlineRuns(node: Node): PdfRun[] {
  if (node instanceof Y.XmlText) return textRuns(node);
  if (node.nodeName === 'hardBreak') return [{ text: '\n' }];
  if (node.nodeName === MENTION_NODE) return [{ text: `@${String(node.getAttribute('label') ?? '')}`, bold: true }];
  return node.toArray().flatMap((child) => (child instanceof Y.XmlElement || child instanceof Y.XmlText ? inlineRuns(child) : []));
}

const plain = (node: Node) =>
  inlineRuns(node)
    .map((r) => r.text)
    .join('');

/** A cell's text: its paragraphs one per line. */
const cellText = (cell: Y.XmlElement) =>
  cell
    .toArray()
    .filter((c): c is Node => c instanceof Y.XmlElement || c instanceof Y.XmlText)
    .map(plain)
    .join('\n');

function table(writer: PdfWriter, node: Y.XmlElement) {
  const rows: PdfCell[][] = node
    .toArray()
    .filter((r): r is Y.XmlElement => r instanceof Y.XmlElement)
    .map((row) =>
      row
        .toArray()
        .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
        .map((c) => ({ text: cellText(c), header: c.nodeName === 'tableHeader' })),
    );
  writer.table(rows);
}

/** One block as PDF; `headingOffset` pushes headings down (under a part's heading), `level` is the list depth. */
export function pdfBlock(
  writer: PdfWriter,
  node: Node,
  { headingOffset = 0, level = 0, quote = 0 }: { headingOffset?: number; level?: number; quote?: number } = {},
): void {
  if (node instanceof Y.XmlText) return writer.paragraph(textRuns(node), { indent: writer.indent + quote });
  switch (node.nodeName) {
    case 'heading':
      return writer.heading(plain(node), (Number(node.getAttribute('level')) || 1) + headingOffset);
    case 'paragraph':
      return writer.paragraph(inlineRuns(node), { indent: writer.indent + quote });
    case 'bulletList':
    case 'orderedList': {
      const items = node.toArray().filter((item): item is Y.XmlElement => item instanceof Y.XmlElement);
      return writer.list(
        items.map((item) => (w: PdfWriter) => {
          for (const child of item.toArray())
            if (child instanceof Y.XmlElement || child instanceof Y.XmlText) pdfBlock(w, child, { headingOffset, level: level + 1, quote });
        }),
        { ordered: node.nodeName === 'orderedList', level },
      );
    }
    case 'blockquote':
      for (const child of node.toArray())
        if (child instanceof Y.XmlElement || child instanceof Y.XmlText) pdfBlock(writer, child, { headingOffset, level, quote: quote + 14 });
      return;
    case 'table':
      return table(writer, node);
    case 'horizontalRule':
      return writer.rule();
    case 'hardBreak':
    case MENTION_NODE:
      return writer.paragraph(inlineRuns(node));
    default:
      // Blocks of other features (decisions, action items, sections): their content.
      for (const child of node.toArray())
        if (child instanceof Y.XmlElement || child instanceof Y.XmlText) pdfBlock(writer, child, { headingOffset, level, quote });
  }
}

/** Every block of a body. */
export function richTextToPdf(writer: PdfWriter, fragment: Y.XmlFragment, headingOffset = 0): void {
  for (const node of fragment.toArray()) if (node instanceof Y.XmlElement || node instanceof Y.XmlText) pdfBlock(writer, node, { headingOffset });
}

/**
 * A document (minutes, agenda, note, the action plan, a meeting pack) as a tagged PDF, in the same
 * outline as its Word and Markdown exports: its title, then each part under its heading. `wide`
 * lays the pages in landscape (a table of many columns).
 */
export function documentPdf(title: string, parts: DocumentPart[], { language, wide = false }: { language: Language; wide?: boolean }): Promise<Buffer> {
  const writer = new PdfWriter({ title, language, wide });
  writer.title(title);
  for (const { heading, fragment } of parts) {
    if (heading) writer.heading(heading, 1);
    richTextToPdf(writer, fragment, heading ? 1 : 0);
  }
  return writer.finish();
}
