import { defineConfig } from 'vitest/config';

import { readFileSync } from 'node:fs';

export default defineConfig({
  // `futexlab --version` in tests that import src/cli directly (esbuild.js defines it for the bundles).
  define: { FUTEXLAB_VERSION: JSON.stringify(JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version) },
  test: {
    include: ['test/**/*.test.ts'],
    // The e2e suite (code-server + chromium) runs from `npm run test:e2e`, not here.
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/helpers/yield-between-tests.ts'],
    // The bundles, built once for the tests that spawn them (test/helpers/build-once.ts).
    globalSetup: ['test/helpers/build-once.ts'],
  },
});
