import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { ActionItemView, CityView, CommentThreadView, DocumentView, InviteView, MeetingView, NotificationView, PersonView } from '@dialogo/shared';
import { loadConfig } from '../../server/src/config.ts';
import { createLogger } from '../../server/src/logger.ts';
import { createStore } from '../../server/src/store/index.ts';
import { createServer, type DialogoServer } from '../../server/src/app.ts';
import { createHttpApp } from '../../server/src/http/index.ts';
import { toActor } from '../../server/src/network/people.ts';
import { DEMO_PASSWORD, seedNetwork } from '../../server/src/seed/network.ts';

/**
 * Every answer carries what its reader may do (`can`), computed by the policy through the area's
 * presenter: people, cities, invitations, documents, comment threads, notifications, action items
 * and meeting registrations, each asked by readers the policy answers differently. The routes
 * agree with the answers: what `can` refuses, the route refuses.
 */
const NODE_BINDINGS = { incoming: { socket: { remoteAddress: '127.0.0.1', remotePort: 50000, remoteFamily: 'IPv4' } } };

describe('answers carry the reader’s permissions (can)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dialogo-presenters-'));
  let server: DialogoServer;
  let app: ReturnType<typeof createHttpApp>;
  /** Chiara (coordinator), Paolo (delegate of Arezzo), Sara (delegate of Torino). */
  const cookies = { coordinator: '', arezzo: '', torino: '' };
  let arezzoId = '';

  const request = async <T>(url: string, { method = 'GET', cookie, json }: { method?: string; cookie?: string; json?: unknown } = {}) => {
    const res = await app.request(
      url,
      {
        method,
        headers: { ...(cookie ? { cookie } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      },
      NODE_BINDINGS,
    );
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
  };

  const signIn = async (email: string) => {
    const res = await app.request(
      '/api/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) },
      NODE_BINDINGS,
    );
    expect(res.status).toBe(200);
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  };

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, REDIS_URL: '', LOG_LEVEL: 'silent', DEMO: 'false' });
    const logger = createLogger('silent');
    const store = await createStore(config, logger);
    server = await createServer({ config, store, logger });
    await seedNetwork(server.services);
    app = createHttpApp({ store, services: server.services, config, logger, clientDist: path.join(dataDir, 'no-client'), liveDocs: server.liveDocs });
    cookies.coordinator = await signIn('coordinatore@cittadeldialogo.example');
    cookies.arezzo = await signIn('arezzo@cittadeldialogo.example');
    cookies.torino = await signIn('torino@cittadeldialogo.example');
    arezzoId = (await server.services.cities.list()).find((c) => c.name === 'Arezzo')!.id;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('people: a coordinator manages everyone but themselves, and the route refuses them their own role', async () => {
    const { body } = await request<{ people: PersonView[] }>('/api/people', { cookie: cookies.coordinator });
    const me = body.people.find((p) => p.email === 'coordinatore@cittadeldialogo.example')!;
    const sara = body.people.find((p) => p.email === 'torino@cittadeldialogo.example')!;
    expect(me.can).toEqual({ manage: false, resetPassword: true });
    expect(sara.can).toEqual({ manage: true, resetPassword: true });
    // The answer is the rule: a coordinator demoting or archiving themselves is refused.
    expect((await request(`/api/people/${me.id}`, { method: 'PATCH', cookie: cookies.coordinator, json: { role: 'expert' } })).status).toBe(403);
    expect((await request(`/api/people/${me.id}`, { method: 'PATCH', cookie: cookies.coordinator, json: { archived: true } })).status).toBe(403);
    const changed = await request<{ person: PersonView }>(`/api/people/${sara.id}`, {
      method: 'PATCH',
      cookie: cookies.coordinator,
      json: { cityId: sara.cityId },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.person.can).toEqual({ manage: true, resetPassword: true });
    // A delegate reads nobody's account here.
    expect((await request('/api/people', { cookie: cookies.torino })).status).toBe(403);
  });

  it('cities: a coordinator may add and change them, a delegate only reads them', async () => {
    const asCoordinator = await request<{ cities: CityView[]; can: { create: boolean } }>('/api/cities', { cookie: cookies.coordinator });
    expect(asCoordinator.body.can).toEqual({ create: true });
    expect(asCoordinator.body.cities.every((c) => c.can.manage)).toBe(true);
    const asDelegate = await request<{ cities: CityView[]; can: { create: boolean } }>('/api/cities', { cookie: cookies.torino });
    expect(asDelegate.body.can).toEqual({ create: false });
    expect(asDelegate.body.cities.length).toBeGreaterThan(0);
    expect(asDelegate.body.cities.some((c) => c.can.manage)).toBe(false);
    expect((await request(`/api/cities/${arezzoId}`, { method: 'PATCH', cookie: cookies.torino, json: { region: 'Toscana' } })).status).toBe(403);
    const created = await request<{ city: CityView }>('/api/cities', { method: 'POST', cookie: cookies.coordinator, json: { name: 'Bergamo' } });
    expect(created.body.city.can).toEqual({ manage: true });
    const changed = await request<{ city: CityView }>(`/api/cities/${created.body.city.id}`, {
      method: 'PATCH',
      cookie: cookies.coordinator,
      json: { region: 'Lombardia' },
    });
    expect(changed.body.city).toMatchObject({ region: 'Lombardia', can: { manage: true } });
  });

  it('invitations: a pending one may be revoked, a revoked one no more', async () => {
    const created = await request<{ invite: InviteView }>('/api/invites', { method: 'POST', cookie: cookies.coordinator, json: { role: 'expert' } });
    expect(created.status).toBe(201);
    expect(created.body.invite.can).toEqual({ revoke: true });
    await request(`/api/invites/${created.body.invite.id}`, { method: 'DELETE', cookie: cookies.coordinator });
    const { body } = await request<{ invites: InviteView[] }>('/api/invites', { cookie: cookies.coordinator });
    expect(body.invites.find((i) => i.id === created.body.invite.id)).toMatchObject({ status: 'revoked', can: { revoke: false } });
    expect((await request('/api/invites', { cookie: cookies.torino })).status).toBe(403);
  });

  it('documents: each catalog entry and a document’s meta say what its reader may do', async () => {
    const created = await request<{ document: DocumentView }>('/api/documents', {
      method: 'POST',
      cookie: cookies.coordinator,
      json: { title: 'Minutes of Arezzo', kind: 'minutes', scope: { cities: [arezzoId], visibility: 'network' } },
    });
    expect(created.status).toBe(201);
    const { name } = created.body.document;
    expect(created.body.document.can).toEqual({ read: true, edit: true, manage: true });
    const entry = async (cookie: string) => {
      const { body } = await request<{ documents: DocumentView[]; can: { create: boolean } }>('/api/documents', { cookie });
      return { can: body.can, entry: body.documents.find((d) => d.name === name)?.can };
    };
    expect(await entry(cookies.coordinator)).toEqual({ can: { create: true }, entry: { read: true, edit: true, manage: true } });
    // Arezzo takes part and writes; Torino, another city, reads a network-visible document only.
    expect(await entry(cookies.arezzo)).toEqual({ can: { create: true }, entry: { read: true, edit: true, manage: false } });
    expect(await entry(cookies.torino)).toEqual({ can: { create: true }, entry: { read: true, edit: false, manage: false } });
    const meta = await request<{ document: DocumentView; permissions: unknown }>(`/api/documents/${encodeURIComponent(name)}`, { cookie: cookies.torino });
    expect(meta.body.document.can).toEqual({ read: true, edit: false, manage: false });
    expect(meta.body.permissions).toEqual(meta.body.document.can);
  });

  it('comments: who may edit the document replies and resolves, who only reads it does neither; notifications say whether their document is still readable', async () => {
    const { body: created } = await request<{ document: DocumentView }>('/api/documents', {
      method: 'POST',
      cookie: cookies.coordinator,
      json: { title: 'Minutes of the Arezzo visit', kind: 'minutes', scope: { cities: [arezzoId], visibility: 'network' } },
    });
    const doc = encodeURIComponent(created.document.name);
    const sara = (await server.services.people.list()).find((p) => p.email === 'torino@cittadeldialogo.example')!;
    // Paolo (Arezzo) opens a thread and mentions Sara, who may read the document.
    const opened = await request<{ thread: CommentThreadView }>(`/api/documents/${doc}/comments`, {
      method: 'POST',
      cookie: cookies.arezzo,
      json: { anchor: { start: 'AAAA', end: 'AAAB' }, quote: 'the visit', body: 'Sara, can you check?', mentions: [sara.id] },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.thread.can).toEqual({ reply: true, resolve: true });
    const threads = async (cookie: string) =>
      (await request<{ threads: CommentThreadView[]; can: { open: boolean } }>(`/api/documents/${doc}/comments`, { cookie })).body;
    const asTorino = await threads(cookies.torino);
    expect(asTorino.can).toEqual({ open: false });
    expect(asTorino.threads.map((t) => t.can)).toEqual([{ reply: false, resolve: false }]);
    const asCoordinator = await threads(cookies.coordinator);
    expect(asCoordinator.can).toEqual({ open: true });
    expect(asCoordinator.threads.map((t) => t.can)).toEqual([{ reply: true, resolve: true }]);
    // The routes agree: Sara may not reply or resolve; the coordinator may.
    const thread = `/api/documents/${doc}/comments/${opened.body.thread.id}`;
    expect((await request(`${thread}/replies`, { method: 'POST', cookie: cookies.torino, json: { body: 'Done.' } })).status).toBe(403);
    expect((await request(thread, { method: 'PATCH', cookie: cookies.torino, json: { resolved: true } })).status).toBe(403);
    const replied = await request<{ thread: CommentThreadView }>(`${thread}/replies`, {
      method: 'POST',
      cookie: cookies.coordinator,
      json: { body: 'Checked.' },
    });
    expect(replied.body.thread.can).toEqual({ reply: true, resolve: true });
    const resolved = await request<{ thread: CommentThreadView }>(thread, { method: 'PATCH', cookie: cookies.arezzo, json: { resolved: true } });
    expect(resolved.body.thread).toMatchObject({ resolved: true, can: { reply: true, resolve: true } });

    // Sara's notification opens the document while she may read it, and no more once it is for its participants only.
    const mention = async () =>
      (await request<{ notifications: NotificationView[] }>('/api/notifications', { cookie: cookies.torino })).body.notifications.find(
        (n) => n.doc === created.document.name,
      );
    expect((await mention())?.can).toEqual({ open: true });
    await server.services.catalog.put({ ...created.document, scope: { cities: [arezzoId], visibility: 'participants' } });
    expect((await mention())?.can).toEqual({ open: false });
  });

  it('action items: whoever may write the minutes changes a status, another city only reads it, and nobody once approved', async () => {
    const { body } = await request<{ meeting: MeetingView }>('/api/meetings', {
      method: 'POST',
      cookie: cookies.coordinator,
      json: {
        title: 'Arezzo visit',
        startsAt: '2030-06-18T08:00:00.000Z',
        endsAt: '2030-06-18T10:00:00.000Z',
        participants: { cities: [arezzoId], people: [] },
      },
    });
    const coordinator = (await server.services.people.list()).find((p) => p.role === 'coordinator')!;
    await server.liveDocs.transact(
      `minutes:${body.meeting.id}`,
      toActor(coordinator),
      (doc) => {
        const el = new Y.XmlElement('actionItem');
        for (const [key, value] of Object.entries({ id: 'visit-report', owner: `city:${arezzoId}`, due: '2030-07-01', status: 'open' }))
          el.setAttribute(key, value);
        el.insert(0, [new Y.XmlText('Send the visit report')]);
        doc.getXmlFragment('body').insert(0, [el]);
      },
      'test action item',
    );
    const item = async (cookie: string) =>
      (await request<{ items: ActionItemView[] }>('/api/action-items', { cookie })).body.items.find((i) => i.id === 'visit-report')?.can;
    expect(await item(cookies.coordinator)).toEqual({ setStatus: true });
    expect(await item(cookies.arezzo)).toEqual({ setStatus: true });
    expect(await item(cookies.torino)).toEqual({ setStatus: false });
    const url = `/api/action-items/${body.meeting.id}/visit-report`;
    expect((await request(url, { method: 'PATCH', cookie: cookies.torino, json: { status: 'done' } })).status).toBe(403);
    const changed = await request<{ item: ActionItemView }>(url, { method: 'PATCH', cookie: cookies.arezzo, json: { status: 'in-progress' } });
    expect(changed.body.item).toMatchObject({ status: 'in-progress', can: { setStatus: true } });
    // Approved minutes are edited by nobody: the answer says so, as the document refuses it.
    await server.services.meetings.update(body.meeting.id, (m) => ({ ...m, status: 'closed', minutesStatus: 'approved' }));
    await server.services.meetings.listDocuments((await server.services.meetings.get(body.meeting.id))!);
    expect(await item(cookies.coordinator)).toEqual({ setStatus: false });
    expect((await request(url, { method: 'PATCH', cookie: cookies.coordinator, json: { status: 'done' } })).status).not.toBe(200);
  });

  it('meetings: registering is offered, and accepted, until the meeting is cancelled', async () => {
    const { body } = await request<{ meeting: MeetingView }>('/api/meetings', {
      method: 'POST',
      cookie: cookies.coordinator,
      json: { title: 'Network assembly', startsAt: '2030-09-18T08:00:00.000Z', endsAt: '2030-09-18T10:00:00.000Z' },
    });
    const url = `/api/meetings/${body.meeting.id}`;
    const register = async (cookie: string) => (await request<{ meeting: MeetingView }>(url, { cookie })).body.meeting.can;
    expect(await register(cookies.torino)).toEqual({ register: true });
    expect(await register(cookies.coordinator)).toEqual({ register: true });
    expect((await request(`${url}/registration`, { method: 'POST', cookie: cookies.torino })).status).toBe(200);
    expect((await request(`${url}/cancel`, { method: 'POST', cookie: cookies.coordinator })).status).toBe(200);
    expect(await register(cookies.torino)).toEqual({ register: false });
    expect((await request(`${url}/registration`, { method: 'POST', cookie: cookies.arezzo })).status).toBe(409);
  });
});
