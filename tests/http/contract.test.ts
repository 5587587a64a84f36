import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/src/config.ts';
import { createLogger } from '../../server/src/logger.ts';
import { createStore, type Store } from '../../server/src/store/index.ts';
import { ensureActionPlan } from '../../server/src/seed/action-plan.ts';
import { createServer, type DialogoServer } from '../../server/src/app.ts';
import { createHttpApp } from '../../server/src/http/index.ts';
import { DEMO_PASSWORD, seedNetwork } from '../../server/src/seed/network.ts';

/**
 * The HTTP contract through `app.request()` (no socket): the Hono app of a real server (services,
 * registry and embedded store as in production), asked directly. Validation answers the one 400
 * shape the client shows field by field; answers carry what the reader may do.
 */
/** What @hono/node-server gives each request, read for the sign-in throttle's client address. */
const NODE_BINDINGS = { incoming: { socket: { remoteAddress: '127.0.0.1', remotePort: 50000, remoteFamily: 'IPv4' } } };

describe('HTTP contract (app.request)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dialogo-contract-'));
  let server: DialogoServer;
  let app: ReturnType<typeof createHttpApp>;
  let store: Store;
  const cookies: Record<'coordinator' | 'delegate', string> = { coordinator: '', delegate: '' };

  const request = (
    url: string,
    { method = 'GET', cookie, json, body, type }: { method?: string; cookie?: string; json?: unknown; body?: string; type?: string } = {},
  ) =>
    app.request(
      url,
      {
        method,
        headers: { ...(cookie ? { cookie } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : type ? { 'content-type': type } : {}) },
        body: json !== undefined ? JSON.stringify(json) : body,
      },
      NODE_BINDINGS,
    );

  const signIn = async (email: string) => {
    const res = await request('/api/auth/login', { method: 'POST', json: { email, password: DEMO_PASSWORD } });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  };

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, REDIS_URL: '', LOG_LEVEL: 'silent', DEMO: 'false' });
    const logger = createLogger('silent');
    store = await createStore(config, logger);
    server = await createServer({ config, store, logger });
    await seedNetwork(server.services);
    app = createHttpApp({ store, services: server.services, config, logger, clientDist: path.join(dataDir, 'no-client'), liveDocs: server.liveDocs });
    cookies.coordinator = await signIn('coordinatore@cittadeldialogo.example');
    cookies.delegate = await signIn('torino@cittadeldialogo.example');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const meeting = { title: 'Coordination meeting', startsAt: '2030-06-18T08:00:00.000Z', endsAt: '2030-06-18T10:00:00.000Z' };

  it('answers a bad body with 400 and one message key per field, the shape the client shows', async () => {
    const res = await request('/api/meetings', {
      method: 'POST',
      cookie: cookies.coordinator,
      json: { ...meeting, title: '  ', endsAt: 'tomorrow', visibility: 'secret' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 'validation_failed',
        message: 'The request has invalid fields.',
        fields: { title: 'required', endsAt: 'datetime', visibility: expect.any(String) },
      },
    });
    // Nested paths are joined with dots, as the forms name their fields.
    const nested = await request('/api/meetings', { method: 'POST', cookie: cookies.coordinator, json: { ...meeting, participants: { cities: [7] } } });
    expect(((await nested.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty(['participants.cities.0']);
  });

  it('answers a body that is not JSON with the API error shape, not a crash', async () => {
    const res = await request('/api/documents', { method: 'POST', cookie: cookies.coordinator, body: '{', type: 'application/json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('reads a same-origin form like the JSON it stands for', async () => {
    const invalid = await request('/api/documents', { method: 'POST', cookie: cookies.coordinator, body: 'title=', type: 'application/x-www-form-urlencoded' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'validation_failed', fields: { title: 'required' } } });
    const created = await request('/api/documents', {
      method: 'POST',
      cookie: cookies.coordinator,
      body: 'title=Verbale',
      type: 'application/x-www-form-urlencoded',
    });
    expect(created.status).toBe(201);
  });

  it('lets a coordinator schedule a meeting and refuses a delegate, and says so in the list', async () => {
    const refused = await request('/api/meetings', { method: 'POST', cookie: cookies.delegate, json: meeting });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    const created = await request('/api/meetings', { method: 'POST', cookie: cookies.coordinator, json: meeting });
    expect(created.status).toBe(201);

    const asCoordinator = (await (await request('/api/meetings', { cookie: cookies.coordinator })).json()) as { can: { create: boolean } };
    const asDelegate = (await (await request('/api/meetings', { cookie: cookies.delegate })).json()) as { can: { create: boolean } };
    expect(asCoordinator.can).toEqual({ create: true });
    expect(asDelegate.can).toEqual({ create: false });
  });

  it('tells a coordinator, not a delegate, that they may start a poll, and refuses the delegate one', async () => {
    const list = async (cookie: string) => ((await (await request('/api/polls', { cookie })).json()) as { can: { create: boolean } }).can;
    expect(await list(cookies.coordinator)).toEqual({ create: true });
    expect(await list(cookies.delegate)).toEqual({ create: false });
    const poll = { question: 'Reprogramme the Anti-rumours event?', kind: 'proposal' };
    expect((await request('/api/polls', { method: 'POST', cookie: cookies.delegate, json: poll })).status).toBe(403);
  });

  it('answers a document with what its reader may do', async () => {
    const created = await request('/api/documents', { method: 'POST', cookie: cookies.coordinator, json: { title: 'Note of the coordinators', kind: 'note' } });
    const { document } = (await created.json()) as { document: { name: string } };
    const asCoordinator = await request(`/api/documents/${encodeURIComponent(document.name)}`, { cookie: cookies.coordinator });
    expect(await asCoordinator.json()).toMatchObject({ permissions: { read: true, edit: true, manage: true } });
    const asDelegate = await request(`/api/documents/${encodeURIComponent(document.name)}`, { cookie: cookies.delegate });
    expect(await asDelegate.json()).toMatchObject({ permissions: { read: true, manage: false } });
  });

  it('says who may schedule the rows of the action plan (its manage), and the route agrees', async () => {
    await ensureActionPlan(store, server.services.catalog, { demo: false });
    const plan = encodeURIComponent('action-plan:network');
    const manage = async (cookie: string) =>
      ((await (await request(`/api/documents/${plan}`, { cookie })).json()) as { permissions: { manage: boolean } }).permissions.manage;
    expect(await manage(cookies.coordinator)).toBe(true);
    expect(await manage(cookies.delegate)).toBe(false);
    expect((await request('/api/action-plan/rows/no-such-row/meeting', { method: 'POST', cookie: cookies.delegate })).status).toBe(403);
  });

  it('tells who may start a proposal and change its funders and templates', async () => {
    const expert = await signIn('esperto@cittadeldialogo.example');
    const can = async (cookie: string) => ({
      create: ((await (await request('/api/proposals', { cookie })).json()) as { can: { create: boolean } }).can.create,
      manage: ((await (await request('/api/proposals/catalog', { cookie })).json()) as { can: { manage: boolean } }).can.manage,
    });
    expect(await can(cookies.coordinator)).toEqual({ create: true, manage: true });
    // A delegate starts proposals led by their city; an expert belongs to none.
    expect(await can(cookies.delegate)).toEqual({ create: true, manage: false });
    expect(await can(expert)).toEqual({ create: false, manage: false });
  });

  it('refuses anyone signed out, whatever the body', async () => {
    const res = await request('/api/documents', { method: 'POST', json: { title: 'x' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
