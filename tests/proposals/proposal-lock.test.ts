import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Proposal } from '@dialogo/shared';

import { openRawDoc, type RawDocSocket } from '../helpers/raw-doc.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Issue 18: a submitted (funded, rejected) proposal is read-only for everyone, by the server's
 * policy: its document WebSocket opens read-only for partners, the lead and coordinators (their
 * updates are dropped), an open connection turns read-only at the next access check, what was
 * submitted is kept as a version; reopening it to "in review" makes it editable again.
 */

const WAIT = { timeout: 15_000, interval: 50 };

describe('submitted proposals are read-only', () => {
  const prefix = uniquePrefix('proposal-lock');
  let server: TestServer;
  let admin: string;
  const cookie = {} as Record<'lead' | 'partner', string>;
  let proposal: Proposal;
  let n = 0;

  beforeAll(async () => {
    server = await startServer({ store: 'redis', prefix, env: { ACCESS_RECHECK_MS: '200' } });
    admin = await server.adminCookie();
    const [leadCity, partnerCity] = await Promise.all(['Reggio Emilia', 'Torino'].map((name) => createCity(server.url, admin, name)));
    const [lead, partner] = await Promise.all([
      createMember(server.url, admin, { role: 'delegate', cityId: leadCity!, name: 'Marco Ferri', email: 'lead@lock.test' }),
      createMember(server.url, admin, { role: 'delegate', cityId: partnerCity!, name: 'Sara Lombardi', email: 'partner@lock.test' }),
    ]);
    cookie.lead = lead.cookie;
    cookie.partner = partner.cookie;
    const res = await api(server.url, '/api/proposals', {
      method: 'POST',
      cookie: cookie.lead,
      json: {
        title: 'Competenze interculturali',
        funderId: 'ministero-interno',
        templateId: 'ministry',
        deadline: '2026-12-01',
        leadCityId: leadCity,
        partners: [{ cityId: partnerCity }],
      },
    });
    expect(res.status).toBe(201);
    proposal = ((await res.json()) as { proposal: Proposal }).proposal;
  }, 60_000);

  afterAll(async () => {
    await stopAllServers();
    if (server) removeDataDir(server.dataDir);
    await deletePrefix(prefix);
  });

  /**
   * True when a write on `socket` reached the document: the server handles one socket's messages
   * in order, so once it answered the sync after the write, a fresh reader gets it if it was kept.
   */
  async function writeLands(socket: RawDocSocket): Promise<boolean> {
    const mark = `[write ${++n}]`;
    socket.insert(mark);
    await socket.sync();
    const reader = openRawDoc(server.wsUrl, proposal.name, { cookie: admin });
    await reader.sync();
    const kept = reader.doc.getText('text').toString().includes(mark);
    reader.close();
    return kept;
  }

  async function move(status: string, who = cookie.lead) {
    const res = await api(server.url, `/api/proposals/${proposal.id}/status`, { method: 'POST', cookie: who, json: { status } });
    expect(res.status, `move to ${status}`).toBe(200);
    return (await res.json()) as { proposal: Proposal; permissions: { edit: boolean; manage: boolean } };
  }

  const permissions = async (who: string) =>
    ((await (await api(server.url, `/api/proposals/${proposal.id}`, { cookie: who })).json()) as { permissions: { edit: boolean; manage: boolean } })
      .permissions;

  it('drops a partner’s updates once the proposal is submitted, and takes them again after it is reopened', async () => {
    const open = openRawDoc(server.wsUrl, proposal.name, { cookie: cookie.partner });
    await open.sync();
    expect(await writeLands(open)).toBe(true);

    await move('in-review');
    expect(await writeLands(open)).toBe(true);
    const submitted = await move('submitted');
    expect(submitted.proposal.status).toBe('submitted');
    // Read-only for everyone, the lead and coordinators included; the lead still manages it.
    expect(submitted.permissions).toMatchObject({ edit: false, manage: true });
    expect(await permissions(cookie.partner)).toMatchObject({ edit: false });
    expect(await permissions(admin)).toMatchObject({ edit: false, manage: true });

    // The partner's open connection turns read-only at the next access check...
    await eventually(async () => expect(await writeLands(open)).toBe(false), WAIT);
    expect(open.ws.readyState).toBe(open.ws.OPEN);
    // ...and a new one opens read-only: its updates are dropped, never stored.
    const fresh = openRawDoc(server.wsUrl, proposal.name, { cookie: cookie.partner });
    await fresh.sync();
    expect(await writeLands(fresh)).toBe(false);
    // So are the lead's and a coordinator's.
    for (const who of [cookie.lead, admin]) {
      const other = openRawDoc(server.wsUrl, proposal.name, { cookie: who });
      await other.sync();
      expect(await writeLands(other)).toBe(false);
      other.close();
    }

    // What was submitted is kept as a version.
    const versions = (await (await api(server.url, `/api/documents/${encodeURIComponent(proposal.name)}/versions`, { cookie: admin })).json()) as {
      versions: { reason?: string }[];
    };
    expect(versions.versions.map((v) => v.reason)).toContain('proposal-submitted');

    // The partner cannot reopen it; the lead can, to "in review".
    expect(
      (await api(server.url, `/api/proposals/${proposal.id}/status`, { method: 'POST', cookie: cookie.partner, json: { status: 'in-review' } })).status,
    ).toBe(403);
    const reopened = await move('in-review');
    expect(reopened.permissions).toMatchObject({ edit: true });
    expect(await permissions(cookie.partner)).toMatchObject({ edit: true });
    // A new connection of the partner (the page reconnects) writes again.
    const again = openRawDoc(server.wsUrl, proposal.name, { cookie: cookie.partner });
    await again.sync();
    expect(await writeLands(again)).toBe(true);
    for (const s of [open, fresh, again]) s.close();
  }, 60_000);

  it('keeps funded and rejected proposals read-only as well; a coordinator may reopen a submitted one', async () => {
    await move('submitted');
    await move('rejected', admin);
    expect(await permissions(cookie.partner)).toMatchObject({ edit: false });
    const rejected = openRawDoc(server.wsUrl, proposal.name, { cookie: cookie.partner });
    await rejected.sync();
    expect(await writeLands(rejected)).toBe(false);
    rejected.close();
    // Back to a draft, then submitted again and reopened by a coordinator.
    await move('draft');
    expect(await permissions(cookie.partner)).toMatchObject({ edit: true });
    await move('in-review');
    await move('submitted');
    expect((await move('in-review', admin)).permissions).toMatchObject({ edit: true });
    await move('submitted');
    await move('funded', admin);
    expect(await permissions(cookie.lead)).toMatchObject({ edit: false, manage: true });
  }, 60_000);
});
