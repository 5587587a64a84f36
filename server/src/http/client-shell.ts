import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

/**
 * The built client as the server hands it out:
 * - `/assets/*` have content hashes in their names, so they are cached for a year and never
 *   asked again; each is sent precompressed (`.br` or `.gz`, written by the build) when the
 *   browser accepts it.
 * - every client route gets `index.html`, never cached, with `modulepreload` and stylesheet hints
 *   for the chunks of the page asked for (read from Vite's manifest): a link to minutes starts
 *   fetching the editor while the entry script is still downloading, not after it has run.
 */
export function clientShell(clientDist: string): Hono | null {
  const indexFile = path.join(clientDist, 'index.html');
  if (!existsSync(indexFile)) return null;
  const html = readFileSync(indexFile, 'utf8');
  const manifest = readManifest(path.join(clientDist, '.vite', 'manifest.json'));
  const pages = new Map<RoutePage, string>();
  const pageHtml = (page: RoutePage | null) => {
    if (!page || !manifest) return html;
    let out = pages.get(page);
    if (out === undefined) {
      out = html.replace('</head>', `${hintsFor(manifest, ROUTE_MODULES[page])}</head>`);
      pages.set(page, out);
    }
    return out;
  };

  const root = path.relative(process.cwd(), clientDist) || '.';
  const app = new Hono();
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.ok) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('/assets/*', serveStatic({ root, precompressed: true }));
  // A chunk of an earlier build (a page open across a deploy) is a 404, not the app shell as JavaScript.
  app.all('/assets/*', (c) => c.text('Not found', 404));
  // Files at the top of dist (none today but the shell) other than index.html itself.
  app.use('*', async (c, next) => (c.req.path === '/' || c.req.path === '/index.html' ? next() : serveStatic({ root })(c, next)));
  // Client-side routes (/d/minutes:..., /invite/...) get the app shell.
  app.get('*', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(pageHtml(pageOf(c.req.path)));
  });
  return app;
}

/** Pages whose chunks are worth hinting: the ones a shared link lands on, with the editor. */
type RoutePage = 'document' | 'room' | 'meeting' | 'proposals' | 'actionPlan';

/** The module each page is lazily loaded from (keys of Vite's manifest: paths under client/). */
const ROUTE_MODULES: Record<RoutePage, string> = {
  document: 'src/app/DocumentRoute.tsx',
  room: 'src/app/RoomRoute.tsx',
  meeting: 'src/app/MeetingRoute.tsx',
  proposals: 'src/app/ProposalsRoute.tsx',
  actionPlan: 'src/features/action-plan/ActionPlanPage.tsx',
};

/** Which page a path opens; mirrors the client's router (client/src/app/App.tsx). */
export function pageOf(pathname: string): RoutePage | null {
  if (pathname.startsWith('/d/')) return 'document';
  if (/^\/meetings\/[^/]+\/room\/?$/.test(pathname)) return 'room';
  if (/^\/meetings\/[^/]+\/?$/.test(pathname) && pathname !== '/meetings/') return 'meeting';
  if (pathname.startsWith('/proposals')) return 'proposals';
  if (pathname === '/action-plan') return 'actionPlan';
  return null;
}

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

function readManifest(file: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return null; // a build without a manifest: the shell is served without hints
  }
}

/** `<link>`s for a module's chunk and every chunk it imports statically, with their stylesheets. */
function hintsFor(manifest: Manifest, module: string): string {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || key === 'index.html' || scripts.has(chunk.file)) return;
    scripts.add(chunk.file);
    for (const css of chunk.css ?? []) styles.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(module);
  const links = [...[...styles].map((f) => `<link rel="stylesheet" href="/${f}">`), ...[...scripts].map((f) => `<link rel="modulepreload" href="/${f}">`)];
  return links.length ? `  ${links.join('\n    ')}\n  ` : '';
}
