import * as Y from 'yjs';
import { getSchema } from '@tiptap/core';
import { generateJSON } from '@tiptap/html/server';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import mammoth from 'mammoth';
import { marked } from 'marked';
import { DocShape } from '@dialogo/shared';
import { richTextExtensions } from '@dialogo/shared/rich-text';

/**
 * A Word or Markdown file as the first state of a new document. Both become HTML first (mammoth for
 * .docx, marked for Markdown, both maintained converters), then the editor's own schema parses the
 * HTML: what the editor cannot hold (scripts, styles, unknown tags, `javascript:` links) is dropped
 * exactly as it would be on paste.
 */

export type ImportFormat = 'docx' | 'markdown';

const extensions = richTextExtensions();
const schema = getSchema(extensions);

/** The format of an uploaded file, from its name; null when it is neither. */
export function importFormatOf(fileName: string): ImportFormat | null {
  if (/\.docx$/i.test(fileName)) return 'docx';
  if (/\.(md|markdown)$/i.test(fileName)) return 'markdown';
  return null;
}

async function toHtml(format: ImportFormat, bytes: Uint8Array): Promise<string> {
  if (format === 'docx') return (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  return marked.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes), { async: false, gfm: true });
}

/** The Yjs update that fills a new document's body with the file's content. Throws on a file it cannot read. */
export async function importedUpdate(format: ImportFormat, bytes: Uint8Array): Promise<Uint8Array> {
  const json = generateJSON(await toHtml(format, bytes), extensions);
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(schema, json, doc.getXmlFragment(DocShape.body));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
