import path from 'node:path';
import { createRequire } from 'node:module';
import { freePort, spawnServer, wrap } from './process.ts';
import type { RunningServer, ServerKind, ServerOptions } from './types.ts';

const require = createRequire(import.meta.url);
/** The server script `@y/websocket-server` ships as its `y-websocket-server` bin. */
const SERVER_JS = path.join(path.dirname(require.resolve('@y/websocket-server/package.json')), 'src/server.js');

/** The reference y-websocket backend, started with its own bin and its LevelDB persistence. */
export const ywebsocket: ServerKind = {
  id: 'y-websocket',
  label: 'y-websocket-server',
  supportsRedis: false,
  persistence: {
    local: 'y-leveldb through `YPERSISTENCE` (every update appended to LevelDB after it is applied; merged on load past 500)',
    redis: null,
  },
  async start(opts: ServerOptions): Promise<RunningServer> {
    if (opts.mode !== 'local') throw new Error('y-websocket-server has no Redis support');
    // Its bin prints the port it was given, so it gets a free one rather than 0.
    const port = await freePort();
    const proc = await spawnServer({
      label: 'y-websocket-server',
      command: process.execPath,
      args: [SERVER_JS],
      env: { HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: path.join(opts.dataDir, 'leveldb'), ...opts.env },
      ready: /running at '.*' on port (\d+)/,
      cpuProfDir: opts.cpuProfDir,
    });
    return wrap(proc, { dialect: 'y-websocket', url: (name) => `ws://127.0.0.1:${port}/${name}`, headers: {} });
  },
};
