import { escapeMarkdown, richTextToMarkdown } from '../documents/export-markdown.ts';
import { escapeHtml, fragmentToHtml } from '../publishing/render.ts';
import { EXPORT_LABELS, exportDay, exportFormat, timelineMonths, type ProposalContent } from './content.ts';

/** The proposal as Markdown and as a printable HTML page (print stylesheet, for "Save as PDF"). */

/**
 * Text typed by people (titles, roles, section titles, budget lines, activities, city and funder
 * names) as literal Markdown text, escaped as the document exports escape it, on one line: typed
 * `# x`, `*y*`, `[a](javascript:…)` or `<script>` stays text and never becomes a heading, emphasis,
 * a link, HTML or a table cell boundary.
 */
const text = (value: string) => escapeMarkdown(value).replace(/\s*[\r\n]+\s*/g, ' ');

/** The proposal as Markdown (sections, budget tables with totals, timeline). */
export function proposalMarkdown(c: ProposalContent): string {
  const l = EXPORT_LABELS[c.language];
  const f = exportFormat(c.language);
  const p = c.proposal;
  const city = (id: string) => text(c.cityName(id));
  const out: string[] = [`# ${text(p.title)}`, ''];
  out.push(`- **${l.funder}:** ${text(c.funder?.name ?? p.funderId)}`);
  if (p.call) out.push(`- **${l.call}:** ${text(p.call)}`);
  out.push(`- **${l.deadline}:** ${exportDay(p.deadline, c.language)}`, `- **${l.status}:** ${l.statuses[p.status]}`);
  out.push(`- **${l.lead}:** ${city(p.leadCityId)}${p.leadRole ? ` — ${text(p.leadRole)}` : ''}`);
  for (const partner of p.partners) out.push(`- **${l.partners}:** ${city(partner.cityId)}${partner.role ? ` — ${text(partner.role)}` : ''}`);
  for (const { section, fragment } of c.sections) {
    out.push('', `## ${text(section.title)}`, '');
    const body = richTextToMarkdown(fragment, 2);
    out.push(body || `_${l.empty}_`);
  }
  out.push('', `## ${l.budget}`);
  for (const budgetCity of c.budgetCities) {
    const sum = c.totals.byCity[budgetCity]!;
    out.push('', `### ${l.budgetOf} ${city(budgetCity)}`, '', `| ${l.category} | ${l.description} | ${l.amount} | ${l.cofunding} |`, '|---|---|---:|---:|');
    for (const line of c.lines.filter((x) => x.city === budgetCity))
      out.push(`| ${l.categories[line.category]} | ${text(line.description)} | ${f.money(line.amount)} | ${f.money(line.cofunding)} |`);
    out.push(`| **${l.subtotal} ${city(budgetCity)}** | | **${f.money(sum.amount)}** | **${f.money(sum.cofunding)}** |`);
  }
  out.push(
    '',
    `| | |`,
    '|---|---:|',
    `| **${l.total}** | **${f.money(c.totals.total.amount)}** |`,
    `| ${l.cofunding} | ${f.money(c.totals.total.cofunding)} |`,
  );
  out.push(`| ${l.grant} | ${f.money(c.totals.grant)} |`, `| ${l.share} | ${f.share(c.totals.cofundingShareBp)} |`);
  for (const breach of c.breaches) out.push('', `> ⚠ ${l.breaches[breach.rule]}`);
  if (c.timeline.length) {
    const months = timelineMonths(c);
    out.push('', `## ${l.timeline}`, '', `| ${l.activity} | ${l.city} | ${Array.from({ length: months }, (_, i) => `${l.month}${i + 1}`).join(' | ')} |`);
    out.push(`|---|---|${'---|'.repeat(months)}`);
    for (const row of c.timeline) {
      out.push(
        `| ${text(row.activity)} | ${city(row.city)} | ${Array.from({ length: months }, (_, i) => (i + 1 >= row.start && i + 1 <= row.end ? '■' : ' ')).join(' | ')} |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

const PRINT_CSS = `
body{font:11pt/1.5 Georgia,'Times New Roman',serif;color:#111;max-width:48rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.8rem}h2{font-size:1.3rem;border-bottom:1px solid #999;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.on{background:#2e6f9e}
.gantt td,.gantt th{padding:.1rem;font-size:.8rem;min-width:1rem}.muted{color:#555}.warn{font-weight:bold}
.toolbar{margin-bottom:1rem}
@media print{.toolbar{display:none}body{margin:0;max-width:none}h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}}
`;

/** A standalone printable page of the proposal; every text is escaped. */
export function proposalPrintHtml(c: ProposalContent): string {
  const l = EXPORT_LABELS[c.language];
  const f = exportFormat(c.language);
  const p = c.proposal;
  const e = escapeHtml;
  const printLabel = l.printHint;
  const parts: string[] = [];
  parts.push(`<h1>${e(p.title)}</h1><dl>`);
  const dd = (label: string, value: string) => parts.push(`<dt><strong>${e(label)}</strong></dt><dd>${e(value)}</dd>`);
  dd(l.funder, c.funder?.name ?? p.funderId);
  if (p.call) dd(l.call, p.call);
  dd(l.deadline, exportDay(p.deadline, c.language));
  dd(l.lead, `${c.cityName(p.leadCityId)}${p.leadRole ? ` — ${p.leadRole}` : ''}`);
  for (const partner of p.partners) dd(l.partners, `${c.cityName(partner.cityId)}${partner.role ? ` — ${partner.role}` : ''}`);
  parts.push('</dl>');
  for (const { section, fragment } of c.sections) {
    const html = fragmentToHtml(fragment);
    parts.push(`<section><h2>${e(section.title)}</h2>${html || `<p class="muted"><em>${e(l.empty)}</em></p>`}</section>`);
  }
  parts.push(`<section><h2>${e(l.budget)}</h2>`);
  const head = `<tr><th>${e(l.category)}</th><th>${e(l.description)}</th><th class="num">${e(l.amount)}</th><th class="num">${e(l.cofunding)}</th></tr>`;
  for (const city of c.budgetCities) {
    const sum = c.totals.byCity[city]!;
    parts.push(`<h3>${e(`${l.budgetOf} ${c.cityName(city)}`)}</h3><table><thead>${head}</thead><tbody>`);
    for (const line of c.lines.filter((x) => x.city === city)) {
      parts.push(
        `<tr><td>${e(l.categories[line.category])}</td><td>${e(line.description)}</td><td class="num">${e(f.money(line.amount))}</td><td class="num">${e(f.money(line.cofunding))}</td></tr>`,
      );
    }
    parts.push(
      `</tbody><tfoot><tr><th colspan="2">${e(`${l.subtotal} ${c.cityName(city)}`)}</th><th class="num">${e(f.money(sum.amount))}</th><th class="num">${e(f.money(sum.cofunding))}</th></tr></tfoot></table>`,
    );
  }
  parts.push(
    `<table><tbody><tr><th>${e(l.total)}</th><td class="num"><strong>${e(f.money(c.totals.total.amount))}</strong></td></tr><tr><th>${e(l.cofunding)}</th><td class="num">${e(f.money(c.totals.total.cofunding))}</td></tr><tr><th>${e(l.grant)}</th><td class="num">${e(f.money(c.totals.grant))}</td></tr><tr><th>${e(l.share)}</th><td class="num">${e(f.share(c.totals.cofundingShareBp))}</td></tr></tbody></table>`,
  );
  for (const breach of c.breaches) parts.push(`<p class="warn">⚠ ${e(l.breaches[breach.rule])}</p>`);
  parts.push('</section>');
  if (c.timeline.length) {
    const months = timelineMonths(c);
    parts.push(`<section><h2>${e(l.timeline)}</h2><table class="gantt"><thead><tr><th>${e(l.activity)}</th><th>${e(l.city)}</th>`);
    for (let i = 1; i <= months; i++) parts.push(`<th>${i}</th>`);
    parts.push('</tr></thead><tbody>');
    for (const row of c.timeline) {
      parts.push(`<tr><td>${e(row.activity)}</td><td>${e(c.cityName(row.city))}</td>`);
      for (let i = 1; i <= months; i++) parts.push(i >= row.start && i <= row.end ? '<td class="on" aria-label="■"></td>' : '<td></td>');
      parts.push('</tr>');
    }
    parts.push('</tbody></table></section>');
  }
  return `<!doctype html><html lang="${c.language}"><head><meta charset="utf-8"><title>${e(p.title)}</title><style>${PRINT_CSS}</style></head><body><p class="toolbar muted">${e(printLabel)}</p><main>${parts.join('')}</main></body></html>`;
}
