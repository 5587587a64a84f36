import { extractText, getDocumentProxy } from 'unpdf';

/**
 * A PDF read back by an independent reader (PDF.js, through unpdf): its text in reading order,
 * white space (line ends, no-break spaces) folded to single spaces and words broken after a hyphen
 * joined, so a phrase wrapped across lines still matches; whether it is tagged (the catalog's
 * MarkInfo says Marked); and the roles of its structure tree (H1, P, Table, TH…), page by page.
 */
export async function readPdf(bytes: Uint8Array): Promise<{ text: string; pages: number; marked: boolean; roles: string[]; title: string }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  try {
    const { text, totalPages } = await extractText(pdf, { mergePages: true });
    const markInfo = await pdf.getMarkInfo();
    const roles: string[] = [];
    const walk = (node: { role?: string; children?: unknown[] } | null | undefined) => {
      if (!node) return;
      if (node.role) roles.push(node.role);
      for (const child of node.children ?? []) walk(child as { role?: string; children?: unknown[] });
    };
    for (let n = 1; n <= totalPages; n++) walk((await (await pdf.getPage(n)).getStructTree()) as { role?: string; children?: unknown[] } | null);
    const { info } = (await pdf.getMetadata()) as { info: { Title?: string } };
    // A line broken after a hyphen ("Anti-" / "dicerie") reads as the word it was.
    const folded = text
      .replace(/\s+/g, ' ')
      .replace(/(\p{L})- (\p{L})/gu, '$1-$2')
      .trim();
    return { text: folded, pages: totalPages, marked: markInfo?.Marked === true, roles, title: info.Title ?? '' };
  } finally {
    await pdf.cleanup();
  }
}
