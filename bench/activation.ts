// Extension activation time (#10 §5: under 7 ms; vscode-mock-debug's is 6.3 ms): load the bundled out/extension.js against the
// test stand-in for the `vscode` module and time require + activate(), in a fresh process each
// time so nothing is warm.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const RUNNER = `
const Module = require('module');
const path = require('path');
const stub = require(process.argv[2]);
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
const t0 = process.hrtime.bigint();
const ext = require(path.resolve(process.argv[1]));
ext.activate({ subscriptions: [], asAbsolutePath: (p) => path.join('/ext', p), extensionPath: '/ext', storageUri: undefined, globalStorageUri: undefined });
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
`;

export function benchActivation(log: (s: string) => void = console.log): number {
  const root = join(__dirname, '..');
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const out = execFileSync(process.execPath, ['-e', RUNNER, join(root, 'out', 'extension.js'), join(root, 'test', 'extension', 'fixtures', 'vscode-stub.cjs')], { encoding: 'utf8' });
    times.push(Number(out));
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  log(`Extension activation (require out/extension.js + activate(), fresh process): median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)} ms (goal < 7 ms: ${median < 7 ? 'met' : 'NOT met'})`);
  return median;
}
