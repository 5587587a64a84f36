import type { AddressInfo, Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { CloseCode, CloseReason, parseDocName, type Poll, type PollResults, type Turnout } from '@dialogo/shared';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Store } from './store/index.ts';
import { createHttpApp } from './http/index.ts';
import { DocRegistry } from './collab/registry.ts';
import { ClientOwners } from './collab/client-owners.ts';
import { createCollabEndpoint } from './collab/upgrade.ts';
import type { LiveDocs } from './ports/live-docs.ts';
import { createLive } from './live/index.ts';
import type { RedisStore } from './store/redis/index.ts';
import { authorizeCollab } from './collab/authorize.ts';
import { createServices, type Services } from './services.ts';
import { writeResultsBlock } from './polls/minutes-block.ts';
import { readAgenda } from './documents/agenda.ts';
import { toActor, type PersonRecord } from './network/people.ts';
import type { Metrics } from './metrics.ts';

/** At shutdown, how long clients that read have to complete their closing handshake. */
const SOCKET_CLOSE_GRACE_MS = 1000;

const DEFAULT_CLIENT_DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));

/** What createServer is made of; main.ts builds these from the config. */
export interface ServerDeps {
  config: Config;
  store: Store;
  logger: Logger;
}

/** A running Dialogo server: one HTTP server carrying the API, the document WebSocket and socket.io. */
export interface DialogoServer {
  readonly httpServer: HttpServer;
  readonly registry: DocRegistry;
  /** Server-side reads and writes of live documents (what the HTTP routes receive). */
  readonly liveDocs: LiveDocs;
  readonly services: Services;
  /** Null unless METRICS_ENABLED: prom-client (about 13 MB of RSS) is loaded only then. */
  readonly metrics: Metrics | null;
  listen(): Promise<number>;
  /** Ordered shutdown: stop accepting, tell clients to reconnect, store what is pending. */
  close(): Promise<void>;
}

/** Wires HTTP, collab and live on one port (SIO `createApplication(httpServer, components)`). */
export async function createServer({ config, store, logger }: ServerDeps): Promise<DialogoServer> {
  const metrics: Metrics | null = config.METRICS_ENABLED
    ? new (await import('./metrics.ts')).Metrics({ connections: () => collab.connectionCount, documents: () => registry.size })
    : null;
  const registry = new DocRegistry({
    store,
    logger,
    instanceId: randomUUID(),
    unloadDelayMs: config.DOC_UNLOAD_DELAY_MS,
    compactAfter: config.COMPACT_AFTER_UPDATES,
    // What the documents' server learns becomes domain events (versions, activity, mentions subscribe).
    onStored: (name, writers) => void services.events.emit('document.stored', { name, writers }),
    onMentions: (name, by, mentions, origin) => void services.events.emit('document.mentioned', { name, by, mentions, origin }),
    maxDocumentBytes: config.MAX_DOCUMENT_BYTES,
    updateLimits: { maxDeleteRanges: config.MAX_DELETE_RANGES },
    owners: new ClientOwners(store.records, async (id) => {
      const person = await services.people.get(id);
      return person ? { person: person.id, name: person.name, ...(person.cityId ? { city: person.cityId } : {}) } : null;
    }),
    metrics,
  });
  // The registry's callbacks reach the services only once documents load, after this line.
  const services = createServices(store, config, logger, registry);
  const { liveDocs } = services;
  // A closed poll's results go into its minutes through the live document, written as the person
  // who closed it (at its closing time: as the coordinator who created it), so the policy (and the
  // lock of approved minutes) holds for this write as for theirs.
  services.events.on('poll.closed', ({ poll, results, turnout, by }) =>
    writeClosedPoll(poll, results, turnout, by).catch((err: Error) => logger.error({ err: err.message, pollId: poll.id }, 'results block failed')),
  );
  async function writeClosedPoll(poll: Poll, results: PollResults, turnout: Turnout, by?: PersonRecord): Promise<void> {
    if (!poll.minutes) return;
    const actor = by ?? (await services.people.get(poll.createdBy));
    if (!actor) throw new Error('the poll has no one to write its results as');
    const { language } = await services.cities.network();
    // Under the agenda item it was chosen for, while that item is still on the meeting's agenda.
    const meetingId = parseDocName(poll.minutes)?.id;
    const onAgenda = poll.agendaItem && meetingId ? (await readAgenda(liveDocs, meetingId)).some((item) => item.id === poll.agendaItem) : false;
    await writeResultsBlock(liveDocs, poll.minutes, toActor(actor), poll, results, turnout, language, onAgenda ? poll.agendaItem : undefined);
  }
  // Back from an outage: what other instances stored meanwhile reaches the documents here.
  store.onReconnect?.(() => void registry.resyncAll());
  const app = createHttpApp({
    store,
    services,
    config,
    logger,
    clientDist: config.CLIENT_DIST ?? DEFAULT_CLIENT_DIST,
    metrics: metrics ?? undefined,
    liveDocs,
  });
  const httpServer = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  const collab = createCollabEndpoint({
    registry,
    logger,
    authorize: authorizeCollab(services, config.TRUSTED_ORIGINS),
    maxMessageBytes: config.MAX_MESSAGE_BYTES,
    recheckMs: config.ACCESS_RECHECK_MS,
    metrics,
    limits: {
      maxBufferedBytes: config.MAX_BUFFERED_BYTES,
      slowConsumerMs: config.SLOW_CONSUMER_MS,
      awarenessPerSecond: config.AWARENESS_MAX_PER_SECOND,
      awarenessMaxBytes: config.AWARENESS_MAX_BYTES,
      maxConnectionsPerPerson: config.MAX_CONNECTIONS_PER_PERSON,
      maxConnectionsPerAddress: config.MAX_CONNECTIONS_PER_ADDRESS,
      authTimeoutMs: config.AUTH_TIMEOUT_MS,
      trustProxy: config.TRUST_PROXY,
    },
  });
  // The one revocation path: a person or a document's scope changed (here or, told by live/, on
  // another instance), so the document WebSocket asks the policy again now, as socket.io does.
  services.events.on('access.changed', () => collab.recheckAccess());
  const redis = store.kind === 'redis' ? (store as RedisStore) : null;
  const live = await createLive({
    httpServer,
    logger,
    services,
    trustedOrigins: config.TRUSTED_ORIGINS,
    recheckMs: config.ACCESS_RECHECK_MS,
    maxMessageBytes: config.MAX_BODY_BYTES,
    redis: redis ? { client: redis.client, channelPrefix: redis.keys.live } : undefined,
  });
  // Every socket of the server, HTTP or upgraded, so that shutdown can cut the ones still open.
  const openSockets = new Set<Socket>();
  httpServer.on('connection', (socket: Socket) => {
    openSockets.add(socket);
    socket.once('close', () => openSockets.delete(socket));
  });
  // socket.io registered its own upgrade listener for /live; /collab is ours.
  httpServer.on('upgrade', (req, socket, head) => {
    if (collab.handleUpgrade(req, socket, head)) return;
    if (!(req.url ?? '').startsWith('/live')) socket.destroy();
  });

  return {
    httpServer,
    registry,
    liveDocs,
    services,
    metrics,
    listen() {
      return new Promise<number>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.PORT, config.HOST, () => resolve((httpServer.address() as AddressInfo).port));
      }).then(async (port) => {
        await services.polls.start();
        await services.mailer.start();
        await services.notices.start();
        // Last: every handler is registered, and a job due while no instance ran runs now.
        await services.scheduler.start();
        return port;
      });
    },
    async close() {
      // Drain: no new connection (the listener closes; an upgrade already under way is refused
      // with 4504), every client told to reconnect, then every pending write stored. Nothing
      // waits for a client: one that does not read is cut at once, the others get a short grace
      // for the closing handshake, then whatever socket is still open is cut.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      collab.closeAll(CloseCode.shuttingDown, CloseReason.shuttingDown);
      services.polls.stop();
      await services.scheduler.stop();
      // socket.io's close waits for the HTTP server, hence for every socket: not awaited here.
      const liveClosed = live.close().catch((err: Error) => logger.warn({ err: err.message }, 'closing live connections failed'));
      await registry.closeAll();
      await services.versions.close();
      await services.mailer.stop();
      httpServer.closeAllConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, SOCKET_CLOSE_GRACE_MS).unref());
      await Promise.race([closed, grace]);
      for (const socket of openSockets) socket.destroy();
      await Promise.all([closed, liveClosed]);
    },
  };
}
