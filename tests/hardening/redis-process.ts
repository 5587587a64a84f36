import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { eventually } from '../helpers/wait.ts';

/**
 * A redis-server of the test's own on a free port, never the shared one: stopping it is the
 * outage. It keeps its data in a temp folder and saves on shutdown, like a Redis with persistence
 * that is restarted, so what was stored before the outage is there after it.
 */
export interface OwnRedis {
  url: string;
  port: number;
  /** SHUTDOWN SAVE, then wait for the process to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  dispose(): Promise<void>;
}

const REDIS_SERVER = process.env.TEST_REDIS_SERVER ?? '/usr/bin/redis-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'dialogo-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess | null = null;

  const ping = async () => {
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => {});
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } finally {
      try {
        client.destroy();
      } catch {
        // never connected
      }
    }
  };
  const start = async () => {
    proc = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    await eventually(async () => {
      if (!(await ping())) throw new Error('redis not up yet');
    });
  };
  const stop = async () => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => {});
    await client.connect();
    // The connection drops when Redis exits: the command never answers.
    void client.sendCommand(['SHUTDOWN', 'SAVE']).catch(() => {});
    await exited;
    try {
      client.destroy();
    } catch {
      // already closed by Redis going away
    }
  };
  await start();
  return {
    url,
    port,
    stop,
    start,
    async dispose() {
      const p = proc as ChildProcess | null;
      if (p && p.exitCode === null) {
        const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
        p.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
