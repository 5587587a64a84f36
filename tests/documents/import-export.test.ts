import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlignmentType, Document, ExternalHyperlink, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import mammoth from 'mammoth';
import { bodyText, connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';

/**
 * Import and export: a Word file with headings, lists, a table and links becomes a document that
 * exports back to Word with the same structure (read with mammoth, a maintained .docx reader);
 * Markdown goes in and out the same way; what the editor cannot hold never gets in.
 */

async function wordFile(): Promise<Buffer> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    numbering: { config: [{ reference: 'numbers', levels: [{ level: 0, format: 'decimal', text: '%1.', alignment: AlignmentType.START }] }] },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Riunione di coordinamento' }),
          new Paragraph({
            children: [
              new TextRun('Le città hanno '),
              new TextRun({ text: 'approvato', bold: true }),
              new TextRun(' il piano, '),
              new TextRun({ text: 'senza riserve', italics: true }),
              new TextRun('.'),
            ],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Prossimi passi' }),
          new Paragraph({ text: 'Campagna nazionale di comunicazione', bullet: { level: 0 } }),
          new Paragraph({ text: 'Formazione per il personale comunale', bullet: { level: 0 } }),
          new Paragraph({ text: 'Primo punto numerato', numbering: { reference: 'numbers', level: 0 } }),
          new Paragraph({ text: 'Secondo punto numerato', numbering: { reference: 'numbers', level: 0 } }),
          new Table({
            rows: [new TableRow({ children: [cell('Città'), cell('Profilo ICC')] }), new TableRow({ children: [cell('Reggio Emilia'), cell('Pubblicato')] })],
          }),
          new Paragraph({
            children: [
              new TextRun('Vedi '),
              new ExternalHyperlink({
                link: 'https://www.coe.int/interculturalcities',
                children: [new TextRun({ text: 'il sito del programma', style: 'Hyperlink' })],
              }),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function upload(url: string, cookie: string, name: string, bytes: Uint8Array | string, title?: string) {
  const form = new FormData();
  form.set('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  if (title) form.set('title', title);
  return fetch(`${url}/api/documents/import`, { method: 'POST', headers: { cookie, origin: url }, body: form });
}

/** The structure mammoth reads from a .docx: the tags that matter, in order. */
const structure = (html: string) => html.match(/<(h1|h2|ul|ol|li|table|tr|td|th|strong|em|a href="[^"]+")>/g) ?? [];

describe('import and export', () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  it('imports a Word file and exports it back with the same headings, lists, table, marks and links', async () => {
    const original = await wordFile();
    const imported = await upload(server.url, admin, 'verbale.docx', original, 'Verbale importato');
    expect(imported.status).toBe(201);
    const { document } = (await imported.json()) as { document: { name: string; title: string } };
    expect(document.title).toBe('Verbale importato');
    expect(
      ((await (await api(server.url, '/api/documents', { cookie: admin })).json()) as { documents: { name: string }[] }).documents.map((d) => d.name),
    ).toContain(document.name);

    // Open in the editor: the text is there for everyone.
    const client = await connectDoc(server, document.name);
    expect(bodyText(client.doc)).toContain('Formazione per il personale comunale');

    const exported = await fetch(`${server.url}/api/documents/${encodeURIComponent(document.name)}/export.docx`, { headers: { cookie: admin } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="verbale-importato.docx"');
    const back = (await mammoth.convertToHtml({ buffer: Buffer.from(await exported.arrayBuffer()) })).value;
    const before = (await mammoth.convertToHtml({ buffer: original })).value;
    // The export starts with the document's title; after it, the structure is the original's.
    expect(back).toContain('Verbale importato');
    expect(structure(back)).toEqual(structure(before));
    for (const text of ['Riunione di coordinamento', 'Prossimi passi', 'Reggio Emilia', 'Pubblicato', 'Secondo punto numerato', 'il sito del programma'])
      expect(back).toContain(text);
    expect(back).toContain('<a href="https://www.coe.int/interculturalcities">');
  });

  it('imports Markdown and exports Markdown and a page to print with the same structure', async () => {
    const markdown = [
      '# Azioni',
      '',
      'Testo con **grassetto**, _corsivo_ e [un link](https://example.org/piano).',
      '',
      '- Primo',
      '  - Annidato',
      '- Secondo',
      '',
      '| Città | Scadenza |',
      '| --- | --- |',
      '| Torino | 2020-09 |',
      '',
      '<script>alert(1)</script>',
      '',
      '[non sicuro](javascript:alert(2))',
    ].join('\n');
    const imported = await upload(server.url, admin, 'azioni.md', markdown);
    expect(imported.status).toBe(201);
    const { document } = (await imported.json()) as { document: { name: string; title: string } };
    expect(document.title).toBe('azioni');
    const base = `${server.url}/api/documents/${encodeURIComponent(document.name)}`;

    const md = await (await fetch(`${base}/export.md`, { headers: { cookie: admin } })).text();
    expect(md).toContain('# Azioni');
    expect(md).toContain('**grassetto**');
    expect(md).toContain('_corsivo_');
    expect(md).toContain('[un link](https://example.org/piano)');
    expect(md).toMatch(/- Primo\n\s+- Annidato\n- Secondo/);
    expect(md).toContain('| Città | Scadenza |');
    expect(md).toContain('| Torino | 2020-09 |');
    expect(md).not.toContain('javascript:');
    expect(md).not.toContain('<script>');

    const page = await fetch(`${base}/export.html`, { headers: { cookie: admin } });
    const html = await page.text();
    expect(html).toContain('<table>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('javascript:');
  });

  it('refuses what it cannot import with a reason next to the field, and creates nothing', async () => {
    const count = async () => ((await (await api(server.url, '/api/documents', { cookie: admin })).json()) as { documents: unknown[] }).documents.length;
    const before = await count();
    const refusal = async (res: Response) => ((await res.json()) as { error: { fields: Record<string, string> } }).error.fields;
    expect(await refusal(await upload(server.url, admin, 'notes.pdf', 'not a supported file'))).toEqual({ file: 'unsupported-format' });
    expect(await refusal(await upload(server.url, admin, 'broken.docx', 'this is not a zip file'))).toEqual({ file: 'unreadable' });
    expect(await refusal(await upload(server.url, admin, 'ok.md', '# Fine', 'x'.repeat(201)))).toEqual({ title: 'too-long' });
    expect(await count()).toBe(before);
  });

  it('exports only to people who may read the document, and imports only for people who may create one', async () => {
    const cityId = await createCity(server.url, admin, 'Arezzo');
    const guest = await createMember(server.url, admin, { role: 'guest', name: 'Ospite', email: 'ospite@transfer.test' });
    const delegate = await createMember(server.url, admin, { role: 'delegate', cityId, name: 'Delegata', email: 'delegata@transfer.test' });
    const restricted = await api(server.url, '/api/documents', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Riservato', scope: { visibility: 'participants', cities: [] } },
    });
    const { document } = (await restricted.json()) as { document: { name: string } };
    for (const format of ['docx', 'md', 'html']) {
      // Unreadable: answered as a document that does not exist.
      expect(
        (await fetch(`${server.url}/api/documents/${encodeURIComponent(document.name)}/export.${format}`, { headers: { cookie: delegate.cookie } })).status,
      ).toBe(404);
      expect((await fetch(`${server.url}/api/documents/${encodeURIComponent(document.name)}/export.${format}`)).status).toBe(401);
    }
    expect((await upload(server.url, guest.cookie, 'x.md', '# Ospite')).status).toBe(403);
    expect((await upload(server.url, delegate.cookie, 'x.md', '# Delegata')).status).toBe(201);
  });
});
