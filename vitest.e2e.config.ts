import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: the end-to-end test in code-server + chromium (test/e2e), one file, its
// steps in order. The unit suite (vitest.config.ts) excludes test/e2e.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
    reporters: ['verbose'],
  },
});
