import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

/** The shared Redis of the machine and CI. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for one test file, so parallel runs never see each other's keys. */
export function uniquePrefix(label: string): string {
  return `dialogo-test:${label}:${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under a prefix (called in afterAll). */
export async function deletePrefix(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) keys.push(...batch);
    for (let i = 0; i < keys.length; i += 500) await client.del(keys.slice(i, i + 500));
  } finally {
    await client.close();
  }
}
