import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: path.resolve(import.meta.dirname, '..'),
  test: {
    // Tests live beside their module in src/ (src/http/csrf.test.ts) or, for whole flows, in test/.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    // Two cores: browser and process tests start servers of their own, so keep runs narrow.
    maxWorkers: 2,
    // Apps made inside the tests log nothing; a server a test starts logs at info (test/helpers/server.ts).
    env: { LOG_LEVEL: 'silent' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
