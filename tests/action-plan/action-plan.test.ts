import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { ACTION_PLAN_DOC, ActionPlanShape, actionPlanRows } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The action plan: one co-edited table. Two people editing different cells of the same row while
 * a third moves rows end with every change, the same order everywhere, across two instances;
 * the CSV export reads what was stored, filtered, without letting a cell run as a formula.
 */

const rowsOf = (client: DocClient) => client.doc.getMap<Y.Map<string>>(ActionPlanShape.rows);
const plan = (client: DocClient) => actionPlanRows(rowsOf(client).toJSON() as Record<string, unknown>);

describe('the action plan', () => {
  const prefix = uniquePrefix('action-plan');
  let a: TestServer;
  let b: TestServer;
  let admin: string;
  let delegate: string;
  let cityId: string;

  beforeAll(async () => {
    a = await startServer({ store: 'redis', prefix, env: { DEMO: 'true' } });
    b = await startServer({ store: 'redis', prefix, env: { DEMO: 'true' } });
    admin = await a.adminCookie();
    // A member city of the demo network.
    const { cities } = (await (await api(a.url, '/api/cities', { cookie: admin })).json()) as { cities: { id: string; name: string }[] };
    cityId = cities.find((c) => c.name === 'Casalecchio di Reno')!.id;
    delegate = (await createMember(a.url, admin, { role: 'delegate', cityId, name: 'Delegato Casalecchio', email: 'casalecchio@example.test' })).cookie;
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    for (const s of [a, b]) if (s) removeDataDir(s.dataDir);
    await deletePrefix(prefix);
  });

  it('starts, in demo mode, with the events of the 2017-2020 plan, once however many instances start', async () => {
    const client = await connectDoc(a, ACTION_PLAN_DOC, { cookie: delegate });
    const rows = plan(client);
    expect(rows.map((r) => r.event)).toEqual([
      'On-line forum on (revised) ICC Index and Profile features + City Intercultural Policy Strategy/project',
      'First Good Practice Exchange Meeting',
      'Second Good Practice Exchange Meeting',
      'Third Good Practice Exchange Meeting',
      'Fourth Good Practice Exchange Meeting',
      'Fifth Good Practice Exchange Meeting',
      'Sixth Good Practice Exchange Meeting',
      'ICC-ITA Coordinators Meeting 2019',
    ]);
    expect(rows[0]?.placeKind).toBe('online');
    client.destroy();
  });

  it('keeps concurrent edits of different cells of one row and concurrent moves, identical on both instances', async () => {
    const onA = await connectDoc(a, ACTION_PLAN_DOC, { cookie: delegate });
    const onB = await connectDoc(b, ACTION_PLAN_DOC); // the coordinator, on the other instance
    const second = plan(onA)[1]!;
    const last = plan(onA).at(-1)!;
    const first = plan(onA)[0]!;

    // At the same moment: A writes the date and place of the second row, B its notes and status,
    // and B moves the last row to the top while A moves the first row below the second.
    onA.doc.transact(() => {
      const cells = rowsOf(onA).get(second.id)!;
      cells.set('date', '2017-11');
      cells.set('placeKind', 'city');
      cells.set('place', cityId);
    });
    onB.doc.transact(() => {
      const cells = rowsOf(onB).get(second.id)!;
      cells.set('notes', 'Host: Casalecchio di Reno; theme: anti-rumours.');
      cells.set('status', 'scheduled');
      rowsOf(onB).get(last.id)!.set('order', generateKeyBetween(null, first.order));
    });
    rowsOf(onA)
      .get(first.id)!
      .set('order', generateKeyBetween(second.order, plan(onA)[2]!.order));

    await eventually(() => expect(JSON.stringify(plan(onA))).toBe(JSON.stringify(plan(onB))));
    const rows = plan(onA);
    expect(rows).toHaveLength(8);
    const edited = rows.find((r) => r.id === second.id)!;
    expect(edited).toMatchObject({
      date: '2017-11',
      placeKind: 'city',
      place: cityId,
      status: 'scheduled',
      notes: 'Host: Casalecchio di Reno; theme: anti-rumours.',
    });
    expect(rows.map((r) => r.id).slice(0, 3)).toEqual([last.id, second.id, first.id]);

    // A later reader, after both instances stored it, gets the same table.
    const late = await connectDoc(b, ACTION_PLAN_DOC, { cookie: delegate });
    expect(JSON.stringify(plan(late))).toBe(JSON.stringify(rows));
  });

  it('exports what is stored as CSV, filtered, with formulas defused', async () => {
    const client = await connectDoc(a, ACTION_PLAN_DOC, { cookie: delegate });
    const target = plan(client).find((r) => r.event === 'Third Good Practice Exchange Meeting')!;
    rowsOf(client).get(target.id)!.set('support', '=HYPERLINK("http://evil.example")');
    rowsOf(client).get(target.id)!.set('date', '2018-03-15');
    const other = await connectDoc(b, ACTION_PLAN_DOC, { cookie: delegate });
    await eventually(() => expect(plan(other).find((r) => r.id === target.id)?.date).toBe('2018-03-15'));

    // In English (the delegate reads Italian: `?lang=en` asks for English, comma-separated).
    const all = await api(b.url, '/api/action-plan/export.csv?lang=en', { cookie: delegate });
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toContain('text/csv');
    const lines = (await all.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('event,date,place,experts,support,notes,status');
    expect(lines).toHaveLength(9);
    expect(lines).toContain(`First Good Practice Exchange Meeting,2017-11,Casalecchio di Reno,,,Host: Casalecchio di Reno; theme: anti-rumours.,scheduled`);
    expect(lines).toContain(`Third Good Practice Exchange Meeting,2018-03-15,,,"'=HYPERLINK(""http://evil.example"")",,idea`);

    const in2018 = (await (await api(b.url, '/api/action-plan/export.csv?lang=en&year=2018', { cookie: delegate })).text()).trim().split('\r\n');
    expect(in2018.slice(1).map((l) => l.split(',')[0])).toEqual(['Third Good Practice Exchange Meeting']);
    const inCity = (await (await api(b.url, `/api/action-plan/export.csv?lang=en&city=${cityId}`, { cookie: delegate })).text()).trim().split('\r\n');
    expect(inCity).toHaveLength(2);

    expect((await api(b.url, '/api/action-plan/export.csv')).status).toBe(401);
  });
});
