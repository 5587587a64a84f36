import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, CloseReason, type MeetingView, type Proposal } from '@dialogo/shared';
import { closeAllLiveClients, joinRoom, liveClient } from '../helpers/live-client.ts';
import { openRawDoc } from '../helpers/raw-doc.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';

/**
 * A person who may not read a thing gets exactly the answer of a thing that does not exist: the
 * same status and body on HTTP, the same close code and reason on the document WebSocket, the same
 * refusal of a socket.io room. Otherwise the answers tell outsiders which restricted meetings,
 * documents and proposals are there. 403 stays for "you may read this, but not do that".
 * Meeting ids are random, so that they cannot be guessed from a date and a title either.
 */

let server: TestServer;
let admin: string;
/** A delegate of a city that takes part in nothing below. */
let outsider: string;
/** A delegate of the city that takes part. */
let insider: string;
let meeting: MeetingView;
let proposal: Proposal;
let documentName: string;

/** Status and body of a GET, as the outsider gets them. */
async function answer(path: string, cookie = outsider): Promise<{ status: number; body: string }> {
  const res = await api(server.url, path, { cookie });
  return { status: res.status, body: await res.text() };
}

beforeAll(async () => {
  server = await startServer();
  admin = await server.adminCookie();
  const [mine, theirs] = await Promise.all([createCity(server.url, admin, 'Torino'), createCity(server.url, admin, 'Olbia')]);
  insider = (await createMember(server.url, admin, { role: 'delegate', cityId: mine, name: 'Sara Lombardi', email: 'sara@oracle.test' })).cookie;
  outsider = (await createMember(server.url, admin, { role: 'delegate', cityId: theirs, name: 'Outsider', email: 'outsider@oracle.test' })).cookie;

  const created = await api(server.url, '/api/meetings', {
    method: 'POST',
    cookie: admin,
    json: {
      title: 'Coordination meeting',
      startsAt: '2020-06-18T08:00:00Z',
      endsAt: '2020-06-18T10:00:00Z',
      participants: { cities: [mine], people: [] },
      visibility: 'participants',
    },
  });
  expect(created.status).toBe(201);
  meeting = ((await created.json()) as { meeting: MeetingView }).meeting;

  const doc = await api(server.url, '/api/documents', {
    method: 'POST',
    cookie: admin,
    json: { title: 'Working notes of Torino', kind: 'note', scope: { cities: [mine], visibility: 'participants' } },
  });
  expect(doc.status).toBe(201);
  documentName = ((await doc.json()) as { document: { name: string } }).document.name;

  const made = await api(server.url, '/api/proposals', {
    method: 'POST',
    cookie: admin,
    json: { title: 'Proposta di Torino', funderId: 'ministero-interno', templateId: 'ministry', deadline: '2026-12-01', leadCityId: mine },
  });
  expect(made.status).toBe(201);
  proposal = ((await made.json()) as { proposal: Proposal }).proposal;
});

afterAll(async () => {
  closeAllLiveClients();
  await stopAllServers();
  removeDataDir(server.dataDir);
});

describe('the same answer for missing and forbidden', () => {
  it('answers a restricted meeting as a missing one, on every route of it', async () => {
    expect((await answer(`/api/meetings/${meeting.id}`, insider)).status).toBe(200);
    const missing = await answer('/api/meetings/2020-06-18-coordination-meeting-0000');
    expect(missing.status).toBe(404);
    for (const path of ['', '/ics']) {
      expect(await answer(`/api/meetings/${meeting.id}${path}`), path).toEqual(await answer(`/api/meetings/2020-06-18-coordination-meeting-0000${path}`));
    }
    const patch = await api(server.url, `/api/action-items/${meeting.id}/ai-1`, { method: 'PATCH', cookie: outsider, json: { status: 'done' } });
    expect({ status: patch.status, body: await patch.text() }).toEqual(missing);
    // May read it, may not change it: that is still said with a 403.
    const change = await api(server.url, `/api/meetings/${meeting.id}`, { method: 'PATCH', cookie: insider, json: { title: 'Mine' } });
    expect(change.status).toBe(403);
  });

  it('answers an unreadable document as a missing one, on HTTP and on the document WebSocket', async () => {
    const missingName = 'note:no-such-note-000000';
    for (const name of [documentName, `minutes:${meeting.id}`]) {
      const encoded = encodeURIComponent(name);
      expect((await answer(`/api/documents/${encoded}`, insider)).status).toBe(200);
      for (const path of ['', '/versions', '/export.md', '/comments', '/publication']) {
        const got = await answer(`/api/documents/${encoded}${path}`);
        expect(got.status, `${name}${path}`).toBe(404);
        expect(got, `${name}${path}`).toEqual(await answer(`/api/documents/${encodeURIComponent(missingName)}${path}`));
      }
      const refused = await openRawDoc(server.wsUrl, name, { cookie: outsider }).first;
      const unknown = await openRawDoc(server.wsUrl, missingName, { cookie: outsider }).first;
      expect(refused).toEqual({ opened: false, code: CloseCode.notFound, reason: CloseReason.notFound, receivedBefore: 0 });
      expect(refused).toEqual(unknown);
    }
  });

  it('answers a room of an unreadable document as an unknown room on socket.io', async () => {
    const socket = await liveClient(server.url, { cookie: outsider });
    const refused = await joinRoom(socket, `doc:${documentName}`);
    expect(refused).toEqual(await joinRoom(socket, 'doc:note:no-such-note-000000'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('answers a partners-only proposal as a missing one', async () => {
    expect((await answer(`/api/proposals/${proposal.id}`, insider)).status).toBe(200);
    for (const path of ['', '/budget', '/export.md', '/export.docx', '/print']) {
      const got = await answer(`/api/proposals/${proposal.id}${path}`);
      expect(got.status, path).toBe(404);
      expect(got, path).toEqual(await answer(`/api/proposals/no-such-proposal${path}`));
    }
    // Changing its status: still the answer of a proposal that does not exist.
    const status = await api(server.url, `/api/proposals/${proposal.id}/status`, { method: 'POST', cookie: outsider, json: { status: 'in-review' } });
    expect(status.status).toBe(404);
  });

  it('answers a draft poll as a missing one to those who may not see drafts', async () => {
    const created = await api(server.url, '/api/polls', {
      method: 'POST',
      cookie: admin,
      json: {
        question: 'Which date?',
        kind: 'single',
        options: ['June', 'July'],
        settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'off' },
      },
    });
    const { poll } = (await created.json()) as { poll: { id: string } };
    expect(await answer(`/api/polls/${poll.id}`)).toEqual(await answer('/api/polls/no-such-poll'));
    expect((await answer(`/api/polls/${poll.id}`)).status).toBe(404);
  });

  it('makes meeting ids that carry no date or title and cannot be enumerated', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await api(server.url, '/api/meetings', {
        method: 'POST',
        cookie: admin,
        json: { title: 'Coordination meeting', startsAt: '2020-06-18T08:00:00Z', endsAt: '2020-06-18T10:00:00Z' },
      });
      const { id } = ((await res.json()) as { meeting: MeetingView }).meeting;
      expect(id).not.toContain('2020');
      expect(id).not.toContain('coordination');
      // At least 122 random bits, like every other record's id.
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(3);
  });
});
