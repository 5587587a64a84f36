import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from './types.ts';

export type { Store, DocStore, ExpiringStore, RecordStore, Relay } from './types.ts';

/**
 * Picks the store from configuration: Redis when REDIS_URL is set, else the embedded one. Only the
 * chosen one is loaded (each client library weighs 10-20 MB of memory).
 */
export async function createStore(config: Config, logger: Logger): Promise<Store> {
  if (config.REDIS_URL) {
    const { createRedisStore } = await import('./redis/index.ts');
    return createRedisStore({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger });
  }
  const { createEmbeddedStore } = await import('./embedded/index.ts');
  return createEmbeddedStore(config.DATA_DIR);
}
