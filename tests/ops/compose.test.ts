import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** No Docker engine runs in CI: the compose file is checked by reading it. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string>; build?: string; depends_on?: unknown; ports?: string[] }>;
  };

  it('runs Redis with append-only persistence', () => {
    const command = compose.services.redis?.command ?? [];
    expect(command.join(' ')).toMatch(/--appendonly yes/);
  });

  it('builds the app from the repository and points it at that Redis', () => {
    const app = compose.services.app!;
    expect(app.build).toBe('.');
    expect(app.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(app.ports).toContain('3000:3000');
    expect(app.depends_on).toHaveProperty('redis');
  });
});
