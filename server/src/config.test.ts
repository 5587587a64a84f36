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
