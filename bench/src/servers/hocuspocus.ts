import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REDIS_URL } from '../redis.ts';
import { BENCH_DIR, spawnServer, wrap } from './process.ts';
import type { RunningServer, ServerKind, ServerOptions } from './types.ts';

const TSX = path.join(BENCH_DIR, 'node_modules/.bin/tsx');
const MAIN = fileURLToPath(new URL('./hocuspocus-main.ts', import.meta.url));

/** Hocuspocus 4 (`@hocuspocus/server`), run through tsx like Dialogo so both have the same loader. */
export const hocuspocus: ServerKind = {
  id: 'hocuspocus',
  label: 'Hocuspocus',
  supportsRedis: true,
  persistence: {
    local: '@hocuspocus/extension-sqlite, a file (whole document state stored debounced: 2 s, at most 10 s, and on unload)',
    redis: '@hocuspocus/extension-redis (pub/sub between instances; no database extension)',
  },
  async start(opts: ServerOptions): Promise<RunningServer> {
    const proc = await spawnServer({
      label: 'Hocuspocus',
      command: TSX,
      args: [MAIN],
      env: {
        HP_MODE: opts.mode,
        HP_SQLITE_FILE: path.join(opts.dataDir, 'hocuspocus.sqlite'),
        HP_REDIS_URL: REDIS_URL,
        HP_REDIS_PREFIX: opts.redisPrefix,
        ...opts.env,
      },
      ready: /hocuspocus listening on (\d+)/,
      cpuProfDir: opts.cpuProfDir,
    });
    // Hocuspocus reads the document name from each message, not from the path.
    return wrap(proc, { dialect: 'hocuspocus', url: () => `ws://127.0.0.1:${proc.port}/`, headers: {} });
  },
};
