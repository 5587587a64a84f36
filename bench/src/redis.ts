import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

/** The Redis the servers use: the machine's, as in the tests. */
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for one benchmark run, so it never meets another run's or a test's keys. */
export function uniquePrefix(): string {
  return `bench:${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under a prefix (at the end of the run). */
export async function deletePrefix(prefix: string): Promise<number> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    let deleted = 0;
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (batch.length > 0) deleted += await client.del(batch);
    }
    return deleted;
  } finally {
    await client.close();
  }
}

/** Redis's version and its own CPU time so far (user + system, ms): Dialogo's store work happens there. */
export async function redisStats(): Promise<{ version: string; cpuMs: number }> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const info = await client.info();
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '';
    return {
      version: field('redis_version'),
      cpuMs: (Number(field('used_cpu_user')) + Number(field('used_cpu_sys'))) * 1000,
    };
  } finally {
    await client.close();
  }
}
