import * as Y from 'yjs';
import { MENTION_NODE } from '@dialogo/shared';
import { safeHref } from '../publishing/render.ts';
import type { DocumentPart } from './outline.ts';

/**
 * A rich-text body as Markdown (CommonMark with GitHub tables): headings, nested lists, bold,
 * italic, strike, links and tables. Characters Markdown would read as syntax are escaped.
 */

type Delta = { insert: unknown; attributes?: Record<string, unknown> }[];

export const escapeMarkdown = (text: string) => text.replace(/([\\*_`[\]|<>#~])/g, '\\$1');

function inline(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as Delta)
      .map((op) => {
        if (typeof op.insert !== 'string') return '';
        let text = escapeMarkdown(op.insert);
        const a = op.attributes ?? {};
        if (a.bold) text = `**${text}**`;
        if (a.italic) text = `_${text}_`;
        if (a.strike) text = `~~${text}~~`;
        const href = safeHref((a.link as { href?: unknown } | undefined)?.href);
        if (href) text = `[${text}](${href.replace(/[()\s]/g, encodeURIComponent)})`;
        // Suggestions still marked (an export that asked for them), as HTML Markdown keeps.
        if (a.deletion) text = `<del>${text}</del>`;
        else if (a.insertion) text = `<ins>${text}</ins>`;
        return text;
      })
      .join('');
  }
  if (node.nodeName === 'hardBreak') return '  \n';
  if (node.nodeName === MENTION_NODE) return escapeMarkdown(`@${String(node.getAttribute('label') ?? '')}`);
  return node
    .toArray()
    .map((c) => inline(c as Y.XmlElement | Y.XmlText))
    .join('');
}

function table(node: Y.XmlElement): string {
  const rows = node
    .toArray()
    .filter((r): r is Y.XmlElement => r instanceof Y.XmlElement)
    .map((row) =>
      row
        .toArray()
        .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
        .map((c) => inline(c).replace(/\n/g, ' ')),
    );
  const width = Math.max(1, ...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [line(head), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n');
}

/** One block as Markdown; `headingOffset` pushes headings down (under a section's own heading). */
export function markdownBlock(node: Y.XmlElement | Y.XmlText, headingOffset = 0, indent = ''): string {
  if (node instanceof Y.XmlText) return inline(node);
  switch (node.nodeName) {
    case 'heading':
      return `${'#'.repeat(Math.min(6, (Number(node.getAttribute('level')) || 1) + headingOffset))} ${inline(node)}`;
    case 'bulletList':
    case 'orderedList':
      return node
        .toArray()
        .map((item, i) => {
          const marker = node.nodeName === 'bulletList' ? '-' : `${i + 1}.`;
          const [first, ...rest] = (item as Y.XmlElement).toArray() as Y.XmlElement[];
          return [`${indent}${marker} ${first ? inline(first) : ''}`, ...rest.map((r) => markdownBlock(r, headingOffset, `${indent}   `))].join('\n');
        })
        .join('\n');
    case 'blockquote':
      return node
        .toArray()
        .map((c) => `> ${markdownBlock(c as Y.XmlElement, headingOffset)}`)
        .join('\n');
    case 'table':
      return table(node);
    case 'horizontalRule':
      return '---';
    default:
      return inline(node);
  }
}

/** Every block of a body, separated by blank lines. */
export function richTextToMarkdown(fragment: Y.XmlFragment, headingOffset = 0): string {
  return fragment
    .toArray()
    .map((n) => markdownBlock(n as Y.XmlElement | Y.XmlText, headingOffset))
    .join('\n\n');
}

/** A document's parts, each under a second-level heading (its own headings below that). */
export function partsToMarkdown(parts: DocumentPart[]): string {
  return parts
    .map(({ heading, fragment }) =>
      [heading ? `## ${escapeMarkdown(heading)}` : '', richTextToMarkdown(fragment, heading ? 2 : 0)].filter(Boolean).join('\n\n'),
    )
    .filter(Boolean)
    .join('\n\n');
}
