import { describe, expect, it } from 'vitest';
import { ConfigError, defaults, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the embedded store and the defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: defaults.PORT, DATA_DIR: './data', store: 'embedded', DEMO: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('picks Redis when REDIS_URL is set, and treats an empty one as unset', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).store).toBe('redis');
    expect(loadConfig({ REDIS_URL: '' }).store).toBe('embedded');
  });

  it('rechecks open connections every 5 s unless told otherwise, and not more often than every 100 ms', () => {
    expect(loadConfig({}).ACCESS_RECHECK_MS).toBe(5000);
    expect(loadConfig({ ACCESS_RECHECK_MS: '200' }).ACCESS_RECHECK_MS).toBe(200);
    expect(() => loadConfig({ ACCESS_RECHECK_MS: '0' })).toThrow(/ACCESS_RECHECK_MS/);
  });

  it('has every limit of the document server in one place, with its default, and refuses nonsense', () => {
    const config = loadConfig({});
    for (const key of [
      'MAX_MESSAGE_BYTES',
      'MAX_BODY_BYTES',
      'MAX_DOCUMENT_BYTES',
      'MAX_BUFFERED_BYTES',
      'AWARENESS_MAX_PER_SECOND',
      'AWARENESS_MAX_BYTES',
      'MAX_CONNECTIONS_PER_PERSON',
      'MAX_CONNECTIONS_PER_ADDRESS',
      'AUTH_TIMEOUT_MS',
      'SHUTDOWN_TIMEOUT_MS',
    ] as const) {
      expect(config[key]).toBe(defaults[key]);
    }
    expect(config.METRICS_ENABLED).toBe(false);
    expect(loadConfig({ MAX_CONNECTIONS_PER_PERSON: '3' }).MAX_CONNECTIONS_PER_PERSON).toBe(3);
    expect(() => loadConfig({ MAX_BUFFERED_BYTES: '10' })).toThrow(/MAX_BUFFERED_BYTES/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: '70000', REDIS_PREFIX: 'has space', DEMO: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const issues = (err as ConfigError).issues.join('\n');
      expect(issues).toMatch(/^PORT:/m);
      expect(issues).toMatch(/^REDIS_PREFIX:/m);
      expect(issues).toMatch(/^DEMO: must be true or false/m);
    }
  });
});
