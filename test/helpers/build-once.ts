// Vitest globalSetup: build the bundles (out/) once, before any test file runs, for the tests
// that spawn the built command or adapter (test/cli, test/native, test/docs, ...). They used to
// rebuild in their own beforeAll, up to ten builds at once in parallel workers, each rewriting
// the out/ files that other workers were spawning at that moment, and each a synchronous build
// that could outlast the 10 s hook timeout on a loaded machine. `npm test` builds before vitest
// too; this also covers `npx vitest run <file>` alone.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(__dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'esbuild.js')], { cwd: root, stdio: 'inherit' });
}
