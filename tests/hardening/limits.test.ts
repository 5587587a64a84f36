import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { CloseCode, CloseReason, MessageType } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients } from '../helpers/doc-client.ts';
import { openRawDoc, type RawDocSocket } from '../helpers/raw-doc.ts';
import { api, createMember } from '../helpers/session.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { eventually } from '../helpers/wait.ts';
import { metricValue, scrapeMetrics } from './metrics.ts';

/** Every limit of the config closes or refuses with a code and reason a client can show. */

const TOKEN = 'metrics-token-of-the-test';

function awarenessFrame(entries: { id: number; clock: number; state: unknown }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const { id, clock, state } of entries) {
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

describe('limits of the config', () => {
  let server: TestServer;
  const dataDirs: string[] = [];
  beforeAll(async () => {
    server = await startServer({
      env: {
        MAX_CONNECTIONS_PER_PERSON: '3',
        MAX_CONNECTIONS_PER_ADDRESS: '5',
        MAX_DOCUMENT_BYTES: '100000',
        MAX_MESSAGE_BYTES: '200000',
        AWARENESS_MAX_BYTES: '1024',
        METRICS_ENABLED: 'true',
        METRICS_TOKEN: TOKEN,
      },
    });
    dataDirs.push(server.dataDir);
  });
  afterAll(async () => {
    destroyAllDocClients();
    await stopAllServers();
    dataDirs.forEach(removeDataDir);
  });

  it('limits connections per person and per address; a forwarding header does not escape the address limit', async () => {
    const admin = await server.adminCookie();
    const member = await createMember(server.url, admin, { role: 'coordinator', name: 'Second', email: 'second@limits.test' });
    const name = 'minutes:connection-limits';
    const opened: RawDocSocket[] = [];
    const open = async (cookie: string, forwardedFor?: string) => {
      const s = openRawDoc(server.wsUrl, name, { cookie, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
      opened.push(s);
      return { s, first: await s.first };
    };
    const adminSockets: RawDocSocket[] = [];
    for (let i = 0; i < 3; i++) {
      const { s, first } = await open(admin);
      expect(first.opened).toBe(true);
      adminSockets.push(s);
    }
    // A fourth for the same person is refused with a reason.
    expect((await open(admin)).first).toMatchObject({ opened: false, code: CloseCode.tooMany, reason: CloseReason.tooManyConnections });
    // Another person from the same address: two more fit (5 per address), the third does not,
    // whatever X-Forwarded-For says (the proxy is not trusted by default).
    for (const ip of ['10.0.0.1', '10.0.0.2']) expect((await open(member.cookie, ip)).first.opened).toBe(true);
    expect((await open(member.cookie, '10.0.0.3')).first).toMatchObject({ opened: false, code: CloseCode.tooMany, reason: CloseReason.tooManyConnections });
    // Room again once a connection leaves.
    adminSockets[0]!.close();
    await eventually(async () => expect((await open(member.cookie)).first.opened).toBe(true));
    const metrics = await scrapeMetrics(server, TOKEN);
    expect(metricValue(metrics, 'dialogo_refused_total', { reason: 'too-many-connections' })).toBeGreaterThanOrEqual(2);
    opened.forEach((s) => s.close());
    await eventually(async () => expect(metricValue(await scrapeMetrics(server, TOKEN), 'dialogo_connections')).toBe(0));
  });

  it('refuses an update that would make the document too large, and a message beyond the largest (1009)', async () => {
    const cookie = await server.adminCookie();
    const name = 'minutes:size-limits';
    const reader = await connectDoc(server, name);
    const writer = openRawDoc(server.wsUrl, name, { cookie });
    await writer.sync();
    writer.insert('a'.repeat(60_000));
    await eventually(() => expect(reader.text.length).toBe(60_000));
    writer.insert('b'.repeat(60_000));
    expect(await writer.closed).toEqual({ code: CloseCode.documentTooLarge, reason: CloseReason.documentTooLarge });
    // The document is unchanged by the refused update.
    const fresh = await connectDoc(server, name);
    expect(fresh.text.toString()).toBe('a'.repeat(60_000));

    const big = openRawDoc(server.wsUrl, name, { cookie });
    await big.sync();
    big.ws.send(new Uint8Array(250_000));
    expect((await big.closed).code).toBe(CloseCode.tooBig);
    reader.destroy();
    fresh.destroy();
    await eventually(async () => expect(metricValue(await scrapeMetrics(server, TOKEN), 'dialogo_connections')).toBe(0));
  });

  it('lets a connection set only its own awareness entry, and closes one that sends an oversized one', async () => {
    const cookie = await server.adminCookie();
    const name = 'minutes:awareness-limits';
    const victim = await connectDoc(server, name);
    const observer = await connectDoc(server, name);
    // The name on a caret is the session's (the coordinator's, `admin`), whatever the client sets.
    victim.provider.awareness.setLocalStateField('user', { name: 'Delegate of Lodi' });
    await eventually(() => expect(observer.provider.awareness.getStates().get(victim.doc.clientID)).toMatchObject({ user: { name: 'admin' } }));

    const forger = openRawDoc(server.wsUrl, name, { cookie });
    await forger.sync();
    forger.ws.send(awarenessFrame([{ id: 4242, clock: 1, state: { user: { name: 'Forger' }, cursor: 1 } }]));
    await eventually(() => expect(observer.provider.awareness.getStates().get(4242)).toMatchObject({ user: { name: 'admin' }, cursor: 1 }));
    // Its own entry works; another's (the victim's, with a newer clock) is dropped.
    forger.ws.send(awarenessFrame([{ id: victim.doc.clientID, clock: 1000, state: { user: { name: 'Forged' }, cursor: 1000 } }]));
    forger.ws.send(awarenessFrame([{ id: 4242, clock: 2, state: { user: { name: 'Forger again' }, cursor: 2 } }]));
    await eventually(() => expect(observer.provider.awareness.getStates().get(4242)).toMatchObject({ user: { name: 'admin' }, cursor: 2 }));
    expect(observer.provider.awareness.getStates().get(victim.doc.clientID)).toEqual({ user: expect.objectContaining({ name: 'admin' }) });

    forger.ws.send(awarenessFrame([{ id: 4242, clock: 3, state: { user: { name: 'x'.repeat(2000) } } }]));
    expect((await forger.closed).code).toBe(CloseCode.tooBig);
    const metrics = await scrapeMetrics(server, TOKEN);
    expect(metricValue(metrics, 'dialogo_refused_total', { reason: 'awareness-not-own' })).toBeGreaterThanOrEqual(1);
  });

  it('serves metrics only with the token, in the Prometheus text format', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const text = await scrapeMetrics(server, TOKEN);
    for (const name of [
      'dialogo_connections',
      'dialogo_documents_in_memory',
      'dialogo_updates_total',
      'dialogo_store_write_seconds_count',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? `, 'm'));
    }
    expect(metricValue(text, 'dialogo_updates_total')).toBeGreaterThan(0);
  });

  it('sends a content security policy that forbids inline script', async () => {
    const res = await fetch(`${server.url}/api/health`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });

  // Last: the server closes the connection after a 413 without reading the body.
  it('answers 413 to an HTTP body beyond the largest', async () => {
    const res = await api(server.url, '/api/auth/login', { method: 'POST', json: { email: 'x@y.z', password: 'p'.repeat(2 * 1024 * 1024) } });
    expect(res.status).toBe(413);
  });
});

describe('metrics by default', () => {
  afterAll(async () => {
    await stopAllServers();
  });

  it('are not served unless configured', async () => {
    const server = await startServer();
    const res = await fetch(`${server.url}/metrics`);
    expect(await res.text()).not.toMatch(/dialogo_connections/);
    await server.stop();
    removeDataDir(server.dataDir);
  });
});
