import path from 'node:path';
import { REDIS_URL } from '../redis.ts';
import { ROOT, spawnServer, wrap } from './process.ts';
import type { RunningServer, ServerKind, ServerOptions } from './types.ts';

const TSX = path.join(ROOT, 'server/node_modules/.bin/tsx');
const MAIN = 'server/src/main.ts';
/** The seeded demo coordinator the benchmark signs in as, when sign-in exists. */
export const DEMO_COORDINATOR = 'coordinatore@cittadeldialogo.example';

/**
 * Dialogo as users run it (`tsx server/src/main.ts`), always on Redis: in every scenario each
 * update is stored in Redis before it is applied and relayed.
 */
export const dialogo: ServerKind = {
  id: 'dialogo',
  label: 'Dialogo',
  supportsRedis: true,
  persistence: {
    local: 'Redis (every update RPUSHed before it is applied and relayed; log compacted into a snapshot)',
    redis: 'Redis (as above) + Redis pub/sub relay between instances',
  },
  async start(opts: ServerOptions): Promise<RunningServer> {
    let passwordLine: string | null = null;
    const proc = await spawnServer({
      label: 'Dialogo',
      command: TSX,
      args: [MAIN],
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DATA_DIR: opts.dataDir,
        DEMO: 'true',
        REDIS_URL,
        REDIS_PREFIX: opts.redisPrefix,
        // Every benchmark client is the demo coordinator on 127.0.0.1: lift the per-person and
        // per-address connection limits above the largest scenario (1,000 readers + writers).
        MAX_CONNECTIONS_PER_PERSON: '5000',
        MAX_CONNECTIONS_PER_ADDRESS: '5000',
        ...opts.env,
      },
      ready: /Dialogo listening on http:\/\/localhost:(\d+)/,
      cpuProfDir: opts.cpuProfDir,
      onLine: (line) => {
        // `Demo sign-ins (password <password>):`, printed before the list of demo people.
        if (/\(password \S+\)/.test(line)) passwordLine = line;
        else if (line.includes(DEMO_COORDINATOR) && /password/i.test(line)) passwordLine = line;
      },
    });
    try {
      const { headers, password } = await signIn(proc.port, () => passwordLine);
      const http = `http://127.0.0.1:${proc.port}`;
      return wrap(
        proc,
        { dialect: 'y-websocket', url: (name) => `ws://127.0.0.1:${proc.port}/collab/${name}`, headers },
        { url: http, headers, demoPassword: password },
      );
    } catch (err) {
      await proc.kill();
      throw err;
    }
  },
};

/**
 * Signs in as the demo coordinator when the server has sign-in (`POST /api/auth/login` is not a
 * 404) and returns the cookie header every document socket must carry (`{}` without sign-in),
 * and the demo password (every seeded person shares it).
 */
export async function signIn(port: number, passwordLine: () => string | null): Promise<{ headers: Record<string, string>; password: string }> {
  const url = `http://127.0.0.1:${port}/api/auth/login`;
  const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await probe.body?.cancel();
  if (probe.status === 404) return { headers: {}, password: '' };
  // The line may come just after the "listening" one.
  for (let i = 0; i < 30 && !process.env.BENCH_DEMO_PASSWORD && !passwordLine(); i++) await new Promise((r) => setTimeout(r, 100));
  const password = process.env.BENCH_DEMO_PASSWORD ?? passwordFrom(passwordLine());
  if (!password) {
    throw new Error(`Dialogo has sign-in but printed no password for ${DEMO_COORDINATOR}; set BENCH_DEMO_PASSWORD`);
  }
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_COORDINATOR, password }),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`sign-in as ${DEMO_COORDINATOR} failed: ${res.status} ${body}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  if (cookies.length === 0) throw new Error('sign-in answered without a session cookie');
  return { headers: { Cookie: cookies.join('; ') }, password };
}

/** Reads the password from the line that names the coordinator (`password: x`, `password=x`, or its last word). */
export function passwordFrom(line: string | null): string | null {
  if (!line) return null;
  // eslint-disable-next-line no-control-regex -- the terminal's colour codes are what is taken out
  const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
  const inParens = /\(password ([^\s)]+)\)/.exec(plain)?.[1];
  if (inParens) return inParens;
  const labelled = /password\W*?[:=]\s*["'`]?([^\s"'`,;)]+)/i.exec(plain)?.[1];
  if (labelled) return labelled;
  const words = plain.trim().split(/\s+/);
  const last = words[words.length - 1];
  return last && !last.includes(DEMO_COORDINATOR) ? last.replace(/["'`,;)]+$/, '') : null;
}
