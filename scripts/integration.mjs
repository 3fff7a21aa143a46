// `npm run test:integration`: transpile test/integration (and the e2e harness it reuses) to
// CommonJS in out-integration/ (not bundled: mocha and playwright-core load from node_modules,
// `vscode` from the extension host), then run test/integration/run.ts.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out-integration');
const ts = (dir) => readdirSync(join(root, dir), { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => join(root, dir, f));
rmSync(out, { recursive: true, force: true });
const options = { outdir: out, outbase: root, format: 'cjs', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
await build({ ...options, entryPoints: ts('test/integration') });
// The harness finds the repository (scripts/e2e-setup.sh, test-results/) from its own folder.
await build({ ...options, entryPoints: [join(root, 'test/e2e/harness.ts')], define: { __dirname: JSON.stringify(join(root, 'test/e2e')) } });
const r = spawnSync(process.execPath, [join(out, 'test/integration/run.js')], { stdio: 'inherit' });
process.exit(r.status ?? 1);
