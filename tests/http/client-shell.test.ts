import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { clientShell } from '../../server/src/http/client-shell.ts';

/**
 * How the server hands out a built client: a dist folder laid out as `vite build` writes it
 * (index.html, hashed assets with their .br/.gz, .vite/manifest.json), served by the real module.
 */
describe('client shell', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'dialogo-dist-'));
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  const editorJs = 'export const editor = "' + 'x'.repeat(4000) + '";\n';
  mkdirSync(path.join(dist, 'assets'));
  mkdirSync(path.join(dist, '.vite'));
  writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html>\n<html>\n  <head>\n    <script type="module" crossorigin src="/assets/index-AAAA.js"></script>\n  </head>\n  <body><div id="root"></div></body>\n</html>\n',
  );
  writeFileSync(path.join(dist, 'assets', 'index-AAAA.js'), 'console.log(1);\n');
  writeFileSync(path.join(dist, 'assets', 'CollabEditor-BBBB.js'), editorJs);
  writeFileSync(path.join(dist, 'assets', 'CollabEditor-BBBB.js.br'), brotliCompressSync(editorJs));
  writeFileSync(path.join(dist, 'assets', 'CollabEditor-BBBB.js.gz'), gzipSync(editorJs));
  writeFileSync(
    path.join(dist, '.vite', 'manifest.json'),
    JSON.stringify({
      'index.html': { file: 'assets/index-AAAA.js', isEntry: true },
      'src/app/DocumentRoute.tsx': {
        file: 'assets/DocumentRoute-CCCC.js',
        imports: ['index.html', '_CollabEditor-BBBB.js'],
        css: ['assets/DocumentRoute-DDDD.css'],
      },
      '_CollabEditor-BBBB.js': { file: 'assets/CollabEditor-BBBB.js', imports: ['index.html'], css: ['assets/CollabEditor-EEEE.css'] },
    }),
  );
  const shell = clientShell(path.relative(process.cwd(), dist))!;

  it('hints the chunks of a document page in its index.html, and only there', async () => {
    const res = await shell.request('/d/minutes:2020-06-18-coordination');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toContain('<link rel="modulepreload" href="/assets/DocumentRoute-CCCC.js">');
    expect(html).toContain('<link rel="modulepreload" href="/assets/CollabEditor-BBBB.js">');
    expect(html).toContain('<link rel="stylesheet" href="/assets/CollabEditor-EEEE.css">');
    // The entry is already a script tag; it is not hinted again.
    expect(html).not.toContain('modulepreload" href="/assets/index-AAAA.js"');
    expect(html.indexOf('modulepreload')).toBeLessThan(html.indexOf('</head>'));

    for (const page of ['/', '/documents', '/polls/p1']) {
      const plain = await (await shell.request(page)).text();
      expect(plain).toContain('/assets/index-AAAA.js');
      expect(plain).not.toContain('modulepreload');
    }
  });

  it('sends hashed assets precompressed as the browser accepts, cached for a year', async () => {
    const br = await shell.request('/assets/CollabEditor-BBBB.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('content-type')).toMatch(/javascript/);
    expect(Number(br.headers.get('content-length'))).toBeLessThan(editorJs.length / 10);

    const gz = await shell.request('/assets/CollabEditor-BBBB.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');

    const identity = await shell.request('/assets/CollabEditor-BBBB.js');
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(await identity.text()).toBe(editorJs);

    // A chunk of an earlier build is missing, not answered with the app shell.
    expect((await shell.request('/assets/CollabEditor-OLD0.js')).status).toBe(404);
  });
});
