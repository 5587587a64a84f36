import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createClient, RESP_TYPES } from 'redis';
import { CloseCode, type DocumentScope } from '@dialogo/shared';
import { connectDoc, destroyAllDocClients, type DocClient } from '../helpers/doc-client.ts';
import { closeAllLiveClients, joinRoom, liveClient } from '../helpers/live-client.ts';
import { barrier, openRawDoc } from '../helpers/raw-doc.ts';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, stopAllServers, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember, signIn, tokenOf } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The access policy as the people of the network meet it, on every channel of one real server:
 * HTTP routes, the document WebSocket and socket.io. The tables below are the policy written out;
 * each cell is checked against what the server actually does.
 */

const WHO = ['nobody', 'coordinator', 'delegateA', 'delegateB', 'delegateC', 'expert', 'guest'] as const;
type Who = (typeof WHO)[number];

/** What a person may do with a document: the policy's `edit`, `read` (only), or nothing. */
type Access = 'edit' | 'read' | '-';

/**
 * The documents of the matrix and who may do what with each. Cities A, B and C each have one
 * delegate; the expert and the guest are named where a scope names them.
 */
type DocKey = 'openMinutes' | 'restrictedMinutes' | 'coordinatorsMinutes' | 'partnersProposal' | 'networkProposal';
interface DocSpec {
  kind: 'minutes' | 'proposal';
  title: string;
  scope?: (ids: Ids) => DocumentScope;
  access: Record<Exclude<Who, 'nobody'>, Access>;
}
const DOCUMENTS: Record<DocKey, DocSpec> = {
  // No scope: a network-wide meeting; every delegate and expert takes part; guests were not invited.
  openMinutes: {
    kind: 'minutes',
    title: 'Open minutes',
    access: { coordinator: 'edit', delegateA: 'edit', delegateB: 'edit', delegateC: 'edit', expert: 'edit', guest: '-' },
  },
  // City B and the expert take part, the guest was invited to read, nobody else sees it.
  restrictedMinutes: {
    kind: 'minutes',
    title: 'Restricted minutes',
    scope: (ids) => ({ cities: [ids.cityB], people: [ids.expert], guests: [ids.guest], visibility: 'participants' }),
    access: { coordinator: 'edit', delegateA: '-', delegateB: 'edit', delegateC: '-', expert: 'edit', guest: 'read' },
  },
  // Participants only, and no participant named yet (only a guest): coordinators and that guest.
  coordinatorsMinutes: {
    kind: 'minutes',
    title: 'Minutes before the participants are named',
    scope: (ids) => ({ guests: [ids.guest], visibility: 'participants' }),
    access: { coordinator: 'edit', delegateA: '-', delegateB: '-', delegateC: '-', expert: '-', guest: 'read' },
  },
  // A joint proposal of B and C, visible only to its partners.
  partnersProposal: {
    kind: 'proposal',
    title: 'Proposal of B and C',
    scope: (ids) => ({ cities: [ids.cityB, ids.cityC], visibility: 'participants' }),
    access: { coordinator: 'edit', delegateA: '-', delegateB: 'edit', delegateC: 'edit', expert: '-', guest: '-' },
  },
  // A proposal of A that the whole network may read.
  networkProposal: {
    kind: 'proposal',
    title: 'Proposal of A for the network',
    scope: (ids) => ({ cities: [ids.cityA], visibility: 'network' }),
    access: { coordinator: 'edit', delegateA: 'edit', delegateB: 'read', delegateC: 'read', expert: 'read', guest: '-' },
  },
};
const DOC_KEYS = Object.keys(DOCUMENTS) as DocKey[];

interface Ids {
  cityA: string;
  cityB: string;
  cityC: string;
  expert: string;
  guest: string;
  spare: string;
}

/** Expected statuses, per role. */
type Statuses = Record<Who, number>;
const everyone = (status: number): Statuses => Object.fromEntries(WHO.map((w) => [w, status])) as Statuses;
const signedIn = (status: number): Statuses => ({ ...everyone(status), nobody: 401 });
/** Members: coordinators, delegates and experts; guests see only what they were invited to. */
const members = (status: number): Statuses => ({ ...signedIn(status), guest: 403 });
const coordinators = (status: number): Statuses => ({ ...everyone(403), nobody: 401, coordinator: status });
const only = (status: number, who: Who[]): Statuses => ({ ...everyone(403), nobody: 401, ...Object.fromEntries(who.map((w) => [w, status])) });
/** A thing only `who` may read: everyone else gets the 404 of a thing that does not exist. */
const readers = (status: number, who: Who[]): Statuses => ({ ...everyone(404), nobody: 401, ...Object.fromEntries(who.map((w) => [w, status])) });

/** One HTTP route: how to call it (fresh per role when it consumes something) and who gets what. */
interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string | (() => Promise<string>);
  json?: unknown | (() => unknown);
  /** Sends a second session of the role instead of the shared one (sign-out ends it). */
  freshSession?: boolean;
  expect: Statuses;
}

describe('access matrix: every role on every channel', () => {
  const prefix = uniquePrefix('access-matrix');
  let server: TestServer;
  let ids: Ids;
  const cookies = {} as Record<Who, string>;
  const passwords = {} as Record<Who, string>;
  const emails = {} as Record<Who, string>;
  const docs = {} as Record<DocKey, { name: string; writer: DocClient; watcher: DocClient }>;
  let seq = 0;
  const unique = (label: string) => `${label}-${++seq}`;

  beforeAll(async () => {
    // Every y-websocket provider listens to the process's exit; this file keeps a dozen open.
    process.setMaxListeners(32);
    server = await startServer({ store: 'redis', prefix });
    const admin = await server.adminCookie();
    cookies.nobody = '';
    cookies.coordinator = admin;
    const [cityA, cityB, cityC] = await Promise.all(['Arezzo', 'Bologna', 'Cagliari'].map((n) => createCity(server.url, admin, n)));
    const member = async (who: Who, role: 'delegate' | 'expert' | 'guest', cityId?: string) => {
      const email = `${who.toLowerCase()}@matrix.test`;
      const m = await createMember(server.url, admin, { role, cityId, name: who, email });
      cookies[who] = m.cookie;
      passwords[who] = m.password;
      emails[who] = email;
      return m.person.id;
    };
    const [, , , expert, guest, spare] = await Promise.all([
      member('delegateA', 'delegate', cityA),
      member('delegateB', 'delegate', cityB),
      member('delegateC', 'delegate', cityC),
      member('expert', 'expert'),
      member('guest', 'guest'),
      createMember(server.url, admin, { role: 'expert', name: 'Spare', email: 'spare@matrix.test' }).then((m) => m.person.id),
    ]);
    ids = { cityA: cityA!, cityB: cityB!, cityC: cityC!, expert: expert!, guest: guest!, spare: spare! };
    emails.coordinator = server.admin.email;
    passwords.coordinator = server.admin.password;

    for (const [key, d] of Object.entries(DOCUMENTS) as [DocKey, DocSpec][]) {
      const res = await api(server.url, '/api/documents', { method: 'POST', cookie: admin, json: { title: d.title, kind: d.kind, scope: d.scope?.(ids) } });
      expect(res.status).toBe(201);
      const { document } = (await res.json()) as { document: { name: string } };
      // A coordinator writes the title into it and a second one watches: the content every
      // reader must receive, and the witness of what the server stored.
      const writer = await connectDoc(server, document.name);
      const watcher = await connectDoc(server, document.name);
      writer.text.insert(0, `# ${d.title}\n`);
      await eventually(() => expect(watcher.text.toString()).toBe(`# ${d.title}\n`));
      docs[key] = { name: document.name, writer, watcher };
    }
  });

  afterAll(async () => {
    destroyAllDocClients();
    closeAllLiveClients();
    const dir = server?.dataDir;
    await stopAllServers();
    if (dir) removeDataDir(dir);
    await deletePrefix(prefix);
  });

  describe('HTTP', () => {
    const routes = (): Record<string, Route> => ({
      'GET /api/health': { method: 'GET', path: '/api/health', expect: everyone(200) },
      'POST /api/auth/login (unknown account)': {
        method: 'POST',
        path: '/api/auth/login',
        json: () => ({ email: `${unique('nobody')}@matrix.test`, password: 'not the password' }),
        expect: everyone(401),
      },
      'POST /api/auth/logout': { method: 'POST', path: '/api/auth/logout', freshSession: true, expect: everyone(204) },
      'GET /api/auth/me': { method: 'GET', path: '/api/auth/me', expect: signedIn(200) },
      'PATCH /api/me': { method: 'PATCH', path: '/api/me', json: { language: 'en' }, expect: signedIn(200) },
      // Past the policy, the body is refused: the shared sessions of the matrix stay valid.
      'POST /api/me/password (new password too short)': {
        method: 'POST',
        path: '/api/me/password',
        json: { currentPassword: 'whatever', newPassword: 'short' },
        expect: signedIn(400),
      },
      'GET /api/network': { method: 'GET', path: '/api/network', expect: members(200) },
      'GET /api/network/dashboard': { method: 'GET', path: '/api/network/dashboard', expect: members(200) },
      'GET /api/action-plan/calendar.ics': { method: 'GET', path: '/api/action-plan/calendar.ics', expect: members(200) },
      // Past the policy, no such row: a coordinator gets 404, everyone else is refused before.
      'POST /api/action-plan/rows/:id/meeting (no such row)': { method: 'POST', path: '/api/action-plan/rows/no-such-row/meeting', expect: coordinators(404) },
      'POST /api/action-plan/rows/from-decision (bad body)': {
        method: 'POST',
        path: '/api/action-plan/rows/from-decision',
        json: { source: 'nothing' },
        expect: coordinators(400),
      },
      'GET /api/cities': { method: 'GET', path: '/api/cities', expect: members(200) },
      'POST /api/cities': { method: 'POST', path: '/api/cities', json: () => ({ name: unique('Città') }), expect: coordinators(201) },
      'PATCH /api/cities/:id': { method: 'PATCH', path: `/api/cities/${ids.cityA}`, json: { region: 'Toscana' }, expect: coordinators(200) },
      'GET /api/people': { method: 'GET', path: '/api/people', expect: coordinators(200) },
      'PATCH /api/people/:id': { method: 'PATCH', path: `/api/people/${ids.spare}`, json: { role: 'expert' }, expect: coordinators(200) },
      'POST /api/people/:id/password-reset': { method: 'POST', path: `/api/people/${ids.spare}/password-reset`, expect: coordinators(201) },
      'GET /api/invites': { method: 'GET', path: '/api/invites', expect: coordinators(200) },
      'POST /api/invites': { method: 'POST', path: '/api/invites', json: { role: 'guest' }, expect: coordinators(201) },
      'DELETE /api/invites/:id': { method: 'DELETE', path: async () => `/api/invites/${(await newInvite()).id}`, expect: coordinators(204) },
      // Public: the secret in the link is the permission.
      'GET /api/invites/:token/preview': { method: 'GET', path: async () => `/api/invites/${tokenOf((await newInvite()).url)}/preview`, expect: everyone(200) },
      'GET /api/invites/:token/preview (unknown token)': { method: 'GET', path: `/api/invites/${'x'.repeat(43)}/preview`, expect: everyone(410) },
      'POST /api/invites/:token/accept (unknown token)': {
        method: 'POST',
        path: `/api/invites/${'x'.repeat(43)}/accept`,
        json: () => ({ name: 'Someone', email: `${unique('someone')}@matrix.test`, password: 'a-long-password', language: 'it' }),
        expect: everyone(410),
      },
      'GET /api/password-resets/:token (unknown token)': { method: 'GET', path: `/api/password-resets/${'y'.repeat(43)}`, expect: everyone(410) },
      'POST /api/password-resets/:token (unknown token)': {
        method: 'POST',
        path: `/api/password-resets/${'y'.repeat(43)}`,
        json: { password: 'a-long-password' },
        expect: everyone(410),
      },
      'GET /api/documents': { method: 'GET', path: '/api/documents', expect: signedIn(200) },
      'GET /api/documents/:name (no such document)': { method: 'GET', path: '/api/documents/minutes:no-such-document', expect: signedIn(404) },
      'POST /api/documents (network minutes)': { method: 'POST', path: '/api/documents', json: { title: 'Network minutes' }, expect: members(201) },
      'POST /api/documents (minutes of city B only)': {
        method: 'POST',
        path: '/api/documents',
        json: { title: 'B only', scope: { cities: [ids.cityB], visibility: 'participants' } },
        expect: only(201, ['coordinator', 'delegateB']),
      },
      'POST /api/documents (proposal of city A)': {
        method: 'POST',
        path: '/api/documents',
        json: { title: 'A proposal', kind: 'proposal', scope: { cities: [ids.cityA], visibility: 'network' } },
        expect: only(201, ['coordinator', 'delegateA']),
      },
      // Joint proposals: a partners-only proposal led by city B with city C as partner.
      'GET /api/proposals': { method: 'GET', path: '/api/proposals', expect: signedIn(200) },
      'GET /api/proposals/catalog': { method: 'GET', path: '/api/proposals/catalog', expect: members(200) },
      'POST /api/proposals/funders': {
        method: 'POST',
        path: '/api/proposals/funders',
        json: () => ({ name: unique('Fondazione'), kind: 'foundation' }),
        expect: coordinators(201),
      },
      'PATCH /api/proposals/templates/:id': {
        method: 'PATCH',
        path: '/api/proposals/templates/matrix',
        json: { name: 'Matrix call', sections: [{ key: 'summary', title: 'Summary' }] },
        expect: coordinators(200),
      },
      'POST /api/proposals (lead city B)': {
        method: 'POST',
        path: '/api/proposals',
        json: () => proposalInput(),
        expect: only(201, ['coordinator', 'delegateB']),
      },
      // Not a partner: the answer of a proposal that does not exist.
      'GET /api/proposals/:id (partners B and C)': {
        method: 'GET',
        path: async () => `/api/proposals/${await proposalId()}`,
        expect: readers(200, ['coordinator', 'delegateB', 'delegateC']),
      },
      'GET /api/proposals/:id/budget': {
        method: 'GET',
        path: async () => `/api/proposals/${await proposalId()}/budget`,
        expect: readers(200, ['coordinator', 'delegateB', 'delegateC']),
      },
      'GET /api/proposals/:id/export.docx': {
        method: 'GET',
        path: async () => `/api/proposals/${await proposalId()}/export.docx`,
        expect: readers(200, ['coordinator', 'delegateB', 'delegateC']),
      },
      // Only the lead city and coordinators move it (the partner C reads it, so is refused with 403);
      // draft cannot jump to funded (409 once allowed).
      'POST /api/proposals/:id/status': {
        method: 'POST',
        path: async () => `/api/proposals/${await proposalId()}/status`,
        json: { status: 'funded' },
        expect: { ...readers(409, ['coordinator', 'delegateB']), delegateC: 403 },
      },
      // Meetings: everyone signed in lists those they may see; coordinators schedule and chair them.
      'GET /api/meetings': { method: 'GET', path: '/api/meetings', expect: signedIn(200) },
      'POST /api/meetings': {
        method: 'POST',
        path: '/api/meetings',
        json: { title: 'Coordination meeting', startsAt: '2026-06-18T08:00:00Z', endsAt: '2026-06-18T10:00:00Z' },
        expect: coordinators(201),
      },
      'GET /api/meetings/calendar.ics': { method: 'GET', path: '/api/meetings/calendar.ics', expect: signedIn(200) },
      'GET /api/action-items': { method: 'GET', path: '/api/action-items', expect: signedIn(200) },
      'GET /api/no-such-route': { method: 'GET', path: '/api/no-such-route', expect: everyone(404) },
    });

    const proposalInput = () => ({
      title: unique('Proposta B e C'),
      funderId: 'ministero-interno',
      templateId: 'ministry',
      deadline: '2027-01-31',
      leadCityId: ids.cityB,
      partners: [{ cityId: ids.cityC, role: 'partner' }],
    });
    let proposal: Promise<string> | null = null;
    /** One partners-only proposal of B and C, created once by the coordinator. */
    function proposalId(): Promise<string> {
      proposal ??= api(server.url, '/api/proposals', { method: 'POST', cookie: cookies.coordinator, json: proposalInput() })
        .then((res) => res.json() as Promise<{ proposal: { id: string } }>)
        .then((body) => body.proposal.id);
      return proposal;
    }

    async function newInvite(): Promise<{ id: string; url: string }> {
      const res = await api(server.url, '/api/invites', { method: 'POST', cookie: cookies.coordinator, json: { role: 'guest' } });
      return ((await res.json()) as { invite: { id: string; url: string } }).invite;
    }

    async function call(route: Route, who: Who): Promise<number> {
      const path = typeof route.path === 'function' ? await route.path() : route.path;
      const json = typeof route.json === 'function' ? (route.json as () => unknown)() : route.json;
      const cookie = route.freshSession && who !== 'nobody' ? await signIn(server.url, emails[who], passwords[who]) : cookies[who];
      const res = await api(server.url, path, { method: route.method, cookie, json });
      await res.body?.cancel();
      return res.status;
    }

    it('answers every route with the status the policy gives each role', async () => {
      const actual: Record<string, Statuses> = {};
      const expected: Record<string, Statuses> = {};
      for (const [name, route] of Object.entries(routes())) {
        expected[name] = route.expect;
        actual[name] = {} as Statuses;
        for (const who of WHO) actual[name][who] = await call(route, who);
      }
      expect(actual).toEqual(expected);
      // Signing out ended only the second session: the shared one of every role still works.
      for (const who of WHO.filter((w) => w !== 'nobody')) {
        expect((await api(server.url, '/api/auth/me', { cookie: cookies[who] })).status).toBe(200);
      }
    });

    it('lets each role read exactly the documents the policy lets it read, with the right permissions', async () => {
      const actual: Record<string, Record<Who, number | Access>> = {};
      const expected: Record<string, Record<Who, number | Access>> = {};
      for (const [key, d] of Object.entries(DOCUMENTS) as [DocKey, DocSpec][]) {
        expected[key] = { nobody: 401, ...d.access };
        actual[key] = {} as Record<Who, number | Access>;
        for (const who of WHO) {
          const res = await api(server.url, `/api/documents/${encodeURIComponent(docs[key].name)}`, { cookie: cookies[who] });
          if (res.status !== 200) {
            // A document one may not read is answered as one that does not exist.
            actual[key][who] = res.status === 404 ? '-' : res.status;
            continue;
          }
          const { permissions } = (await res.json()) as { permissions: { read: boolean; edit: boolean } };
          actual[key][who] = permissions.edit ? 'edit' : permissions.read ? 'read' : -200;
        }
      }
      expect(actual).toEqual(expected);
    });

    it('lists to each role only the documents it may read', async () => {
      expect((await api(server.url, '/api/documents')).status).toBe(401);
      for (const who of WHO.filter((w): w is Exclude<Who, 'nobody'> => w !== 'nobody')) {
        const res = await api(server.url, '/api/documents', { cookie: cookies[who] });
        const { documents } = (await res.json()) as { documents: { name: string }[] };
        const listed = new Set(documents.map((d) => d.name));
        const readable = DOC_KEYS.filter((k) => DOCUMENTS[k].access[who] !== '-');
        expect(
          DOC_KEYS.filter((k) => listed.has(docs[k].name)),
          who,
        ).toEqual(readable);
        // Whatever else is listed (documents other tests created) the role may open.
        for (const name of listed) {
          expect((await api(server.url, `/api/documents/${encodeURIComponent(name)}`, { cookie: cookies[who] })).status, `${who} ${name}`).toBe(200);
        }
      }
    });
  });

  describe('document WebSocket', () => {
    /**
     * What the server lets one role do on one document, found out the way a client would: open,
     * receive, write. A write counts when a coordinator watching the document receives it; the
     * watcher is sure to have received it if a coordinator's edit made after it arrived.
     */
    async function outcome(key: DocKey, who: Who): Promise<string> {
      const { name, writer, watcher } = docs[key];
      const socket = openRawDoc(server.wsUrl, name, { cookie: cookies[who] });
      const first = await socket.first;
      if (!first.opened) {
        // Refused before anything of the document was sent.
        expect(first.receivedBefore, `${who} on ${key}: messages before the refusal`).toBe(0);
        return `refused ${first.code}`;
      }
      await socket.sync();
      expect(socket.doc.getText('text').toString(), `${who} reads ${key}`).toContain(`# ${DOCUMENTS[key].title}`);
      const mark = `[${who} was here ${unique('w')}]`;
      socket.insert(mark);
      await socket.sync(); // the server has handled the update
      const after = `[coordinator after ${who} ${unique('b')}]`;
      writer.text.insert(writer.text.length, after);
      await eventually(() => expect(watcher.text.toString()).toContain(after));
      socket.close();
      await socket.closed;
      return watcher.text.toString().includes(mark) ? 'edit' : 'read-only';
    }

    const expectedOutcome = (key: DocKey, who: Who): string => {
      if (who === 'nobody') return `refused ${CloseCode.unauthorized}`;
      const access = DOCUMENTS[key].access[who];
      // A document one may not read is refused as one that does not exist.
      return access === 'edit' ? 'edit' : access === 'read' ? 'read-only' : `refused ${CloseCode.notFound}`;
    };

    it('opens each document for editing, read-only, or refuses it with 4401/4404 before sending any of it', async () => {
      const actual: Record<string, Record<Who, string>> = {};
      const expected: Record<string, Record<Who, string>> = {};
      for (const key of DOC_KEYS) {
        actual[key] = {} as Record<Who, string>;
        expected[key] = {} as Record<Who, string>;
        for (const who of WHO) {
          expected[key][who] = expectedOutcome(key, who);
          actual[key][who] = await outcome(key, who);
        }
      }
      expect(actual).toEqual(expected);
    });

    it('leaves the stored document byte-for-byte unchanged when a read-only guest sends updates', async () => {
      const { name, writer, watcher } = docs.restrictedMinutes;
      const redis = createClient({ url: REDIS_URL }).withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
      await redis.connect();
      try {
        const stored = async () => ({
          snapshot: (await redis.get(`${prefix}:doc:{${name}}:snapshot`)) as Buffer | null,
          log: (await redis.lRange(`${prefix}:doc:{${name}}:log`, 0, -1)) as Buffer[],
        });
        // Read with a bare socket, which (unlike a provider) sends no sync step 2 of its own.
        const reader = openRawDoc(server.wsUrl, name, { cookie: cookies.coordinator });
        await reader.sync();
        const state0 = Y.encodeStateAsUpdate(reader.doc);
        reader.close();
        const before = await stored();

        // The browser's own provider, as the guest: it reads, then its user types anyway.
        const guest = await connectDoc(server, name, { cookie: cookies.guest });
        expect(guest.text.toString()).toBe(watcher.text.toString());
        guest.text.insert(0, 'GUEST TEXT ');
        guest.doc.getMap('meta').set('title', 'changed by a guest');
        await barrier(guest.provider.ws!);
        // Reconnecting sends the guest's whole state again as a sync step 2: refused as well.
        guest.provider.disconnect();
        guest.provider.connect();
        await eventually(() => expect(guest.provider.synced).toBe(true));
        await barrier(guest.provider.ws!);

        // A coordinator's edit after all that: once it is stored, anything of the guest's would be too.
        let coordinatorUpdate: Uint8Array | null = null;
        writer.doc.once('update', (u: Uint8Array) => (coordinatorUpdate = u));
        writer.text.insert(writer.text.length, 'coordinator after the guest\n');
        await eventually(() => expect(watcher.text.toString()).toContain('coordinator after the guest'));

        const after = await stored();
        expect(after.snapshot).toEqual(before.snapshot);
        expect(after.log.slice(0, before.log.length)).toEqual(before.log);
        expect(after.log.slice(before.log.length)).toEqual([Buffer.from(coordinatorUpdate!)]);

        const fresh = await connectDoc(server, name);
        expect(fresh.text.toString()).not.toContain('GUEST');
        expect(fresh.doc.getMap('meta').get('title')).toBeUndefined();
        expect(Y.decodeStateVector(Y.encodeStateVector(fresh.doc)).has(guest.doc.clientID)).toBe(false);
        const expectedDoc = new Y.Doc();
        Y.applyUpdate(expectedDoc, state0);
        Y.applyUpdate(expectedDoc, coordinatorUpdate!);
        expect(Y.encodeStateAsUpdate(fresh.doc)).toEqual(Y.encodeStateAsUpdate(expectedDoc));
      } finally {
        await redis.close();
      }
    });
  });

  describe('socket.io', () => {
    it('refuses a handshake without a session and lets each role join only the rooms of documents it may read', async () => {
      await expect(liveClient(server.url)).rejects.toThrow('unauthorized');
      await expect(liveClient(server.url, { cookie: 'dialogo_session=' + 'z'.repeat(43) })).rejects.toThrow('unauthorized');
      const actual: Record<string, Record<Who, string>> = {};
      const expected: Record<string, Record<Who, string>> = {};
      const rooms: Record<string, { room: string; access: Record<Exclude<Who, 'nobody'>, Access> }> = Object.fromEntries(
        DOC_KEYS.map((k) => [k, { room: `doc:${docs[k].name}`, access: DOCUMENTS[k].access }]),
      );
      // A document with no record: only coordinators reach it; others are told it does not exist,
      // exactly as they are told for a listed document they may not read.
      rooms.unlisted = {
        room: 'doc:minutes:not-listed',
        access: { coordinator: 'edit', delegateA: '-', delegateB: '-', delegateC: '-', expert: '-', guest: '-' },
      };
      for (const who of WHO.filter((w): w is Exclude<Who, 'nobody'> => w !== 'nobody')) {
        const socket = await liveClient(server.url, { cookie: cookies[who] });
        for (const [key, { room, access }] of Object.entries(rooms)) {
          (actual[key] ??= {} as Record<Who, string>)[who] = await joinRoom(socket, room).then((ack) => (ack.ok ? 'joined' : ack.error.code));
          (expected[key] ??= {} as Record<Who, string>)[who] = access[who] !== '-' ? 'joined' : 'not_found';
        }
        socket.disconnect();
      }
      expect(actual).toEqual(expected);
    });
  });
});
