import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ProposalShape, type Proposal } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The proposal's Markdown export escapes what people typed, as the document exports do: a title,
 * a role, a section title, a budget line or an activity written as `# x`, `*y*`,
 * `[a](javascript:…)` or `<script>` stays that literal text, never a heading, emphasis, a link or
 * HTML, and never breaks a table row.
 */

const MARKUP = {
  title: '# Heading *bold* [click](javascript:alert(1)) <script>alert(1)</script>',
  role: '*lead* | [x](javascript:void(0))',
  section: '## Objectives <img src=x onerror=alert(1)>',
  line: 'Staff | <b>bonus</b> [pay](javascript:steal())\n# not a heading',
  activity: '_training_ `code` <script>x</script>',
};

let server: TestServer;
let admin: string;
let proposal: Proposal;

beforeAll(async () => {
  server = await startServer();
  admin = await server.adminCookie();
  const [lead, partner] = await Promise.all(['Reggio Emilia', 'Arezzo'].map((n) => createCity(server.url, admin, n)));
  const res = await api(server.url, '/api/proposals', {
    method: 'POST',
    cookie: admin,
    json: {
      title: MARKUP.title,
      funderId: 'fondazione',
      templateId: 'foundation',
      deadline: '2026-10-30',
      leadCityId: lead,
      leadRole: MARKUP.role,
      partners: [{ cityId: partner, role: MARKUP.role }],
      durationMonths: 6,
    },
  });
  expect(res.status).toBe(201);
  ({ proposal } = (await res.json()) as { proposal: Proposal });

  const client = await connectDoc(server, proposal.name);
  client.doc.transact(() => {
    const sections = client.doc.getMap<Y.Map<unknown>>(ProposalShape.sections);
    const first = [...sections.values()].find((s) => s.get('order') === 0)!;
    first.set('title', MARKUP.section);
    const line = new Y.Map<unknown>();
    client.doc.getMap<Y.Map<unknown>>(ProposalShape.budget).set('l1', line);
    for (const [k, v] of Object.entries({ city: lead!, category: 'staff', description: MARKUP.line, amount: 100_000, cofunding: 20_000, order: 'a0' }))
      line.set(k, v);
    const row = new Y.Map<unknown>();
    client.doc.getMap<Y.Map<unknown>>(ProposalShape.timeline).set('t1', row);
    for (const [k, v] of Object.entries({ activity: MARKUP.activity, city: lead!, start: 1, end: 2, order: 'a0' })) row.set(k, v);
  });
  await eventually(async () => {
    const md = await (await api(server.url, `/api/proposals/${proposal.id}/export.md?lang=en`, { cookie: admin })).text();
    expect(md).toContain('training');
  });
  client.destroy();
});

afterAll(async () => {
  destroyAllDocClients();
  await stopAllServers();
  if (server) removeDataDir(server.dataDir);
});

describe('proposal Markdown export', () => {
  it('keeps markup typed in titles, roles, section titles, the budget and the timeline as literal text', async () => {
    const res = await api(server.url, `/api/proposals/${proposal.id}/export.md?lang=en`, { cookie: admin });
    expect(res.status).toBe(200);
    const md = await res.text();
    const lines = md.split('\n');

    // The title is the one heading of level 1, its markup escaped.
    expect(lines[0]).toBe('# \\# Heading \\*bold\\* \\[click\\](javascript:alert(1)) \\<script\\>alert(1)\\</script\\>');
    expect(lines.filter((l) => /^# /.test(l))).toHaveLength(1);
    // The roles: no emphasis, no link, no table cell boundary.
    expect(md).toContain('— \\*lead\\* \\| \\[x\\](javascript:void(0))');
    // The section title: one level-2 heading, its own `##` and HTML kept as text.
    expect(md).toContain('## \\#\\# Objectives \\<img src=x onerror=alert(1)\\>');
    // The budget line stays one row of four cells: its `|` and line break do not split it.
    const row = lines.find((l) => l.includes('bonus'))!;
    expect(row).toBe('| Staff | Staff \\| \\<b\\>bonus\\</b\\> \\[pay\\](javascript:steal()) \\# not a heading | €1,000.00 | €200.00 |');
    expect(lines.some((l) => l.startsWith('# not a heading'))).toBe(false);
    // The timeline's activity.
    expect(md).toContain('| \\_training\\_ \\`code\\` \\<script\\>x\\</script\\> |');
    // Nothing anywhere reads as a raw tag or a link.
    expect(md).not.toMatch(/(^|[^\\])<(script|img|b)\b/);
    expect(md).not.toMatch(/(^|[^\\])\[[^\]]*\]\(javascript:/);
  });
});
