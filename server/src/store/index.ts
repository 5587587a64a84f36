import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createEmbeddedStore } from './embedded/index.ts';
import { createRedisStore } from './redis/index.ts';
import type { Store } from './types.ts';

export type { Store, DocStore, ExpiringStore, RecordStore, Relay } from './types.ts';

/** Picks the store from configuration: Redis when REDIS_URL is set, else the embedded one. */
export async function createStore(config: Config, logger: Logger): Promise<Store> {
  if (config.REDIS_URL) return createRedisStore({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger });
  return createEmbeddedStore(config.DATA_DIR);
}
