import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { getCookie } from 'hono/cookie';
import { ErrorCode, type Health } from '@dialogo/shared';
import { SESSION_COOKIE } from '../auth/index.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Services } from '../services.ts';
import type { Store } from '../store/index.ts';
import { actionPlanRoutes } from './action-plan.ts';
import { actionItemRoutes } from './action-items.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import { authRoutes } from './auth.ts';
import { clientShell } from './client-shell.ts';
import { commentRoutes } from './comments.ts';
import { suggestionRoutes } from './suggestions.ts';
import type { ApiEnv } from './context.ts';
import { dashboardRoutes } from './dashboard.ts';
import { documentRoutes } from './documents.ts';
import { historyRoutes } from './history.ts';
import { mailRoutes, unsubscribePages } from './mail.ts';
import { meetingRoutes } from './meetings.ts';
import { networkRoutes } from './network.ts';
import { notificationRoutes } from './notifications.ts';
import { peopleRoutes } from './people.ts';
import { pollRoutes } from './polls.ts';
import { proposalRoutes } from './proposals.ts';
import { publicationRoutes, publicPages } from './publishing.ts';
import { sameOriginWrites, securityHeaders } from './security.ts';
import { transferRoutes } from './transfer.ts';
import { formAsJson } from './validate.ts';

/** What the HTTP API needs. */
export interface HttpDeps {
  store: Store;
  services: Services;
  config: Config;
  logger: Logger;
  /** Folder of the built client; served with a fallback to index.html for client routes. */
  clientDist: string;
  /** Served at /metrics when METRICS_ENABLED (behind METRICS_TOKEN when set). */
  metrics?: Metrics;
  /** Server-side reads and writes of live documents (collab/live-docs.ts): action items in minutes, plan rows. */
  liveDocs: LiveDocs;
}

/** The Hono app: `/api/*` and the built client, behind security headers and the CSRF check. */
export function createHttpApp({ store, services, config, logger, clientDist, metrics, liveDocs }: HttpDeps) {
  const log = logger.child({ module: 'http' });
  const app = new Hono<ApiEnv>();

  app.onError(async (err, c) => {
    if (err instanceof AppError) {
      if (err.retryAfterSeconds) c.header('Retry-After', String(err.retryAfterSeconds));
      return c.json(err.toJSON(), err.status);
    }
    // The validator's own refusal of a body it cannot parse (malformed JSON): the API's 400.
    if (err instanceof HTTPException && err.status === 400) {
      return c.json(new AppError(ErrorCode.badRequest, 400, 'The body must be JSON or a form.').toJSON(), 400);
    }
    // Never the body or headers: they may carry passwords, cookies or document content.
    const context = { err: err.message, method: c.req.method, path: c.req.path };
    // The store is unreachable (a Redis outage): an expected condition, not a bug. Say so, so the
    // client can tell people to retry.
    const up = await store.ping().catch(() => false);
    if (!up) {
      log.warn(context, 'request refused: store unavailable');
      c.header('Retry-After', '5');
      return c.json({ error: { code: ErrorCode.storeUnavailable, message: 'The server cannot store anything right now; try again shortly.' } }, 503);
    }
    log.error(context, 'unhandled error');
    return c.json({ error: { code: ErrorCode.internal, message: 'Something went wrong.' } }, 500);
  });

  app.use('*', securityHeaders());
  app.use('/api/*', sameOriginWrites(config.TRUSTED_ORIGINS));
  app.use('/api/*', formAsJson());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: config.MAX_BODY_BYTES,
      onError: () => {
        throw new AppError(ErrorCode.payloadTooLarge, 413, 'The request body is too large.');
      },
    }),
  );
  // Who is asking: loaded once per request from the session cookie.
  app.use('/api/*', async (c, next) => {
    const sessionId = getCookie(c, SESSION_COOKIE);
    c.set('sessionId', sessionId);
    c.set('person', sessionId ? await services.auth.personOf(sessionId) : null);
    await next();
  });

  app.route('/api', apiRoutes({ store, services, config, liveDocs }));
  app.all('/api/*', () => {
    throw new AppError(ErrorCode.notFound, 404, 'No such route.');
  });

  app.route('/p', publicPages({ ...services, publicUrl: config.PUBLIC_URL }));
  app.route('/unsubscribe', unsubscribePages(services));

  if (config.METRICS_ENABLED && metrics) {
    app.get('/metrics', async (c) => {
      if (config.METRICS_TOKEN && c.req.header('authorization') !== `Bearer ${config.METRICS_TOKEN}`) {
        return c.text('unauthorized', 401);
      }
      return c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
    });
  }

  const shell = clientShell(clientDist);
  if (shell) app.route('/', shell);
  else log.warn({ clientDist }, 'client not built: run `pnpm build` to serve the app');
  return app;
}

/** What the `/api` routes need. */
export type ApiDeps = Pick<HttpDeps, 'store' | 'services' | 'config' | 'liveDocs'>;

/**
 * Every `/api` route, chained so that Hono infers one type for the whole API: its type is
 * `AppType` (app-type.ts), which the client's `hc` reads for paths, inputs and answers.
 */
export function apiRoutes({ store, services, config, liveDocs }: ApiDeps) {
  const publishing = { ...services, publicUrl: config.PUBLIC_URL };
  return new Hono<ApiEnv>()
    .get('/health', async (c) => {
      const up = await store.ping();
      const body: Health = { status: up ? 'ok' : 'degraded', store: store.kind };
      return c.json(body, up ? 200 : 503);
    })
    .route('/', authRoutes({ ...services, config }))
    .route('/network', dashboardRoutes(services))
    .route('/', networkRoutes(services.cities))
    .route('/', peopleRoutes({ ...services, config }))
    .route('/documents', publicationRoutes(publishing))
    .route('/documents', historyRoutes(services))
    .route('/documents', commentRoutes(services))
    .route('/documents', suggestionRoutes(services))
    .route('/', notificationRoutes(services.notifications, services.catalog))
    .route('/documents', transferRoutes({ ...services, store }))
    .route('/documents', documentRoutes(services.catalog))
    .route('/action-plan', actionPlanRoutes({ ...services, store, liveDocs, config }))
    .route('/polls', pollRoutes({ ...services, config }))
    .route('/proposals', proposalRoutes({ ...services, config }))
    .route('/meetings', meetingRoutes({ ...services, config }))
    .route('/action-items', actionItemRoutes({ ...services, liveDocs }))
    .route('/', mailRoutes(services));
}
