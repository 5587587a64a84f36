import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { ErrorCode, type Health } from '@dialogo/shared';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/index.ts';
import { documentRoutes } from './documents.ts';

/** What the HTTP API needs. */
export interface HttpDeps {
  store: Store;
  logger: Logger;
  /** Folder of the built client; served with a fallback to index.html for client routes. */
  clientDist: string;
}

/** The Hono app: `/api/*` and the built client. */
export function createHttpApp({ store, logger, clientDist }: HttpDeps) {
  const log = logger.child({ module: 'http' });
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(err.toJSON(), err.status);
    log.error({ err: err.message, path: c.req.path }, 'unhandled error');
    return c.json({ error: { code: ErrorCode.internal, message: 'Something went wrong.' } }, 500);
  });

  app.get('/api/health', async (c) => {
    const up = await store.ping();
    const body: Health = { status: up ? 'ok' : 'degraded', store: store.kind };
    return c.json(body, up ? 200 : 503);
  });
  app.route('/api/documents', documentRoutes(store));
  app.all('/api/*', () => {
    throw new AppError(ErrorCode.notFound, 404, 'No such route.');
  });

  const index = path.join(clientDist, 'index.html');
  if (existsSync(index)) {
    const root = path.relative(process.cwd(), clientDist) || '.';
    const html = readFileSync(index, 'utf8');
    app.use('/assets/*', serveStatic({ root }));
    app.use('*', serveStatic({ root }));
    // Client-side routes (/d/minutes:...) get the app shell.
    app.get('*', (c) => c.html(html));
  } else {
    log.warn({ clientDist }, 'client not built: run `pnpm build` to serve the app');
  }
  return app;
}
