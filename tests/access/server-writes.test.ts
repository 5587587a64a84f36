import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ErrorCode, minutesDocName, minutesSectionName, type Ack, type ActionItem, type MeetingView, type PollView, type RoomState } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { closeAllLiveClients, liveClient } from '../helpers/live-client.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { openPoll, pollView } from '../polls/poll-helpers.ts';

/**
 * The server's own writes into a live document (a closed poll's results block, an action item's
 * status) are asked of the policy as the acting person's edit would be: approved minutes are
 * locked for them too, and the refusal is a clear error, not a silent change of the approved text.
 */

let server: TestServer;
let admin: string;
let delegate: { cookie: string };
let meetingId: string;
let minutes: string;
const ACTION = 'Send the list of initiatives';

/** The minutes as stored, in Markdown: what an export (and the approved version) shows. */
async function storedMinutes(): Promise<string> {
  const res = await api(server.url, `/api/documents/${encodeURIComponent(minutes)}/export.md`, { cookie: admin });
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  server = await startServer();
  admin = await server.adminCookie();
  const cityId = await createCity(server.url, admin, 'Torino');
  delegate = await createMember(server.url, admin, { role: 'delegate', cityId, name: 'Sara Lombardi', email: 'sara@example.org' });
  const created = await api(server.url, '/api/meetings', {
    method: 'POST',
    cookie: admin,
    json: { title: 'Coordination meeting', startsAt: '2020-06-18T08:00:00Z', endsAt: '2020-06-18T10:00:00Z', participants: { cities: [cityId], people: [] } },
  });
  expect(created.status).toBe(201);
  meetingId = ((await created.json()) as { meeting: MeetingView }).meeting.id;
  minutes = minutesDocName(meetingId);

  // The delegate writes the minutes, an action item among them.
  const doc = await connectDoc(server, minutes, { cookie: delegate.cookie });
  doc.doc.transact(() => {
    const fragment = doc.doc.getXmlFragment(minutesSectionName('work-plan'));
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('Approved text of the meeting.')]);
    const item = new Y.XmlElement('actionItem');
    for (const [key, value] of Object.entries({ id: 'ai-1', owner: `city:${cityId}`, due: '2020-07-15', status: 'open' })) item.setAttribute(key, value);
    item.insert(0, [new Y.XmlText(ACTION)]);
    fragment.insert(0, [p, item]);
  });
  await eventually(async () => expect(await storedMinutes()).toContain(ACTION));
  doc.destroy();
});

afterAll(async () => {
  destroyAllDocClients();
  closeAllLiveClients();
  await stopAllServers();
  removeDataDir(server.dataDir);
});

/** Runs the meeting and approves its minutes, as the chair does in the room. */
async function approveMinutes(): Promise<void> {
  const chair = await liveClient(server.url, { cookie: admin });
  const emit = (event: 'meeting:join' | 'meeting:control', input: object) =>
    new Promise<Ack<RoomState>>((resolve) => (chair.emit as (e: string, i: object, ack: (a: Ack<RoomState>) => void) => void)(event, input, resolve));
  expect((await emit('meeting:join', { meetingId })).ok).toBe(true);
  for (const command of ['start', 'end', 'approve']) expect(await emit('meeting:control', { meetingId, command })).toMatchObject({ ok: true });
  chair.disconnect();
}

describe('server-side writes into locked documents', () => {
  it('refuses to close a poll into approved minutes with a clear error, and leaves the minutes as approved', async () => {
    // The poll was linked to the minutes while they were still a draft.
    const pollId = await openPoll(server.url, admin, {
      question: 'Reprogramme the Anti-rumours event?',
      kind: 'proposal',
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
      minutes,
    });
    await approveMinutes();
    const approved = await storedMinutes();
    expect(approved).toContain('Approved text of the meeting.');

    const closed = await api(server.url, `/api/polls/${pollId}/close`, { method: 'POST', cookie: admin });
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: ErrorCode.documentLocked,
      message: 'These minutes are approved and locked: nothing can be written into them.',
    });
    // Nothing happened: the poll is still open, the minutes hold exactly the approved text.
    expect((await pollView(server.url, admin, pollId)).status).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await storedMinutes();
    expect(after).toBe(approved);
    expect(after).not.toContain('Poll results');

    // Unlinked from the minutes, the poll closes.
    const unlinked = await api(server.url, `/api/polls/${pollId}`, { method: 'PATCH', cookie: admin, json: { minutes: null } });
    expect(unlinked.status).toBe(200);
    const closedNow = await api(server.url, `/api/polls/${pollId}/close`, { method: 'POST', cookie: admin });
    expect(closedNow.status).toBe(200);
    expect(((await closedNow.json()) as PollView).status).toBe('closed');
    expect(await storedMinutes()).toBe(approved);
  });

  it('does not take approved minutes as the target of a new or changed poll', async () => {
    const input = {
      question: 'Which date?',
      kind: 'proposal',
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
      minutes,
    } as const;
    const created = await api(server.url, '/api/polls', { method: 'POST', cookie: admin, json: input });
    expect(created.status).toBe(400);
    expect(((await created.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ minutes: 'locked' });
    const draft = await api(server.url, '/api/polls', { method: 'POST', cookie: admin, json: { ...input, minutes: undefined } });
    const { poll } = (await draft.json()) as { poll: { id: string } };
    const patched = await api(server.url, `/api/polls/${poll.id}`, { method: 'PATCH', cookie: admin, json: { minutes } });
    expect(patched.status).toBe(400);
    expect(((await patched.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ minutes: 'locked' });
  });

  it('refuses an action item status change in approved minutes, for the delegate and the coordinator alike', async () => {
    const approved = await storedMinutes();
    for (const cookie of [delegate.cookie, admin]) {
      const res = await api(server.url, `/api/action-items/${meetingId}/ai-1`, { method: 'PATCH', cookie, json: { status: 'done' } });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.documentLocked);
    }
    const items = ((await (await api(server.url, '/api/action-items', { cookie: admin })).json()) as { items: ActionItem[] }).items;
    expect(items.find((i) => i.id === 'ai-1')).toMatchObject({ status: 'open' });
    expect(await storedMinutes()).toBe(approved);
  });
});
