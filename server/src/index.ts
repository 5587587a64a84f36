/** What tests and benchmarks use of the server without starting a process. */
export { loadConfig, type Config } from './config.ts';
export { createLogger } from './logger.ts';
export { createStore } from './store/index.ts';
export { createEmbeddedStore } from './store/embedded/index.ts';
export { createRedisStore } from './store/redis/index.ts';
export { createKeys } from './store/redis/keys.ts';
export type { Store, DocStore, RecordStore } from './store/index.ts';
export { createServer } from './app.ts';
export { Scheduler, type StoredJob } from './scheduler/index.ts';
export { buildRichTextUpdate } from './seed/demo.ts';
export { createCollabEndpoint, type CollabAccess } from './collab/upgrade.ts';
