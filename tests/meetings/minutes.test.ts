import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { io as connect, type Socket } from 'socket.io-client';
import {
  LIVE_PATH,
  minutesSectionName,
  type Ack,
  type ActionItem,
  type ClientToServerEvents,
  type MeetingView,
  type RoomState,
  type ServerToClientEvents,
} from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { openRawDoc, type RawDocSocket } from '../helpers/raw-doc.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { startServer, stopAllServers } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

const sockets: Socket[] = [];

/** Adds an action item block to a section of the minutes, as the minutes editor does. */
function writeActionItem(client: DocClient, section: string, attrs: { id: string; owner: string; due: string; status: string }, text: string): void {
  const el = new Y.XmlElement('actionItem');
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
  el.insert(0, [new Y.XmlText(text)]);
  const fragment = client.doc.getXmlFragment(section);
  fragment.insert(fragment.length, [el]);
}

function actionItemEl(client: DocClient, section: string, id: string): Y.XmlElement | undefined {
  return client.doc
    .getXmlFragment(section)
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute('id') === id);
}

async function tracker(url: string, cookie: string, query = ''): Promise<ActionItem[]> {
  const res = await api(url, `/api/action-items${query}`, { cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: ActionItem[] }).items;
}

/** Minutes built on the agenda: action items kept once, in the minutes, followed from the tracker; approval locks them everywhere. */
describe('minutes, action items and approval', () => {
  const prefix = uniquePrefix('minutes');
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    destroyAllDocClients();
    await stopAllServers();
    await deletePrefix(prefix);
  });

  it('shows a status changed in the tracker in the minutes document and back, and locks approved minutes on every instance', async () => {
    const env = { ACCESS_RECHECK_MS: '200' };
    const [a, b] = await Promise.all([startServer({ store: 'redis', prefix, env }), startServer({ store: 'redis', prefix, env })]);
    const admin = await a.adminCookie();
    const [torino, arezzo] = await Promise.all([createCity(a.url, admin, 'Torino'), createCity(a.url, admin, 'Arezzo')]);
    const sara = await createMember(a.url, admin, { role: 'delegate', cityId: torino, name: 'Sara Lombardi', email: 'sara@example.org' });
    const created = await api(a.url, '/api/meetings', {
      method: 'POST',
      cookie: admin,
      json: { title: 'Coordination meeting', startsAt: '2020-06-18T08:00:00Z', endsAt: '2020-06-18T10:00:00Z' },
    });
    const { meeting } = (await created.json()) as { meeting: MeetingView };
    const section = minutesSectionName('work-plan');

    // Sara writes two action items into the minutes through instance B.
    const saraDoc = await connectDoc(b, `minutes:${meeting.id}`, { cookie: sara.cookie });
    const saraSocket = openRawDoc(b.wsUrl, `minutes:${meeting.id}`, { cookie: sara.cookie });
    await saraSocket.sync();
    saraDoc.doc.transact(() => {
      writeActionItem(
        saraDoc,
        section,
        { id: 'ai-torino', owner: `city:${torino}`, due: '2020-07-15', status: 'open' },
        'Send the list of initiatives activated during the emergency',
      );
      writeActionItem(
        saraDoc,
        section,
        { id: 'ai-arezzo', owner: `city:${arezzo}`, due: '2999-01-31', status: 'open' },
        'Check the feasibility of the Anti-rumours event',
      );
    });

    // The tracker on A collects them, with the filters people use.
    await eventually(async () => expect((await tracker(a.url, admin)).map((i) => i.id).sort()).toEqual(['ai-arezzo', 'ai-torino']));
    const [item] = await tracker(a.url, sara.cookie, `?city=${torino}`);
    expect(item).toMatchObject({
      id: 'ai-torino',
      meetingId: meeting.id,
      agendaItemId: 'work-plan',
      description: 'Send the list of initiatives activated during the emergency',
      owner: `city:${torino}`,
      due: '2020-07-15',
      status: 'open',
      overdue: true,
    });
    expect((await tracker(a.url, admin, '?overdue=true')).map((i) => i.id)).toEqual(['ai-torino']);
    expect(await tracker(a.url, admin, '?status=done')).toEqual([]);

    // Changed in the tracker (on A): the minutes document Sara has open on B shows it.
    const bad = await api(a.url, `/api/action-items/${meeting.id}/ai-torino`, { method: 'PATCH', cookie: sara.cookie, json: { status: 'finished' } });
    expect(bad.status).toBe(400);
    expect((await api(a.url, `/api/action-items/${meeting.id}/no-such-item`, { method: 'PATCH', cookie: sara.cookie, json: { status: 'done' } })).status).toBe(
      404,
    );
    const patched = await api(a.url, `/api/action-items/${meeting.id}/ai-torino`, { method: 'PATCH', cookie: sara.cookie, json: { status: 'in-progress' } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { item: ActionItem }).item).toMatchObject({ status: 'in-progress', overdue: true });
    await eventually(() => expect(actionItemEl(saraDoc, section, 'ai-torino')?.getAttribute('status')).toBe('in-progress'));
    // The description typed in the minutes is untouched.
    expect(actionItemEl(saraDoc, section, 'ai-torino')!.toString()).toContain('Send the list of initiatives');

    // ...and back: changed in the minutes, the tracker shows it.
    actionItemEl(saraDoc, section, 'ai-torino')!.setAttribute('status', 'done');
    await eventually(async () => expect((await tracker(a.url, admin, `?city=${torino}`))[0]).toMatchObject({ status: 'done', overdue: false }));

    // The chair runs and closes the meeting, then approves the minutes.
    const chair: Socket<ServerToClientEvents, ClientToServerEvents> = connect(a.url, {
      path: LIVE_PATH,
      transports: ['websocket'],
      extraHeaders: { cookie: admin },
    });
    sockets.push(chair);
    const emit = (event: 'meeting:join' | 'meeting:control', input: object) =>
      new Promise<Ack<RoomState>>((resolve) => (chair.emit as (e: string, i: object, ack: (a: Ack<RoomState>) => void) => void)(event, input, resolve));
    expect((await emit('meeting:join', { meetingId: meeting.id })).ok).toBe(true);
    expect(await emit('meeting:control', { meetingId: meeting.id, command: 'approve' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await emit('meeting:control', { meetingId: meeting.id, command: 'start' })).ok).toBe(true);
    expect((await emit('meeting:control', { meetingId: meeting.id, command: 'end' })).ok).toBe(true);
    // Draft: attendees still amend.
    saraDoc.doc.getXmlFragment(section).insert(0, [new Y.XmlText('Amended after the meeting. ')]);
    const approved = await emit('meeting:control', { meetingId: meeting.id, command: 'approve' });
    expect(approved).toMatchObject({ ok: true, data: { minutesStatus: 'approved' } });

    // Locked: the document server refuses edits from everyone, on both instances: Sara's connection
    // opened before the approval (made read-only at the next access check) and a coordinator's new one.
    const permissions = await api(b.url, `/api/documents/${encodeURIComponent(`minutes:${meeting.id}`)}`, { cookie: admin });
    expect(((await permissions.json()) as { permissions: { edit: boolean; read: boolean } }).permissions).toMatchObject({ read: true, edit: false });
    const watcher = await connectDoc(a, `minutes:${meeting.id}`);
    await eventually(() => expect(watcher.doc.getXmlFragment(section).toString()).toContain('Amended after the meeting.'));
    const coordinatorSocket = openRawDoc(a.wsUrl, `minutes:${meeting.id}`, { cookie: admin });
    await coordinatorSocket.sync();
    /** Marks of edits that did not land: none may ever reach the minutes later. */
    const refused: string[] = [];
    /**
     * True when an edit sent on `socket` reached the minutes. The server's own writes are refused
     * too (the tracker cannot change an item of approved minutes), so the check is the edit sent,
     * answered in order (sync), and a moment for it to be stored and relayed.
     */
    const editLands = async (socket: RawDocSocket, server: { url: string }) => {
      const mark = `[late edit ${Math.random()}]`;
      socket.insert(mark);
      await socket.sync();
      const tracked = await api(server.url, `/api/action-items/${meeting.id}/ai-arezzo`, { method: 'PATCH', cookie: admin, json: { status: 'done' } });
      expect(tracked.status).toBe(409);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const landed = watcher.doc.getText('text').toString().includes(mark);
      if (!landed) refused.push(mark);
      return landed;
    };
    expect(await editLands(coordinatorSocket, a)).toBe(false);
    await eventually(async () => expect(await editLands(saraSocket, b)).toBe(false), { timeout: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const mark of refused) expect(watcher.doc.getText('text').toString()).not.toContain(mark);
    // What was approved stays.
    expect(watcher.doc.getXmlFragment(section).toString()).toContain('Amended after the meeting.');

    // The tracker cannot follow the item up in the approved minutes either: the lock holds for the
    // server's own writes (tests/access/server-writes.test.ts), and says so.
    const after = await api(b.url, `/api/action-items/${meeting.id}/ai-arezzo`, { method: 'PATCH', cookie: sara.cookie, json: { status: 'in-progress' } });
    expect(after.status).toBe(409);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('document_locked');
    expect(actionItemEl(watcher, section, 'ai-arezzo')?.getAttribute('status')).not.toBe('in-progress');

    // The approved version is kept.
    const versions = await api(a.url, `/api/documents/${encodeURIComponent(`minutes:${meeting.id}`)}/versions`, { cookie: admin });
    expect(JSON.stringify(await versions.json())).toContain('"reason":"minutes-approved"');
  });
});
