import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Language } from '@dialogo/shared';
import { localeOf } from '../i18n/index.ts';

/**
 * A tagged PDF written top to bottom (pdfkit): a title, headings, paragraphs of styled runs, lists
 * and tables, each drawn inside the structure element that says what it is (H1…H6, P, L/LI/Lbl/LBody,
 * Table/TR/TH/TD), so a screen reader and a text extractor read it in order. The text is set in
 * DejaVu Sans, embedded (subset): pdfkit's standard fonts only know WinAnsi, which has no `■`, `⚠`
 * or `→`, and DejaVu covers every Italian letter and the `€`.
 */

const requireHere = createRequire(import.meta.url);
const FONTS = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
} as const;
type FontName = keyof typeof FONTS;
const fontPath = (file: string) => requireHere.resolve(`dejavu-fonts-ttf/ttf/${file}`);

/** A piece of text with its marks, as the rich text holds it. */
export interface PdfRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  /** A web or mail link, already checked as safe. */
  link?: string | null;
  /** A colour (`#rrggbb`), for suggestions kept marked. */
  color?: string;
}

/** A table cell: plain text, a header cell (TH) or not, aligned left or right (amounts). */
export interface PdfCell {
  text: string;
  header?: boolean;
  right?: boolean;
  bold?: boolean;
}

type Struct = PDFKit.PDFStructureElement;

const BODY_SIZE = 10.5;
const HEADING_SIZES = [16, 13.5, 12, 11, 10.5, 10.5] as const;
const TEXT_COLOR = '#111111';

/** The options pdfkit's tables read but its type definitions leave out: the structure to tag the table under, which cells head a column or a row. */
type TableWithStructure = Omit<PDFKit.Mixins.TableOptionsWithData, 'data'> & {
  structParent: Struct;
  data: (PDFKit.Mixins.CellOptions & { scope?: 'Column' | 'Row' })[][];
};

export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private readonly root: Struct;
  /** Where the next block's structure goes (the document, or a list item's body). */
  private parent: Struct;

  constructor({ title, language, wide = false }: { title: string; language: Language; wide?: boolean }) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: wide ? 'landscape' : 'portrait',
      margin: 56,
      tagged: true,
      lang: localeOf(language),
      displayTitle: true,
      pdfVersion: '1.7',
      info: { Title: title, Creator: 'Dialogo', Producer: 'Dialogo' },
    });
    for (const [name, file] of Object.entries(FONTS)) this.doc.registerFont(name, fontPath(file));
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.parent = this.root;
    this.doc.font('regular').fontSize(BODY_SIZE).fillColor(TEXT_COLOR);
  }

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private font(run: Pick<PdfRun, 'bold' | 'italic'>): FontName {
    return run.bold ? (run.italic ? 'boldItalic' : 'bold') : run.italic ? 'italic' : 'regular';
  }

  /** Runs drawn as one flowing paragraph from (x, y), `width` wide; pdfkit breaks lines and pages. */
  private flow(runs: PdfRun[], { x, y, width, size = BODY_SIZE }: { x: number; y?: number; width: number; size?: number }) {
    const pieces = runs.filter((r) => r.text);
    if (pieces.length === 0) pieces.push({ text: ' ' });
    pieces.forEach((run, i) => {
      this.doc
        .font(this.font(run))
        .fontSize(size)
        .fillColor(run.color ?? TEXT_COLOR);
      // Every mark is given (false, null) at every run: pdfkit carries a continued run's options over.
      const options: PDFKit.Mixins.TextOptions = {
        continued: i < pieces.length - 1,
        underline: !!run.underline || !!run.link,
        strike: !!run.strike,
        link: run.link ?? null,
        width,
        lineGap: 1.5,
      } as PDFKit.Mixins.TextOptions;
      if (i === 0) this.doc.text(run.text, x, y ?? this.doc.y, options);
      else this.doc.text(run.text, options);
    });
    this.doc.fillColor(TEXT_COLOR).font('regular').fontSize(BODY_SIZE);
  }

  private block(type: string, draw: () => void) {
    this.parent.add(this.doc.struct(type, {}, draw));
  }

  /** The document's title, once, at the top (H1: the parts' headings are H2 and below). */
  title(text: string) {
    this.block('H1', () => this.flow([{ text, bold: true }], { x: this.doc.page.margins.left, width: this.width, size: 20 }));
    this.doc.moveDown(0.6);
  }

  /** A heading; `level` 1 is a part's heading (H2 in the PDF), deeper levels below it. */
  heading(text: string, level: number) {
    const depth = Math.min(Math.max(level, 1), 5);
    // Keep a heading with what follows it: start a new page when it would sit alone at the bottom.
    if (this.doc.y > this.doc.page.height - this.doc.page.margins.bottom - 60) this.doc.addPage();
    this.doc.moveDown(0.5);
    this.block(`H${depth + 1}`, () => this.flow([{ text, bold: true }], { x: this.doc.page.margins.left, width: this.width, size: HEADING_SIZES[depth - 1] }));
    this.doc.moveDown(0.3);
  }

  /** A paragraph, indented by `indent` points (inside a blockquote, say). */
  paragraph(runs: PdfRun[], { indent = 0 }: { indent?: number } = {}) {
    this.block('P', () => this.flow(runs, { x: this.doc.page.margins.left + indent, width: this.width - indent }));
    this.doc.moveDown(0.4);
  }

  /**
   * A list: each item a label ("•", "1.") and a body that `drawItem` fills with blocks (paragraphs,
   * nested lists), tagged L > LI > Lbl + LBody.
   */
  list(items: ((writer: PdfWriter) => void)[], { ordered, level }: { ordered: boolean; level: number }) {
    const list = this.doc.struct('L');
    this.parent.add(list);
    const outer = this.parent;
    const x = this.doc.page.margins.left + 18 * level;
    items.forEach((drawItem, i) => {
      const item = this.doc.struct('LI');
      list.add(item);
      const y = this.doc.y;
      item.add(
        this.doc.struct('Lbl', {}, () =>
          this.doc
            .font('regular')
            .fontSize(BODY_SIZE)
            .text(ordered ? `${i + 1}.` : '•', x, y, { width: 16, lineBreak: false }),
        ),
      );
      const body = this.doc.struct('LBody');
      item.add(body);
      this.doc.y = y;
      this.parent = body;
      this.indent = 18 * (level + 1);
      drawItem(this);
      this.parent = outer;
      body.end();
      item.end();
    });
    list.end();
    this.indent = 18 * level;
  }

  /** How far blocks drawn now sit from the margin (inside list items). */
  indent = 0;

  /** A paragraph at the current indent (a list item's text). */
  text(runs: PdfRun[]) {
    this.paragraph(runs, { indent: this.indent });
  }

  /** A table: the first row is its header row when its cells say `header`. Cells hold plain text. */
  table(rows: PdfCell[][], { size = 9 }: { size?: number } = {}) {
    if (rows.length === 0) return;
    const columns = Math.max(...rows.map((r) => r.length));
    const options: TableWithStructure = {
      structParent: this.parent,
      position: { x: this.doc.page.margins.left + this.indent },
      maxWidth: this.width - this.indent,
      defaultStyle: { border: 0.5, borderColor: '#999999', padding: 3 },
      data: rows.map((row) =>
        Array.from({ length: columns }, (_, i) => {
          const cell = row[i] ?? { text: '' };
          return {
            text: cell.text,
            type: cell.header ? ('TH' as const) : ('TD' as const),
            // A header cell heads its column (in a row of headers) or its row: readers announce it with each cell.
            ...(cell.header ? { scope: row.every((c) => c.header) ? ('Column' as const) : ('Row' as const) } : {}),
            font: { src: cell.header || cell.bold ? 'bold' : 'regular', size },
            align: { x: cell.right ? ('right' as const) : ('left' as const), y: 'top' as const },
            ...(cell.header ? { backgroundColor: '#EEEEEE' } : {}),
          };
        }),
      ),
    };
    this.doc.x = this.doc.page.margins.left + this.indent;
    this.doc.table(options);
    this.doc.x = this.doc.page.margins.left;
    this.doc.font('regular').fontSize(BODY_SIZE).moveDown(0.6);
  }

  /** A thin line across the page (a horizontal rule), not part of the structure. */
  rule() {
    const y = this.doc.y + 4;
    this.doc.markContent('Artifact', { type: 'Layout' });
    this.doc
      .moveTo(this.doc.page.margins.left, y)
      .lineTo(this.doc.page.margins.left + this.width, y)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    this.doc.endMarkedContent();
    this.doc.moveDown(0.8);
  }

  /** Ends the document and gives its bytes. */
  finish(): Promise<Buffer> {
    this.root.end();
    this.doc.end();
    return this.done;
  }
}
