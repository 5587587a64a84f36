import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import mammoth from 'mammoth';
import { generateNKeysBetween } from 'fractional-indexing';
import { ProposalShape, sectionField, type Proposal, type Template } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The exports a lead city submits: the Word file is read back by a maintained reader (mammoth) and
 * must hold every section title, every budget line with its amounts, the subtotals, the totals and
 * the co-funding share, and the timeline; Markdown and the printable page carry the same.
 */

function element(name: string, text: string, attrs: Record<string, string | number> = {}, marks?: Record<string, object>): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as unknown as string);
  const t = new Y.XmlText();
  t.insert(0, text, marks);
  el.insert(0, [t]);
  return el;
}

const LINES = [
  { id: 'l1', city: 'lead', category: 'events', description: 'Evento tematico Anti-dicerie', amount: 1_250_000, cofunding: 250_000 },
  { id: 'l2', city: 'lead', category: 'staff', description: 'Coordinamento del progetto', amount: 1_800_050, cofunding: 600_000 },
  { id: 'l3', city: 'partner', category: 'communication', description: 'Campagna nazionale di comunicazione', amount: 735_005, cofunding: 147_001 },
] as const;

describe('proposal exports', () => {
  let server: TestServer;
  let admin: string;
  let proposal: Proposal;
  let template: Template;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
    const [lead, partner] = await Promise.all(['Reggio Emilia', 'Arezzo'].map((n) => createCity(server.url, admin, n)));
    const catalog = (await (await api(server.url, '/api/proposals/catalog', { cookie: admin })).json()) as { templates: Template[] };
    template = catalog.templates.find((t) => t.id === 'foundation')!;
    const res = await api(server.url, '/api/proposals', {
      method: 'POST',
      cookie: admin,
      json: {
        title: 'Cities of Dialogue: intercultural competences',
        funderId: 'fondazione',
        templateId: 'foundation',
        deadline: '2026-10-30',
        leadCityId: lead,
        partners: [{ cityId: partner, role: 'Communication campaign' }],
        durationMonths: 12,
      },
    });
    expect(res.status).toBe(201);
    ({ proposal } = (await res.json()) as { proposal: Proposal });

    // Write it as people would through the page: rich text in two sections, the budget, the timeline.
    const client = await connectDoc(server, proposal.name);
    const ids = { lead: lead!, partner: partner! };
    client.doc.transact(() => {
      client.doc
        .getXmlFragment(sectionField('summary'))
        .insert(0, [element('paragraph', 'Training municipal staff in intercultural competences.', {}, { bold: {} })]);
      client.doc
        .getXmlFragment(sectionField('objectives'))
        .insert(0, [
          element('heading', 'Main objectives', { level: 2 }),
          bullet('Relaunch the Anti-rumours strategy'),
          bullet('A national communication campaign'),
        ]);
      const budget = client.doc.getMap<Y.Map<unknown>>(ProposalShape.budget);
      const keys = generateNKeysBetween(null, null, LINES.length);
      LINES.forEach((line, i) => {
        const cells = new Y.Map<unknown>();
        budget.set(line.id, cells);
        for (const [k, v] of Object.entries({ ...line, city: ids[line.city], order: keys[i]! })) if (k !== 'id') cells.set(k, v);
      });
      const timeline = client.doc.getMap<Y.Map<unknown>>(ProposalShape.timeline);
      const row = new Y.Map<unknown>();
      timeline.set('t1', row);
      for (const [k, v] of Object.entries({ activity: 'Trainings for municipal staff', city: ids.lead, start: 2, end: 5, order: 'a0' })) row.set(k, v);
    });
    await eventually(async () => {
      const res = await api(server.url, `/api/proposals/${proposal.id}/budget`, { cookie: admin });
      expect(((await res.json()) as { lines: unknown[] }).lines).toHaveLength(3);
    });
    client.destroy();
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  it('exports a Word file that mammoth reads back with every section, budget line and total', async () => {
    const res = await api(server.url, `/api/proposals/${proposal.id}/export.docx?lang=en`, { cookie: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.docx"/);
    const buffer = Buffer.from(await res.arrayBuffer());
    const { value: html } = await mammoth.convertToHtml({ buffer });

    for (const section of template.sections) expect(html).toContain(`<h1>${section.title}</h1>`);
    expect(html).toContain('<strong>Training municipal staff in intercultural competences.</strong>');
    // A heading inside a section sits one level below the section's own title.
    expect(html).toContain('<h3>Main objectives</h3>');
    expect(html).toMatch(/<li>Relaunch the Anti-rumours strategy<\/li>/);

    // Every line, with its amounts as entered (integer cents, formatted in English).
    const cells = (...texts: string[]) => texts.map((t) => `<td><p>${t}</p></td>`).join('');
    expect(html).toContain(cells('Events', 'Evento tematico Anti-dicerie', '€12,500.00', '€2,500.00'));
    expect(html).toContain(cells('Staff', 'Coordinamento del progetto', '€18,000.50', '€6,000.00'));
    expect(html).toContain(cells('Communication', 'Campagna nazionale di comunicazione', '€7,350.05', '€1,470.01'));
    // Subtotals per partner and the totals: 37,850.55 €, co-funding 9,970.01 € = 26.34 %.
    expect(html).toContain('<strong>Total Reggio Emilia</strong>');
    expect(html).toContain('<strong>€30,500.50</strong>');
    expect(html).toContain('<strong>€7,350.05</strong>');
    expect(html).toContain('<strong>€37,850.55</strong>');
    expect(html).toContain(cells('Co-funding', '€9,970.01'));
    expect(html).toContain(cells('Grant requested', '€27,880.54'));
    expect(html).toContain(cells('Co-funding share', '26.34%'));
    // The timeline: the activity, its city and months 2 to 5 marked of 12.
    expect(html).toContain('Trainings for municipal staff');
    expect(html).toContain('<th><p><strong>M12</strong></p></th>');
    expect((html.match(/<td><p>■<\/p><\/td>/g) ?? []).length).toBe(4);
  });

  it('exports Markdown and a printable page with the same content, in Italian', async () => {
    const md = await api(server.url, `/api/proposals/${proposal.id}/export.md?lang=it`, { cookie: admin });
    expect(md.headers.get('content-type')).toContain('text/markdown');
    const text = await md.text();
    for (const section of template.sections) expect(text).toContain(`## ${section.title}`);
    // Italian puts a no-break space before the euro sign.
    const nb = (s: string) => s.replace(/ €/g, '\u00a0€');
    expect(text).toContain(nb('| Eventi | Evento tematico Anti-dicerie | 12.500,00 € | 2.500,00 € |'));
    expect(text).toContain(nb('| **Totale generale** | **37.850,55 €** |'));
    expect(text).toContain('| Quota di cofinanziamento | 26,34% |');

    const print = await api(server.url, `/api/proposals/${proposal.id}/print?lang=it`, { cookie: admin });
    expect(print.headers.get('content-type')).toContain('text/html');
    const html = await print.text();
    expect(html).toContain('@media print');
    expect(html).toContain('<h2>Summary</h2>');
    expect(html).toContain(nb('<td class="num">1.470,01 €</td>'));
    expect(html).toContain('Trainings for municipal staff');
  });
});

function bullet(text: string): Y.XmlElement {
  const list = new Y.XmlElement('bulletList');
  const item = new Y.XmlElement('listItem');
  item.insert(0, [element('paragraph', text)]);
  list.insert(0, [item]);
  return list;
}
