import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer, stopAllServers } from '../helpers/server.ts';

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
    const bad = await fetch(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: '   ' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', fields: { title: 'required' } } });

    const notJson = await fetch(`${server.url}/api/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);

    const created = await fetch(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Verbale — riunione di coordinamento' }),
    });
    expect(created.status).toBe(201);
    const { document } = (await created.json()) as { document: { name: string; title: string } };
    expect(document.name).toMatch(/^minutes:verbale-riunione-di-coordinamento-[0-9a-f]{6}$/);
    const list = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { name: string }[] };
    expect(list.documents.map((d) => d.name)).toContain(document.name);
    expect((await fetch(`${server.url}/api/documents/${encodeURIComponent(document.name)}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/documents/minutes%3Amissing`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/nothing-here`)).status).toBe(404);
  });

  it('seeds the demo minutes of 18 June once, however often it starts', async () => {
    const first = await startServer({ env: { DEMO: 'true' } });
    await first.stop();
    const second = await startServer({ dataDir: first.dataDir, env: { DEMO: 'true' } });
    const { documents } = (await (await fetch(`${second.url}/api/documents`)).json()) as { documents: { name: string; title: string }[] };
    expect(documents).toEqual([expect.objectContaining({ name: 'minutes:2020-06-18-coordination', title: 'Coordination meeting — 18 June 2020' })]);
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
