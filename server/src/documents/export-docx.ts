import * as Y from 'yjs';
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { MENTION_NODE } from '@dialogo/shared';
import { safeHref } from '../publishing/render.ts';
import type { DocumentPart } from './outline.ts';

/**
 * A rich-text body (the Yjs fragment Tiptap edits) as Word paragraphs and tables: headings, lists
 * (nested, bullet and numbered), bold, italic, underline, strike, links and tables, as written.
 */

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

/** The numbering numbered lists refer to; every Word document made from rich text declares it. */
export const ORDERED_LIST_NUMBERING = {
  config: [
    {
      reference: 'ordered',
      levels: [0, 1, 2, 3].map((level) => ({ level, format: 'decimal' as const, text: `%${level + 1}.`, alignment: AlignmentType.START })),
    },
  ],
};

type Delta = { insert: unknown; attributes?: Record<string, unknown> }[];

function runs(text: Y.XmlText): ParagraphChild[] {
  return (text.toDelta() as Delta)
    .filter((op) => typeof op.insert === 'string')
    .map((op) => {
      const a = op.attributes ?? {};
      const href = safeHref((a.link as { href?: unknown } | undefined)?.href);
      // Suggestions still marked (an export that asked for them): struck in red, added in green.
      const suggested = a.deletion ? { strike: true, color: 'B42318' } : a.insertion ? { underline: { type: 'double' as const }, color: '18794E' } : {};
      const run = new TextRun({
        text: op.insert as string,
        bold: !!a.bold,
        italics: !!a.italic,
        strike: !!a.strike,
        ...(a.underline || href ? { underline: {} } : {}),
        ...(href ? { style: 'Hyperlink' } : {}),
        ...suggested,
      });
      return href ? new ExternalHyperlink({ link: href, children: [run] }) : run;
    });
}

function inline(node: Y.XmlElement): ParagraphChild[] {
  return node.toArray().flatMap((child) => {
    if (child instanceof Y.XmlText) return runs(child);
    if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') return [new TextRun({ break: 1 })];
    if (child instanceof Y.XmlElement && child.nodeName === MENTION_NODE)
      return [new TextRun({ text: `@${String(child.getAttribute('label') ?? '')}`, bold: true })];
    return child instanceof Y.XmlElement ? inline(child) : [];
  });
}

function table(node: Y.XmlElement, headingOffset: number): Table {
  const rows = node.toArray().filter((r): r is Y.XmlElement => r instanceof Y.XmlElement);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (row, i) =>
        new TableRow({
          // Only a header row says so: the docx writer marks any row given the option.
          ...(i === 0 && row.toArray().some((c) => c instanceof Y.XmlElement && c.nodeName === 'tableHeader') ? { tableHeader: true } : {}),
          children: row
            .toArray()
            .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
            .map((c) => {
              const content = c.toArray().flatMap((child) => blocks(child as Y.XmlElement, { headingOffset }));
              return new TableCell({
                children: content.filter((p): p is Paragraph => p instanceof Paragraph).length
                  ? content.filter((p): p is Paragraph => p instanceof Paragraph)
                  : [new Paragraph('')],
              });
            }),
        }),
    ),
  });
}

/** One block (and what it contains) as Word content; list nesting becomes bullet or numbering levels. */
export function blocks(
  node: Y.XmlElement | Y.XmlText,
  { headingOffset = 0, level = 0, listKind = null }: { headingOffset?: number; level?: number; listKind?: 'bullet' | 'ordered' | null } = {},
): (Paragraph | Table)[] {
  if (node instanceof Y.XmlText) return [new Paragraph({ children: runs(node) })];
  switch (node.nodeName) {
    case 'heading': {
      const depth = Math.min(Math.max((Number(node.getAttribute('level')) || 1) + headingOffset, 1), 6);
      return [new Paragraph({ heading: HEADINGS[depth - 1], children: inline(node) })];
    }
    case 'paragraph':
      return [
        new Paragraph({
          children: inline(node),
          ...(listKind === 'bullet' ? { bullet: { level } } : listKind === 'ordered' ? { numbering: { reference: 'ordered', level } } : {}),
        }),
      ];
    case 'bulletList':
    case 'orderedList':
      return node
        .toArray()
        .flatMap((item) =>
          blocks(item as Y.XmlElement, { headingOffset, level: listKind ? level + 1 : level, listKind: node.nodeName === 'bulletList' ? 'bullet' : 'ordered' }),
        );
    case 'listItem':
      // A nested list inside the item goes one level deeper (the list case adds it).
      return node.toArray().flatMap((child) => blocks(child as Y.XmlElement, { headingOffset, level, listKind }));
    case 'table':
      return [table(node, headingOffset)];
    case 'horizontalRule':
      return [new Paragraph({ text: '' })];
    default:
      return node.toArray().flatMap((child) => blocks(child as Y.XmlElement | Y.XmlText, { headingOffset, level, listKind }));
  }
}

/** Every block of a body. */
export function richTextToDocx(fragment: Y.XmlFragment, headingOffset = 0): (Paragraph | Table)[] {
  return fragment.toArray().flatMap((node) => blocks(node as Y.XmlElement | Y.XmlText, { headingOffset }));
}

/** A document (minutes, agenda, note) as a .docx file: its title, then each part under its heading. */
export function documentDocx(title: string, parts: DocumentPart[]): Promise<Buffer> {
  const children = parts.flatMap(({ heading, fragment }) => [
    ...(heading ? [new Paragraph({ heading: HeadingLevel.HEADING_1, text: heading })] : []),
    ...richTextToDocx(fragment, heading ? 1 : 0),
  ]);
  const document = new Document({
    title,
    creator: 'Dialogo',
    numbering: ORDERED_LIST_NUMBERING,
    sections: [{ children: [new Paragraph({ heading: HeadingLevel.TITLE, text: title }), ...children] }],
  });
  return Packer.toBuffer(document);
}
