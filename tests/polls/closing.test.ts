import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode, type PollView } from '@dialogo/shared';
import { bodyText, connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { closeAllLiveClients, liveClient } from '../helpers/live-client.ts';
import { removeDataDir, startServer, stopAllServers } from '../helpers/server.ts';
import { api, createCity, createMember, signIn } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { openPoll, pollView, voteLive, watchPoll } from './poll-helpers.ts';

/**
 * A poll closes at its closing time exactly, even when its server is down at that moment: the
 * closing time is stored with the poll, every vote is checked against it, and a restarted server
 * closes overdue polls at once. The results block then appears in the linked minutes.
 */

const dirs: string[] = [];
afterAll(async () => {
  destroyAllDocClients();
  closeAllLiveClients();
  await stopAllServers();
  for (const dir of dirs) removeDataDir(dir);
});

describe('closing time', () => {
  it('closes on time across a crash and restart, refuses later votes, and writes the results into the minutes', async () => {
    let server = await startServer();
    dirs.push(server.dataDir);
    const admin = await server.adminCookie();
    const cityId = await createCity(server.url, admin, 'Reggio Emilia');
    const delegate = await createMember(server.url, admin, { role: 'delegate', cityId, name: 'Marco Ferri', email: 'marco@example.org' });
    const minutes = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: 'Coordination meeting', kind: 'minutes' } });
    const minutesName = ((await minutes.json()) as { document: { name: string } }).document.name;

    const closesAt = new Date(Date.now() + 2000).toISOString();
    const id = await openPoll(server.url, admin, {
      question: 'Reprogramme the Anti-rumours event?',
      kind: 'proposal',
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
      closesAt,
      minutes: minutesName,
    });
    const socket = await liveClient(server.url, { cookie: delegate.cookie });
    const ack = await voteLive(socket, id, { choice: { kind: 'proposal', answer: 'agree' }, reason: 'Feasible in autumn, online if needed.' });
    expect(ack.ok).toBe(true);
    closeAllLiveClients();

    // A crash: nothing flushed, no timer survives. The server comes back on the same data.
    await server.kill();
    server = await startServer({ dataDir: server.dataDir });
    const adminAgain = await server.adminCookie();

    // Closed by the restarted server, at the closing time exactly (not when it noticed).
    const closed = await eventually(async () => {
      const view = await pollView(server.url, adminAgain, id);
      expect(view.poll.status).toBe('closed');
      return view;
    });
    expect(closed.status).toBe('closed');
    expect(closed.poll.closedAt).toBe(closesAt);
    expect(closed.results).toMatchObject({ kind: 'proposal', counts: { agree: 1 }, outcome: 'agreed' });

    // A vote after the closing time is refused with a clear error, over HTTP and over socket.io.
    const cookie = await signIn(server.url, 'marco@example.org', delegate.password);
    const late = await api(server.url, `/api/polls/${id}/vote`, { method: 'POST', cookie, json: { choice: { kind: 'proposal', answer: 'disagree' } } });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: ErrorCode.pollClosed,
      message: 'This poll is closed: votes are no longer accepted.',
    });
    const lateLive = await voteLive(await liveClient(server.url, { cookie }), id, { choice: { kind: 'proposal', answer: 'disagree' } });
    expect(lateLive).toMatchObject({ ok: false, error: { code: ErrorCode.pollClosed } });
    expect((await pollView(server.url, adminAgain, id)).results).toMatchObject({ counts: { agree: 1, disagree: 0 } });

    // The results block is in the minutes, as everyone editing them sees it.
    const doc = await connectDoc({ wsUrl: server.wsUrl, adminCookie: () => Promise.resolve(adminAgain) }, minutesName);
    await eventually(() => {
      const text = bodyText(doc.doc);
      expect(text).toContain('Poll results: Reprogramme the Anti-rumours event?');
      expect(text).toContain('1 of 1 cities voted');
      expect(text).toContain('Agree: 1');
    });
  }, 60_000);

  it('closes a poll on time while viewers watch, and a coordinator can reopen it and close it again early', async () => {
    const server = await startServer();
    dirs.push(server.dataDir);
    const admin = await server.adminCookie();
    const closesAt = new Date(Date.now() + 1500).toISOString();
    const id = await openPoll(server.url, admin, {
      question: 'Which date for the online exchange meeting?',
      kind: 'meeting-time',
      options: ['2020-09-15 10:00', '2020-09-22 10:00'],
      settings: { ballot: 'person', anonymous: false, results: 'live', reasons: 'off' },
      closesAt,
    });
    const watcher = await watchPoll(await liveClient(server.url, { cookie: admin }), id);
    await eventually(() => expect(watcher.updates.some((u) => u.status === 'closed')).toBe(true));
    expect((await pollView(server.url, admin, id)).poll.closedAt).toBe(closesAt);

    const reopened = (await (await api(server.url, `/api/polls/${id}/open`, { method: 'POST', cookie: admin })).json()) as PollView;
    expect(reopened.status).toBe('open');
    expect(reopened.poll.closesAt).toBeUndefined();
    const closedEarly = (await (await api(server.url, `/api/polls/${id}/close`, { method: 'POST', cookie: admin })).json()) as PollView;
    expect(closedEarly.status).toBe('closed');
    await eventually(() => expect(watcher.updates.at(-1)?.status).toBe('closed'));
  });
});
