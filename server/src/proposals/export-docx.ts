import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { ORDERED_LIST_NUMBERING, richTextToDocx } from '../documents/export-docx.ts';
import { EXPORT_LABELS, exportDay, exportFormat, timelineMonths, type ProposalContent } from './content.ts';

/**
 * The proposal as a Word document, ready to submit: its details, every section's text (headings,
 * paragraphs, lists and marks as written), the budget per partner with subtotals, totals per
 * category and overall with the co-funding share, and the timeline as a month grid.
 */

const cell = (text: string, { bold = false, right = false, fill }: { bold?: boolean; right?: boolean; fill?: string } = {}) =>
  new TableCell({
    children: [new Paragraph({ alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold })] })],
    ...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill } } : {}),
  });

const table = (rows: TableRow[]) => new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });

function budget(c: ProposalContent): (Paragraph | Table)[] {
  const l = EXPORT_LABELS[c.language];
  const f = exportFormat(c.language);
  const out: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, text: l.budget })];
  const header = new TableRow({
    tableHeader: true,
    children: [l.category, l.description, l.amount, l.cofunding].map((h, i) => cell(h, { bold: true, right: i >= 2 })),
  });
  for (const city of c.budgetCities) {
    const sum = c.totals.byCity[city]!;
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: `${l.budgetOf} ${c.cityName(city)}` }));
    out.push(
      table([
        header,
        ...c.lines
          .filter((line) => line.city === city)
          .map(
            (line) =>
              new TableRow({
                children: [
                  cell(l.categories[line.category]),
                  cell(line.description),
                  cell(f.money(line.amount), { right: true }),
                  cell(f.money(line.cofunding), { right: true }),
                ],
              }),
          ),
        new TableRow({
          children: [
            cell(`${l.subtotal} ${c.cityName(city)}`, { bold: true }),
            cell(''),
            cell(f.money(sum.amount), { bold: true, right: true }),
            cell(f.money(sum.cofunding), { bold: true, right: true }),
          ],
        }),
      ]),
    );
  }
  out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: l.byCategory }));
  out.push(
    table([
      new TableRow({ tableHeader: true, children: [l.category, l.amount, l.cofunding].map((h, i) => cell(h, { bold: true, right: i >= 1 })) }),
      ...f.categories
        .filter((cat) => c.totals.byCategory[cat].amount > 0 || c.totals.byCategory[cat].cofunding > 0)
        .map(
          (cat) =>
            new TableRow({
              children: [
                cell(l.categories[cat]),
                cell(f.money(c.totals.byCategory[cat].amount), { right: true }),
                cell(f.money(c.totals.byCategory[cat].cofunding), { right: true }),
              ],
            }),
        ),
    ]),
  );
  out.push(
    table([
      new TableRow({ children: [cell(l.total, { bold: true }), cell(f.money(c.totals.total.amount), { bold: true, right: true })] }),
      new TableRow({ children: [cell(l.cofunding), cell(f.money(c.totals.total.cofunding), { right: true })] }),
      new TableRow({ children: [cell(l.grant), cell(f.money(c.totals.grant), { right: true })] }),
      new TableRow({ children: [cell(l.share), cell(f.share(c.totals.cofundingShareBp), { right: true })] }),
    ]),
  );
  for (const breach of c.breaches) out.push(new Paragraph({ children: [new TextRun({ text: `⚠ ${l.breaches[breach.rule]}`, bold: true })] }));
  return out;
}

function timeline(c: ProposalContent): (Paragraph | Table)[] {
  const l = EXPORT_LABELS[c.language];
  if (c.timeline.length === 0) return [];
  const months = timelineMonths(c);
  const monthCells = (row?: { start: number; end: number }) =>
    Array.from({ length: months }, (_, i) =>
      row
        ? cell(i + 1 >= row.start && i + 1 <= row.end ? '■' : '', row && i + 1 >= row.start && i + 1 <= row.end ? { fill: '2E6F9E' } : {})
        : cell(`${l.month}${i + 1}`, { bold: true }),
    );
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_1, text: l.timeline }),
    table([
      new TableRow({ tableHeader: true, children: [cell(l.activity, { bold: true }), cell(l.city, { bold: true }), ...monthCells()] }),
      ...c.timeline.map((row) => new TableRow({ children: [cell(row.activity), cell(c.cityName(row.city)), ...monthCells(row)] })),
    ]),
  ];
}

function details(c: ProposalContent): Paragraph[] {
  const l = EXPORT_LABELS[c.language];
  const p = c.proposal;
  const line = (label: string, value: string) => new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, text: p.title }),
    line(l.funder, c.funder?.name ?? p.funderId),
    ...(p.call ? [line(l.call, p.call)] : []),
    line(l.deadline, exportDay(p.deadline, c.language)),
    line(l.lead, `${c.cityName(p.leadCityId)}${p.leadRole ? ` — ${p.leadRole}` : ''}`),
    ...p.partners.map((partner) => line(l.partners, `${c.cityName(partner.cityId)}${partner.role ? ` — ${partner.role}` : ''}`)),
  ];
}

/** The .docx file's bytes. */
export async function proposalDocx(c: ProposalContent): Promise<Buffer> {
  const l = EXPORT_LABELS[c.language];
  const body: (Paragraph | Table)[] = [...details(c)];
  for (const { section, fragment } of c.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, text: section.title }));
    const content = richTextToDocx(fragment, 1);
    body.push(...(content.length > 0 ? content : [new Paragraph({ children: [new TextRun({ text: l.empty, italics: true })] })]));
  }
  body.push(...budget(c), ...timeline(c));
  const document = new Document({
    title: c.proposal.title,
    creator: 'Dialogo',
    numbering: ORDERED_LIST_NUMBERING,
    sections: [{ children: body }],
  });
  return Packer.toBuffer(document);
}
