import { afterAll, describe, expect, it } from 'vitest';
import { closeAllLiveClients, liveClient } from '../helpers/live-client.ts';
import { removeDataDir, startServer, stopAllServers } from '../helpers/server.ts';
import { createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { openPoll, pollView, voteLive, watchPoll } from './poll-helpers.ts';

/**
 * Issue 22: a ballot cast live is acknowledged with the voter's own ballot only, not the whole
 * poll (which grew with every voter and was recounted for each ballot); the counts reach every
 * watcher, the voter included, in the poll's update, and the stored poll agrees.
 */

const dirs: string[] = [];
afterAll(async () => {
  closeAllLiveClients();
  await stopAllServers();
  for (const dir of dirs) removeDataDir(dir);
});

describe('the acknowledgement of a live ballot', () => {
  it('carries the ballot as stored, and the counts follow in the update every watcher receives', async () => {
    const server = await startServer();
    dirs.push(server.dataDir);
    const admin = await server.adminCookie();
    const reggio = await createCity(server.url, admin, 'Reggio Emilia');
    const torino = await createCity(server.url, admin, 'Torino');
    const marco = await createMember(server.url, admin, { role: 'delegate', cityId: reggio, name: 'Marco Ferri', email: 'marco@example.org' });
    const sara = await createMember(server.url, admin, { role: 'delegate', cityId: torino, name: 'Sara Lombardi', email: 'sara@example.org' });
    const id = await openPoll(server.url, admin, {
      question: 'Priorità del prossimo semestre?',
      kind: 'proposal',
      settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' },
    });

    const marcoSocket = await liveClient(server.url, { cookie: marco.cookie });
    const watched = await watchPoll(marcoSocket, id);
    const saraSocket = await liveClient(server.url, { cookie: sara.cookie });
    const saraWatch = await watchPoll(saraSocket, id);

    const ack = await voteLive(marcoSocket, id, { choice: { kind: 'proposal', answer: 'agree' }, reason: 'Possiamo ospitarlo.' });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    expect(ack.data).toEqual({
      pollId: id,
      mine: expect.objectContaining({
        voter: { kind: 'city', id: reggio, name: 'Reggio Emilia' },
        choice: { kind: 'proposal', answer: 'agree' },
        reason: 'Possiamo ospitarlo.',
        castBy: { id: marco.person.id, name: 'Marco Ferri' },
        casts: 1,
        byYou: true,
      }),
    });
    // Only the voter's ballot: no counts, no other city's ballot.
    expect(Object.keys(ack.data).sort()).toEqual(['mine', 'pollId']);

    const second = await voteLive(saraSocket, id, { choice: { kind: 'proposal', answer: 'disagree' } });
    expect(second.ok).toBe(true);
    for (const { updates } of [watched, saraWatch]) {
      await eventually(() => expect(updates.at(-1)).toMatchObject({ pollId: id, turnout: { voted: 2 }, results: { counts: { agree: 1, disagree: 1 } } }));
    }
    const view = await pollView(server.url, marco.cookie, id);
    expect(view.turnout.voted).toBe(2);
    expect(view.mine).toMatchObject({ voter: { id: reggio }, choice: { kind: 'proposal', answer: 'agree' }, byYou: true });
  });
});
