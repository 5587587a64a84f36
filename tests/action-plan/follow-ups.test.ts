import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ACTION_PLAN_DOC, ActionPlanShape, actionPlanRows, minutesSectionName, type ActionPlanRow, type MeetingView } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { openPoll } from '../polls/poll-helpers.ts';

/** Decisions become follow-ups: a closed poll or a decision in the minutes adds a row to the plan, linked to its source, once. */
const plan = (client: DocClient) => actionPlanRows(client.doc.getMap<Y.Map<string>>(ActionPlanShape.rows).toJSON() as Record<string, unknown>);

describe('decisions become follow-ups in the action plan', () => {
  let server: TestServer;
  let admin: string;
  let delegate: string;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.adminCookie();
    const torino = await createCity(server.url, admin, 'Torino');
    delegate = (await createMember(server.url, admin, { role: 'delegate', cityId: torino, name: 'Delegate Torino', email: 'follow-ups@example.test' })).cookie;
  });

  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
  });

  const fromDecision = (json: unknown, cookie = admin) => api(server.url, '/api/action-plan/rows/from-decision', { method: 'POST', cookie, json });

  it('adds a row from a closed poll and from a decision in the minutes, each saying where it came from', async () => {
    const watcher = await connectDoc(server, ACTION_PLAN_DOC, { cookie: delegate });
    const pollId = await openPoll(server.url, admin, {
      question: 'Hold a training on anti-rumours strategies in 2021?',
      kind: 'proposal',
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
    });
    // Still open: not a decision yet.
    const open = await fromDecision({ source: 'poll', pollId });
    expect(open.status).toBe(400);
    expect(((await open.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ pollId: 'not-closed' });
    expect((await api(server.url, `/api/polls/${pollId}/close`, { method: 'POST', cookie: admin })).status).toBe(200);
    // Coordinators only.
    expect((await fromDecision({ source: 'poll', pollId }, delegate)).status).toBe(403);

    const fromPoll = await fromDecision({ source: 'poll', pollId });
    expect(fromPoll.status).toBe(201);
    const { row } = (await fromPoll.json()) as { row: ActionPlanRow };
    expect(row).toMatchObject({ event: 'Hold a training on anti-rumours strategies in 2021?', status: 'idea', sourceKind: 'poll', sourceId: pollId });
    await eventually(() => expect(plan(watcher).at(-1)).toMatchObject({ id: row.id, sourceKind: 'poll', sourceId: pollId }));
    expect((await fromDecision({ source: 'poll', pollId })).status).toBe(409);

    // A decision written in a meeting's minutes.
    const created = await api(server.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Coordination meeting', startsAt: '2020-06-18T08:00:00Z', endsAt: '2020-06-18T10:00:00Z' },
    });
    const { meeting } = (await created.json()) as { meeting: MeetingView };
    const minutes = await connectDoc(server, `minutes:${meeting.id}`);
    const decision = new Y.XmlElement('decision');
    decision.insert(0, [new Y.XmlText('Organise the sixth exchange meeting in Torino')]);
    minutes.doc.getXmlFragment(minutesSectionName('work-plan')).insert(0, [decision]);

    const missing = await fromDecision({ source: 'minutes', meetingId: meeting.id, decision: 'Something nobody decided' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ decision: 'not-in-minutes' });
    let fromMinutes!: ActionPlanRow;
    await eventually(async () => {
      const res = await fromDecision({ source: 'minutes', meetingId: meeting.id, decision: 'Organise the sixth exchange meeting in Torino' });
      expect(res.status).toBe(201);
      fromMinutes = ((await res.json()) as { row: ActionPlanRow }).row;
    });
    expect(fromMinutes).toMatchObject({
      event: 'Organise the sixth exchange meeting in Torino',
      notes: 'Coordination meeting',
      sourceKind: 'minutes',
      sourceId: meeting.id,
    });
    await eventually(() => expect(plan(watcher).map((r) => r.id)).toEqual([row.id, fromMinutes.id]));
  });
});
