import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import {
  budgetLines,
  budgetTotals,
  CloseCode,
  ProposalShape,
  restoreProposal,
  sectionField,
  sectionsOf,
  type BudgetTotals,
  type Proposal,
} from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Joint proposals on two real server instances sharing one Redis: the lead city starts a proposal
 * from a template, two partners write different sections and the budget at the same time on
 * different instances and converge; concurrent edits of one budget line leave the same, exact
 * totals everywhere; a delegate of a city outside a partners-only proposal reaches nothing of it.
 */

const budgetOf = (c: DocClient) => c.doc.getMap<Y.Map<unknown>>(ProposalShape.budget);
const linesOf = (c: DocClient) => budgetLines(budgetOf(c).toJSON() as Record<string, unknown>);
const totalsOf = (c: DocClient) => budgetTotals(linesOf(c));
const sectionText = (c: DocClient, key: string) => c.doc.getXmlFragment(sectionField(key)).toString();

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

/** Adds a budget line the way the page does: one Y.Map, its cells set in one transaction. */
function addLine(c: DocClient, id: string, cells: Record<string, string | number>): void {
  const map = budgetOf(c);
  const last = linesOf(c).at(-1)?.order ?? null;
  c.doc.transact(() => {
    const line = new Y.Map<unknown>();
    map.set(id, line);
    for (const [k, v] of Object.entries({ ...cells, order: generateKeyBetween(last, null) })) line.set(k, v);
  });
}

describe('joint proposals', () => {
  const prefix = uniquePrefix('proposals');
  let a: TestServer;
  let b: TestServer;
  let admin: string;
  const city = {} as Record<'lead' | 'partner' | 'outsider', string>;
  const cookie = {} as Record<'lead' | 'partner' | 'outsider' | 'expert', string>;
  let proposal: Proposal;

  beforeAll(async () => {
    process.setMaxListeners(32);
    [a, b] = await Promise.all([startServer({ store: 'redis', prefix }), startServer({ store: 'redis', prefix })]);
    admin = await a.adminCookie();
    const [lead0, partner0, outsider0] = await Promise.all(['Reggio Emilia', 'Torino', 'Olbia'].map((n) => createCity(a.url, admin, n)));
    Object.assign(city, { lead: lead0!, partner: partner0!, outsider: outsider0! });
    const [lead, partner, outsider, expert] = await Promise.all([
      createMember(a.url, admin, { role: 'delegate', cityId: city.lead, name: 'Marco Ferri', email: 'lead@proposals.test' }),
      createMember(a.url, admin, { role: 'delegate', cityId: city.partner, name: 'Sara Lombardi', email: 'partner@proposals.test' }),
      createMember(a.url, admin, { role: 'delegate', cityId: city.outsider, name: 'Outsider', email: 'outsider@proposals.test' }),
      createMember(a.url, admin, { role: 'expert', name: 'Expert', email: 'expert@proposals.test' }),
    ]);
    cookie.lead = lead.cookie;
    cookie.partner = partner.cookie;
    cookie.outsider = outsider.cookie;
    cookie.expert = expert.cookie;
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    for (const s of [a, b]) if (s) removeDataDir(s.dataDir);
    await deletePrefix(prefix);
  });

  it('refuses a proposal with field-level errors and writes nothing', async () => {
    const res = await api(a.url, '/api/proposals', {
      method: 'POST',
      cookie: cookie.lead,
      json: {
        title: '  ',
        funderId: 'nobody-funds-this',
        templateId: 'ministry',
        deadline: '2026-13-01',
        leadCityId: city.lead,
        partners: [{ cityId: city.lead }],
      },
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(error.fields).toMatchObject({ title: 'required', deadline: 'date', 'partners.0.cityId': 'duplicate' });

    const unknown = await api(a.url, '/api/proposals', {
      method: 'POST',
      cookie: cookie.lead,
      json: {
        title: 'Proposta',
        funderId: 'nobody-funds-this',
        templateId: 'ministry',
        deadline: '2026-12-01',
        leadCityId: city.lead,
        partners: [{ cityId: 'atlantis' }],
      },
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      funderId: 'unknown',
      'partners.0.cityId': 'unknown',
    });

    // Only the lead city's delegates (and coordinators) start a proposal for it.
    const notLead = await api(a.url, '/api/proposals', {
      method: 'POST',
      cookie: cookie.partner,
      json: { title: 'Proposta', funderId: 'ministero-interno', templateId: 'ministry', deadline: '2026-12-01', leadCityId: city.lead },
    });
    expect(notLead.status).toBe(403);
    const listed = (await (await api(a.url, '/api/proposals', { cookie: admin })).json()) as { proposals: unknown[] };
    expect(listed.proposals).toHaveLength(0);
  });

  it('creates a proposal to a ministry from the template, with its ten sections', async () => {
    const res = await api(a.url, '/api/proposals', {
      method: 'POST',
      cookie: cookie.lead,
      json: {
        title: 'Competenze interculturali per il personale comunale',
        funderId: 'ministero-interno',
        templateId: 'ministry',
        call: 'Progetti tematici',
        deadline: '2026-12-01',
        leadCityId: city.lead,
        leadRole: 'Coordinamento',
        partners: [{ cityId: city.partner, role: 'Formazione' }],
        rules: { maxGrantCents: 2_000_000, minCofundingPercent: 20 },
      },
    });
    expect(res.status).toBe(201);
    ({ proposal } = (await res.json()) as { proposal: Proposal });
    expect(proposal).toMatchObject({ status: 'draft', visibility: 'partners', leadCityId: city.lead });

    const client = await connectDoc(b, proposal.name, { cookie: cookie.partner });
    expect(sectionsOf(client.doc).map((s) => s.key)).toEqual([
      'summary',
      'context',
      'objectives',
      'activities',
      'partners',
      'budget',
      'timeline',
      'results',
      'sustainability',
      'communication',
    ]);
    expect(sectionsOf(client.doc)[0]).toMatchObject({ title: 'Sintesi del progetto', limitMax: 300, limitUnit: 'words', assignee: '', ready: false });
    client.destroy();
  });

  it('converges when two partners write different sections and the budget at once, on two instances', async () => {
    const lead = await connectDoc(a, proposal.name, { cookie: cookie.lead });
    const partner = await connectDoc(b, proposal.name, { cookie: cookie.partner });

    // In the same tick, so neither has seen the other's edits: the lead assigns the objectives to
    // the partner and writes the summary and two lines; the partner writes the objectives and a line.
    lead.doc.transact(() => {
      lead.doc.getMap<Y.Map<unknown>>(ProposalShape.sections).get('objectives')!.set('assignee', city.partner);
      lead.doc.getXmlFragment(sectionField('summary')).insert(0, [paragraph('Un progetto congiunto delle Città del Dialogo.')]);
    });
    addLine(lead, 'lead-events', { city: city.lead, category: 'events', description: 'Evento Anti-dicerie', amount: 1_250_000, cofunding: 250_000 });
    addLine(lead, 'lead-staff', { city: city.lead, category: 'staff', description: 'Coordinamento', amount: 10_01, cofunding: 0 });
    partner.doc.getXmlFragment(sectionField('objectives')).insert(0, [paragraph('Formare il personale comunale.')]);
    partner.doc.getMap<Y.Map<unknown>>(ProposalShape.sections).get('objectives')!.set('ready', true);
    addLine(partner, 'partner-training', { city: city.partner, category: 'staff', description: 'Formazione', amount: 960_033, cofunding: 240_000 });

    const expected: BudgetTotals['total'] = { amount: 1_250_000 + 10_01 + 960_033, cofunding: 490_000 };
    for (const client of [lead, partner]) {
      await eventually(() => {
        expect(sectionText(client, 'summary')).toContain('Un progetto congiunto');
        expect(sectionText(client, 'objectives')).toContain('Formare il personale comunale.');
        expect(
          linesOf(client)
            .map((l) => l.id)
            .sort(),
        ).toEqual(['lead-events', 'lead-staff', 'partner-training']);
      });
      expect(sectionsOf(client.doc).find((s) => s.key === 'objectives')).toMatchObject({ assignee: city.partner, ready: true });
      expect(totalsOf(client).total).toEqual(expected);
      expect(totalsOf(client).byCity[city.partner]).toEqual({ amount: 960_033, cofunding: 240_000 });
    }
    // The server's stored copy agrees (what the export and the budget endpoint read).
    await eventually(async () => {
      const res = await api(a.url, `/api/proposals/${proposal.id}/budget`, { cookie: cookie.partner });
      expect(((await res.json()) as { totals: BudgetTotals }).totals.total).toEqual(expected);
    });
    lead.destroy();
    partner.destroy();
  });

  it('keeps totals and the co-funding share exact after concurrent edits of the same budget line', async () => {
    const lead = await connectDoc(a, proposal.name, { cookie: cookie.lead });
    const partner = await connectDoc(b, proposal.name, { cookie: cookie.partner });
    // Same tick, same line: both change the amount, the partner also changes the co-funding.
    budgetOf(lead).get('partner-training')!.set('amount', 1_000_000);
    partner.doc.transact(() => {
      budgetOf(partner).get('partner-training')!.set('amount', 1_200_000);
      budgetOf(partner).get('partner-training')!.set('cofunding', 300_000);
    });

    await eventually(() => {
      expect(linesOf(lead)).toEqual(linesOf(partner));
      expect(linesOf(lead).find((l) => l.id === 'partner-training')!.cofunding).toBe(300_000);
    });
    const winner = linesOf(lead).find((l) => l.id === 'partner-training')!.amount;
    expect([1_000_000, 1_200_000]).toContain(winner);
    const amount = 1_250_000 + 10_01 + winner;
    const cofunding = 250_000 + 300_000;
    for (const client of [lead, partner]) {
      const totals = totalsOf(client);
      expect(totals.total).toEqual({ amount, cofunding });
      expect(totals.grant).toBe(amount - cofunding);
      // Hundredths of a percent, rounded half up, from integers only.
      expect(totals.cofundingShareBp).toBe(Math.round((cofunding * 10_000) / amount));
      expect(totals.byCategory.staff).toEqual({ amount: 10_01 + winner, cofunding: 300_000 });
    }
    await eventually(async () => {
      const res = await api(b.url, `/api/proposals/${proposal.id}/budget`, { cookie: cookie.lead });
      const body = (await res.json()) as { totals: BudgetTotals; breaches: { rule: string }[] };
      expect(body.totals).toEqual(totalsOf(lead));
      // Either way the grant stays under the call's 20,000 € and co-funding above its 20 %.
      expect(body.breaches).toEqual([]);
    });
    lead.destroy();
    partner.destroy();
  });

  it('lets no delegate of a non-partner city open a partners-only proposal, its document or its budget', async () => {
    for (const path of ['', '/budget', '/export.docx', '/export.md', '/print']) {
      const res = await api(a.url, `/api/proposals/${proposal.id}${path}`, { cookie: cookie.outsider });
      // To a non-partner the proposal does not exist: the answer of a missing one.
      expect(res.status, `GET ${path || '/'}`).toBe(404);
      expect(await res.text()).not.toContain('Anti-dicerie');
    }
    const expert = await api(b.url, `/api/proposals/${proposal.id}/budget`, { cookie: cookie.expert });
    expect(expert.status).toBe(404);
    const listed = (await (await api(a.url, '/api/proposals', { cookie: cookie.outsider })).json()) as { proposals: unknown[] };
    expect(listed.proposals).toHaveLength(0);
    const versions = await api(a.url, `/api/documents/${encodeURIComponent(proposal.name)}/versions`, { cookie: cookie.outsider });
    expect(versions.status).toBe(404);

    for (const server of [a, b]) {
      const socket = openRawDoc(server.wsUrl, proposal.name, { cookie: cookie.outsider });
      const first = await socket.first;
      expect(first).toEqual({ opened: false, code: CloseCode.notFound, reason: 'unknown-document', receivedBefore: 0 });
    }
    // The partner is let in, for comparison.
    const partner = openRawDoc(b.wsUrl, proposal.name, { cookie: cookie.partner });
    expect(await partner.first).toEqual({ opened: true });
    partner.close();
  });

  it('moves the status only as the lead city or a coordinator, and only along the workflow', async () => {
    const byPartner = await api(a.url, `/api/proposals/${proposal.id}/status`, { method: 'POST', cookie: cookie.partner, json: { status: 'in-review' } });
    expect(byPartner.status).toBe(403);
    const skip = await api(a.url, `/api/proposals/${proposal.id}/status`, { method: 'POST', cookie: cookie.lead, json: { status: 'funded' } });
    expect(skip.status).toBe(409);
    const review = await api(b.url, `/api/proposals/${proposal.id}/status`, { method: 'POST', cookie: cookie.lead, json: { status: 'in-review' } });
    expect(review.status).toBe(200);
    expect(((await review.json()) as { proposal: Proposal }).proposal).toMatchObject({ status: 'in-review', statusChangedBy: { name: 'Marco Ferri' } });
    const submitted = await api(a.url, `/api/proposals/${proposal.id}/status`, { method: 'POST', cookie: admin, json: { status: 'submitted' } });
    expect(submitted.status).toBe(200);
    const read = (await (await api(b.url, `/api/proposals/${proposal.id}`, { cookie: cookie.partner })).json()) as {
      proposal: Proposal;
      permissions: Record<string, boolean>;
    };
    expect(read.proposal.status).toBe('submitted');
    // Submitted: read-only for everyone (issue 18) until the lead or a coordinator reopens it.
    expect(read.permissions).toEqual({ read: true, edit: false, manage: false });
    const reopened = await api(a.url, `/api/proposals/${proposal.id}/status`, { method: 'POST', cookie: cookie.lead, json: { status: 'in-review' } });
    expect(reopened.status).toBe(200);
    const again = (await (await api(b.url, `/api/proposals/${proposal.id}`, { cookie: cookie.partner })).json()) as {
      proposal: Proposal;
      permissions: Record<string, boolean>;
    };
    expect(again.proposal.status).toBe('in-review');
    expect(again.permissions).toEqual({ read: true, edit: true, manage: false });
  });

  it('lets coordinators add funders and edit templates, and new proposals start from the edited template', async () => {
    const bad = await api(a.url, '/api/proposals/templates/foundation', {
      method: 'PATCH',
      cookie: admin,
      json: { name: 'Foundation call', sections: [{ key: 'summary', title: ' ' }] },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ 'sections.0.title': 'required' });
    const byDelegate = await api(a.url, '/api/proposals/templates/foundation', {
      method: 'PATCH',
      cookie: cookie.lead,
      json: { name: 'Mine', sections: [{ key: 'summary', title: 'Summary' }] },
    });
    expect(byDelegate.status).toBe(403);

    const sections = [
      { key: 'summary', title: 'Summary', limit: { max: 1500, unit: 'characters' } },
      { key: 'risks', title: 'Risks and mitigation' },
    ];
    expect(
      (await api(b.url, '/api/proposals/templates/foundation', { method: 'PATCH', cookie: admin, json: { name: 'Foundation call (2027)', sections } })).status,
    ).toBe(200);
    const added = await api(a.url, '/api/proposals/funders', {
      method: 'POST',
      cookie: admin,
      json: { name: 'Fondazione Cariplo', kind: 'foundation', templateId: 'foundation' },
    });
    expect(added.status).toBe(201);
    const { funder } = (await added.json()) as { funder: { id: string } };
    const catalog = (await (await api(b.url, '/api/proposals/catalog', { cookie: cookie.partner })).json()) as { funders: { id: string; name: string }[] };
    expect(catalog.funders.map((f) => f.name)).toContain('Fondazione Cariplo');

    const res = await api(a.url, '/api/proposals', {
      method: 'POST',
      cookie: cookie.partner,
      json: {
        title: 'Torino per la fondazione',
        funderId: funder.id,
        templateId: 'foundation',
        deadline: '2027-02-01',
        leadCityId: city.partner,
        visibility: 'network',
      },
    });
    expect(res.status).toBe(201);
    const created = ((await res.json()) as { proposal: Proposal }).proposal;
    const client = await connectDoc(b, created.name, { cookie: cookie.partner });
    expect(sectionsOf(client.doc).map((s) => [s.title, s.limitMax ?? null])).toEqual([
      ['Summary', 1500],
      ['Risks and mitigation', null],
    ]);
    client.destroy();
    // Network visibility: the outsider reads it, read-only; it cannot edit it.
    const read = (await (await api(a.url, `/api/proposals/${created.id}`, { cookie: cookie.outsider })).json()) as { permissions: Record<string, boolean> };
    expect(read.permissions).toEqual({ read: true, edit: false, manage: false });
  });

  it('saves a named version of the whole proposal, compares it and restores sections and budget', async () => {
    const saved = await api(a.url, `/api/documents/${encodeURIComponent(proposal.name)}/versions`, {
      method: 'POST',
      cookie: cookie.partner,
      json: { label: 'Inviata al ministero' },
    });
    expect(saved.status).toBe(201);
    const { version } = (await saved.json()) as { version: { id: string } };

    const partner = await connectDoc(b, proposal.name, { cookie: cookie.partner });
    partner.doc.getXmlFragment(sectionField('results')).insert(0, [paragraph('Cento dipendenti formati.')]);
    budgetOf(partner).delete('lead-staff');
    await eventually(async () => {
      const res = await api(a.url, `/api/documents/${encodeURIComponent(proposal.name)}/versions/compare?from=${version.id}&to=current`, {
        cookie: cookie.partner,
      });
      const { changes } = (await res.json()) as { changes: { change: string; text: string }[] };
      expect(changes).toContainEqual({ change: 'added', text: 'Cento dipendenti formati.' });
      expect(
        changes
          .filter((c) => c.change === 'removed')
          .map((c) => c.text)
          .join(),
      ).toContain('Coordinamento');
      expect(changes).toContainEqual({ change: 'same', text: '## Risultati attesi' });
    });

    // Restore as the history panel does: a new change on top, received by everyone.
    const content = await api(a.url, `/api/documents/${encodeURIComponent(proposal.name)}/versions/${version.id}/content`, { cookie: cookie.partner });
    const earlier = new Y.Doc();
    Y.applyUpdate(earlier, new Uint8Array(await content.arrayBuffer()));
    restoreProposal(partner.doc, earlier);
    const lead = await connectDoc(a, proposal.name, { cookie: cookie.lead });
    await eventually(() => {
      expect(sectionText(lead, 'results')).not.toContain('Cento dipendenti');
      expect(
        linesOf(lead)
          .map((l) => l.id)
          .sort(),
      ).toEqual(['lead-events', 'lead-staff', 'partner-training']);
      expect(sectionText(lead, 'objectives')).toContain('Formare il personale comunale.');
    });
    lead.destroy();
    partner.destroy();
  });

  it('lets the lead change the partners: a city added opens the document, a city removed loses it', async () => {
    const byPartner = await api(a.url, `/api/proposals/${proposal.id}`, { method: 'PATCH', cookie: cookie.partner, json: { call: 'Altro bando' } });
    expect(byPartner.status).toBe(403);
    const bad = await api(a.url, `/api/proposals/${proposal.id}`, {
      method: 'PATCH',
      cookie: cookie.lead,
      json: { partners: [{ cityId: city.lead }], deadline: 'soon' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ deadline: 'date' });
    const dup = await api(a.url, `/api/proposals/${proposal.id}`, { method: 'PATCH', cookie: cookie.lead, json: { partners: [{ cityId: city.lead }] } });
    expect(((await dup.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ 'partners.0.cityId': 'duplicate' });

    const added = await api(a.url, `/api/proposals/${proposal.id}`, {
      method: 'PATCH',
      cookie: cookie.lead,
      json: {
        partners: [
          { cityId: city.partner, role: 'Formazione' },
          { cityId: city.outsider, role: 'Comunicazione' },
        ],
        deadline: '2027-01-15',
      },
    });
    expect(added.status).toBe(200);
    expect(((await added.json()) as { proposal: Proposal }).proposal).toMatchObject({ deadline: '2027-01-15', call: 'Progetti tematici' });
    expect((await api(b.url, `/api/proposals/${proposal.id}/budget`, { cookie: cookie.outsider })).status).toBe(200);
    const joined = await connectDoc(b, proposal.name, { cookie: cookie.outsider });
    expect(sectionText(joined, 'objectives')).toContain('Formare il personale comunale.');
    joined.destroy();

    expect(
      (
        await api(b.url, `/api/proposals/${proposal.id}`, {
          method: 'PATCH',
          cookie: admin,
          json: { partners: [{ cityId: city.partner, role: 'Formazione' }] },
        })
      ).status,
    ).toBe(200);
    expect((await api(a.url, `/api/proposals/${proposal.id}`, { cookie: cookie.outsider })).status).toBe(404);
    const refused = openRawDoc(a.wsUrl, proposal.name, { cookie: cookie.outsider });
    expect(await refused.first).toMatchObject({ opened: false, code: CloseCode.notFound });
  });
});
