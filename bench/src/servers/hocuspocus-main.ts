/**
 * Child entry of the Hocuspocus server under test, configured as its documentation shows:
 * SQLite persistence on one machine, the Redis extension when several instances share documents.
 * Everything else is left at Hocuspocus's defaults (debounce 2 s / max 10 s, unload immediately).
 */
import { Server, type Extension } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Redis } from '@hocuspocus/extension-redis';

const mode = process.env.HP_MODE ?? 'local';
const extensions: Extension[] = [];
if (mode === 'local') {
  extensions.push(new SQLite({ database: process.env.HP_SQLITE_FILE ?? ':memory:' }));
} else {
  const url = new URL(process.env.HP_REDIS_URL ?? 'redis://127.0.0.1:6379');
  extensions.push(new Redis({ host: url.hostname, port: Number(url.port || 6379), prefix: process.env.HP_REDIS_PREFIX ?? 'hocuspocus' }));
}

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, extensions });
await server.listen();
console.log(`hocuspocus listening on ${server.address.port}`);
