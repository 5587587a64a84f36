import { richTextToPdf } from '../documents/export-pdf.ts';
import { PdfWriter, type PdfCell } from '../documents/pdf-writer.ts';
import { EXPORT_LABELS, exportDay, exportFormat, type ProposalContent } from './content.ts';

/**
 * The proposal as a tagged PDF to attach to a submission, in the outline of its Word export: its
 * details, every section's text, the budget per partner with subtotals, totals per category and
 * overall with the co-funding share, and the timeline (each activity with its months, "M3–M8",
 * which reads aloud where a grid of squares would not). Loaded with the first PDF export.
 */
export function proposalPdf(c: ProposalContent): Promise<Buffer> {
  const l = EXPORT_LABELS[c.language];
  const f = exportFormat(c.language);
  const p = c.proposal;
  const writer = new PdfWriter({ title: p.title, language: c.language });
  const fact = (label: string, value: string) => writer.paragraph([{ text: `${label}: `, bold: true }, { text: value }]);
  const head = (...labels: string[]): PdfCell[] => labels.map((text, i) => ({ text, header: true, right: i >= labels.length - 2 && labels.length > 2 }));

  writer.title(p.title);
  fact(l.funder, c.funder?.name ?? p.funderId);
  if (p.call) fact(l.call, p.call);
  fact(l.deadline, exportDay(p.deadline, c.language));
  fact(l.status, l.statuses[p.status]);
  fact(l.lead, `${c.cityName(p.leadCityId)}${p.leadRole ? ` — ${p.leadRole}` : ''}`);
  for (const partner of p.partners) fact(l.partners, `${c.cityName(partner.cityId)}${partner.role ? ` — ${partner.role}` : ''}`);

  for (const { section, fragment } of c.sections) {
    writer.heading(section.title, 1);
    if (fragment.length > 0) richTextToPdf(writer, fragment, 1);
    else writer.paragraph([{ text: l.empty, italic: true }]);
  }

  writer.heading(l.budget, 1);
  for (const city of c.budgetCities) {
    const sum = c.totals.byCity[city]!;
    writer.heading(`${l.budgetOf} ${c.cityName(city)}`, 2);
    writer.table([
      head(l.category, l.description, l.amount, l.cofunding),
      ...c.lines
        .filter((line) => line.city === city)
        .map((line) => [
          { text: l.categories[line.category] },
          { text: line.description },
          { text: f.money(line.amount), right: true },
          { text: f.money(line.cofunding), right: true },
        ]),
      [
        { text: `${l.subtotal} ${c.cityName(city)}`, bold: true },
        { text: '' },
        { text: f.money(sum.amount), bold: true, right: true },
        { text: f.money(sum.cofunding), bold: true, right: true },
      ],
    ]);
  }
  writer.heading(l.byCategory, 2);
  writer.table([
    head(l.category, l.amount, l.cofunding),
    ...f.categories
      .filter((cat) => c.totals.byCategory[cat].amount > 0 || c.totals.byCategory[cat].cofunding > 0)
      .map((cat) => [
        { text: l.categories[cat] },
        { text: f.money(c.totals.byCategory[cat].amount), right: true },
        { text: f.money(c.totals.byCategory[cat].cofunding), right: true },
      ]),
  ]);
  writer.table([
    [
      { text: l.total, header: true },
      { text: f.money(c.totals.total.amount), bold: true, right: true },
    ],
    [
      { text: l.cofunding, header: true },
      { text: f.money(c.totals.total.cofunding), right: true },
    ],
    [
      { text: l.grant, header: true },
      { text: f.money(c.totals.grant), right: true },
    ],
    [
      { text: l.share, header: true },
      { text: f.share(c.totals.cofundingShareBp), right: true },
    ],
  ]);
  for (const breach of c.breaches) writer.paragraph([{ text: `⚠ ${l.breaches[breach.rule]}`, bold: true }]);

  if (c.timeline.length) {
    writer.heading(l.timeline, 1);
    writer.table([
      head(l.activity, l.city, l.months).map((cell) => ({ ...cell, right: false })),
      ...c.timeline.map((row) => [
        { text: row.activity },
        { text: c.cityName(row.city) },
        { text: row.start === row.end ? `${l.month}${row.start}` : `${l.month}${row.start}–${l.month}${row.end}` },
      ]),
    ]);
  }
  return writer.finish();
}
