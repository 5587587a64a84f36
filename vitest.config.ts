import { defineConfig } from 'vitest/config';

/**
 * One vitest run, four projects: pure unit tests next to their modules, integration tests
 * against real server processes and the real Redis, and browser tests in Debian's Chromium.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
      { test: { name: 'server', include: ['server/src/**/*.test.ts'] } },
      { test: { name: 'client', include: ['client/src/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          // Every folder of tests/ but the browser tests: one folder per concern (access, collab, polls...).
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', '**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
          // Browsers are heavy on two cores: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
