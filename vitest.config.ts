import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    pool: 'forks',
    // Two cores: more workers only make the database-backed tests queue.
    maxWorkers: 2,
    // Browser tests wait up to 60 seconds per page action (see web/e2e/browser-session.ts).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
