import { afterAll, describe, expect, it } from 'vitest';
import { sectionField, sectionsOf, type BudgetTotals, type Proposal } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, signIn } from '../helpers/session.ts';

/**
 * The demo's joint proposal (seeds/000 and seeds/001): Reggio Emilia with Torino and Arezzo to the
 * Ministry of the Interior. Seeded once however many instances start on one Redis, and readable
 * by its partners only. (Instances start one after the other: the network's own seed does not
 * support simultaneous first starts.)
 */
describe('the demo proposal', () => {
  const prefix = uniquePrefix('proposals-demo');
  const servers: TestServer[] = [];

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    for (const s of servers) removeDataDir(s.dataDir);
    await deletePrefix(prefix);
  });

  it('is seeded once from the seeds, however many instances start', async () => {
    // Later starts find it there and change nothing.
    for (let i = 0; i < 3; i++) servers.push(await startServer({ store: 'redis', prefix, env: { DEMO: 'true' } }));
    const [a, b, c] = servers as [TestServer, TestServer, TestServer];

    const torino = await signIn(b.url, 'torino@cittadeldialogo.example', 'dialogo-demo-2020');
    const { proposals } = (await (await api(c.url, '/api/proposals', { cookie: torino })).json()) as { proposals: { proposal: Proposal }[] };
    expect(proposals).toHaveLength(1);
    const proposal = proposals[0]!.proposal;
    expect(proposal).toMatchObject({
      funderId: 'ministero-interno',
      leadCityId: 'reggio-emilia',
      partners: [{ cityId: 'torino' }, { cityId: 'arezzo' }],
      status: 'draft',
    });

    const budget = (await (await api(a.url, `/api/proposals/${proposal.id}/budget`, { cookie: torino })).json()) as {
      lines: unknown[];
      totals: BudgetTotals;
      breaches: unknown[];
    };
    expect(budget.lines).toHaveLength(4);
    expect(budget.totals.total).toEqual({ amount: 4_745_050, cofunding: 1_237_010 });
    expect(budget.breaches).toEqual([]);

    const client = await connectDoc(a, proposal.name, { cookie: torino });
    expect(sectionsOf(client.doc)).toHaveLength(10);
    expect(client.doc.getXmlFragment(sectionField('context')).toString()).toContain('Reggio Emilia');
    expect(client.doc.getXmlFragment(sectionField('summary')).length).toBe(1);

    // Olbia is not a partner: its future delegates see nothing; the expert neither.
    const expert = await signIn(a.url, 'esperto@cittadeldialogo.example', 'dialogo-demo-2020');
    expect((await api(a.url, `/api/proposals/${proposal.id}`, { cookie: expert })).status).toBe(404);
  });
});
