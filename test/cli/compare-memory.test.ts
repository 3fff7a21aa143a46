// compare runs the strategies one at a time and keeps only their reports: it kept all six
// sessions alive, so a scenario that touches ~30,000 pages peaked at 1.06 GB (six kernels' page
// frames) where `run` peaks at ~235 MB, past the project's 1 GB bound.
import { it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, '..', '..', 'bin', 'futexlab.js');

it('compare of a scenario that touches 33,000 pages stays far under 1 GB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-cmpmem-'));
  const f = join(dir, 'touch.futex');
  writeFileSync(f, 'process P {\n  map big = anon private rw pages 700000\n  thread t {\n    let i = 0\n    while 1 {\n      store big + i * 4096, 1\n      i = i + 1\n    }\n  }\n}\n');
  // The bin, then the peak resident memory of that process (KB).
  const script = `process.argv.splice(1, 0, ${JSON.stringify(cli)}); require(${JSON.stringify(cli)}); process.on('exit', () => process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n'));`;
  const r = spawnSync(process.execPath, ['-e', script, 'compare', f, '--json'], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 });
  expect(r.status).toBe(0);
  const runs = JSON.parse(r.stdout).runs;
  expect(runs.map((x: { result: string }) => x.result)).toEqual(Array(6).fill('step-limit'));
  const kb = Number(/maxrss (\d+)/.exec(r.stderr)![1]);
  expect(kb).toBeLessThan(600 * 1024);
}, 120_000);
