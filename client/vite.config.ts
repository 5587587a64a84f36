import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

/** Where `pnpm dev` of the server listens; the dev server proxies the API and both sockets to it. */
const SERVER = 'http://localhost:3000';

/**
 * The client build. In development Vite serves the app and forwards `/api`, the document WebSocket
 * (`/collab`) and socket.io (`/live`) to the server, so the browser sees a single origin as in
 * production, where the server itself serves `client/dist`.
 */
export default defineConfig({
  // Every asset also as .gz and .br next to it: the server sends the one the browser accepts
  // without compressing per request (vite-plugin-compression2: maintained, zlib only).
  plugins: [react(), compression({ algorithms: ['gzip', 'brotliCompress'], threshold: 1024, include: /\.(js|css|svg)$/ })],
  server: {
    proxy: {
      '/api': { target: SERVER, changeOrigin: true },
      '/collab': { target: SERVER, ws: true, changeOrigin: true },
      '/live': { target: SERVER, ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: the server reads which chunks a page needs, to hint them in index.html.
    manifest: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's comments confuse Rollup's annotation parser; harmless, and not ours to fix.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
    // The editor chunk (Tiptap + ProseMirror + Yjs, loaded only on /d/:name) is ~530 kB, 170 kB gzipped.
    chunkSizeWarningLimit: 600,
  },
});
