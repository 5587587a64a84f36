import * as Y from 'yjs';
import { safeHref } from '@dialogo/shared/safe-url';
import { MENTION_NODE } from '@dialogo/shared';
import type { DocumentPart } from '../documents/outline.ts';

/**
 * Renders a Yjs rich-text fragment (Tiptap's ProseMirror schema) as static HTML for a published
 * page. Built by walking the Yjs tree rather than with `toString()`, so every piece of text and
 * every attribute is escaped here and only known tags come out: text typed as `<script>` stays text.
 */

const BLOCKS: Record<string, string> = {
  paragraph: 'p',
  blockquote: 'blockquote',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  codeBlock: 'pre',
  table: 'table',
  tableRow: 'tr',
  tableHeader: 'th',
  tableCell: 'td',
};

// Suggestions show only where they were kept marked (an export that asked for them).
const MARKS: Record<string, string> = { bold: 'strong', italic: 'em', strike: 's', code: 'code', underline: 'u', insertion: 'ins', deletion: 'del' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Only web and mail links survive (no `javascript:` or `data:`): the rule shared with the editor. */
export { safeHref };

function renderText(text: Y.XmlText): string {
  let html = '';
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string') continue;
    let piece = escapeHtml(op.insert);
    const attributes = op.attributes ?? {};
    for (const [mark, tag] of Object.entries(MARKS)) if (attributes[mark]) piece = `<${tag}>${piece}</${tag}>`;
    const link = attributes.link as { href?: unknown } | undefined;
    const href = link ? safeHref(link.href) : null;
    if (href) piece = `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${piece}</a>`;
    html += piece;
  }
  return html;
}

function renderNode(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) return renderText(node);
  if (!(node instanceof Y.XmlElement)) return '';
  const children = node
    .toArray()
    .map((child) => renderNode(child as Y.XmlElement | Y.XmlText))
    .join('');
  const name = node.nodeName;
  if (name === 'heading') {
    const level = Math.min(Math.max(Number(node.getAttribute('level')) || 2, 2), 6); // the page's title is the h1
    return `<h${level}>${children}</h${level}>`;
  }
  if (name === 'hardBreak') return '<br>';
  if (name === MENTION_NODE) return `<span class="mention">@${escapeHtml(String(node.getAttribute('label') ?? ''))}</span>`;
  if (name === 'horizontalRule') return '<hr>';
  const tag = BLOCKS[name];
  if (tag === 'pre') return `<pre><code>${children}</code></pre>`;
  if (tag) return `<${tag}>${children}</${tag}>`;
  // Blocks of other features (sections, decisions, action items): their content, in a neutral box.
  return `<div class="block block--${escapeHtml(name.replace(/[^A-Za-z0-9-]/g, ''))}">${children}</div>`;
}

/** One block (a table, a list...) as HTML, every text escaped: how a comparison shows it. */
export function nodeToHtml(node: Y.XmlElement | Y.XmlText): string {
  return renderNode(node);
}

/** The fragment's content as HTML, every text escaped. */
export function fragmentToHtml(fragment: Y.XmlFragment): string {
  return fragment
    .toArray()
    .map((node) => renderNode(node as Y.XmlElement | Y.XmlText))
    .join('\n');
}

/** A document's parts as HTML, each under a second-level heading. */
export function partsToHtml(parts: DocumentPart[]): string {
  return parts.map(({ heading, fragment }) => `${heading ? `<h2>${escapeHtml(heading)}</h2>\n` : ''}${fragmentToHtml(fragment)}`).join('\n');
}
