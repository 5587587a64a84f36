import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer, stopAllServers } from '../helpers/server.ts';
import { api } from '../helpers/session.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('HTTP API', () => {
  afterAll(stopAllServers);

  it('reports health with the store in use', async () => {
    const server = await startServer();
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'embedded' });
  });

  it('creates and lists documents, with field-level errors for a bad form', async () => {
    const server = await startServer();
    const cookie = await server.adminCookie();
    const bad = await api(server.url, '/api/documents', { method: 'POST', cookie, json: { title: '   ' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', fields: { title: 'required' } } });

    const notJson = await fetch(`${server.url}/api/documents`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{' });
    expect(notJson.status).toBe(400);

    const created = await api(server.url, '/api/documents', { method: 'POST', cookie, json: { title: 'Verbale — riunione di coordinamento' } });
    expect(created.status).toBe(201);
    const { document } = (await created.json()) as { document: { name: string; title: string } };
    expect(document.name).toMatch(/^minutes:verbale-riunione-di-coordinamento-[0-9a-f]{6}$/);
    const list = (await (await api(server.url, '/api/documents', { cookie })).json()) as { documents: { name: string }[] };
    expect(list.documents.map((d) => d.name)).toContain(document.name);
    expect((await api(server.url, `/api/documents/${encodeURIComponent(document.name)}`, { cookie })).status).toBe(200);
    expect((await api(server.url, '/api/documents/minutes%3Amissing', { cookie })).status).toBe(404);
    expect((await api(server.url, '/api/nothing-here', { cookie })).status).toBe(404);
  });

  it('seeds the demo minutes of 18 June once, however often it starts', async () => {
    const first = await startServer({ env: { DEMO: 'true' } });
    await first.stop();
    const second = await startServer({ dataDir: first.dataDir, env: { DEMO: 'true' } });
    const { documents } = (await (await api(second.url, '/api/documents', { cookie: await second.adminCookie() })).json()) as {
      documents: { name: string; title: string }[];
    };
    const minutes = documents.filter((d) => d.name.startsWith('minutes:'));
    expect(minutes).toEqual([expect.objectContaining({ name: 'minutes:2020-06-18-coordination', title: 'Coordination meeting — 18 June 2020' })]);
    expect(documents.filter((d) => d.name === 'action-plan:network')).toHaveLength(1);
  });

  it('refuses to start on bad configuration, naming every bad variable', () => {
    const result = spawnSync(`${ROOT}/server/node_modules/.bin/tsx`, ['server/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'abc', REDIS_URL: 'http://nope', LOG_LEVEL: 'loud' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT: must be a number');
    expect(result.stderr).toContain('REDIS_URL: must start with redis:// or rediss://');
    expect(result.stderr).toContain('LOG_LEVEL');
  });
});
