// A native run whose schedule the simulator's step budget cut reports that budget, as `run` does:
// `while 1 { }` was a native `deadlock` (its thread left at its gate) against the simulator's
// `step-limit`, and `futexlab diff` marked the result row as a difference.
import { it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');
const env = { ...process.env, FUTEXLAB_TICK_MS: '10' };

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args, '--json'], { cwd: root, encoding: 'utf8', env, maxBuffer: 1 << 26 });
  return { code: r.status, j: JSON.parse(r.stdout), stderr: r.stderr };
}

it('a spin loop: step-limit natively as in the simulator, exit 1; diff agrees, exit 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-native-cut-'));
  const f = join(dir, 'spin.futex');
  writeFileSync(f, 'option max_steps = 2000\nprocess P {\n  thread t {\n    while 1 { }\n  }\n}\n');
  const sim = run(['run', f, '--strategy', 'modern']);
  expect([sim.code, sim.j.result, sim.j.steps]).toEqual([1, 'step-limit', 2000]);
  const nat = run(['native', f]);
  expect(nat.j.errors).toEqual([]);
  expect([nat.code, nat.j.result, nat.j.steps]).toEqual([1, 'step-limit', 2000]);
  const d = run(['diff', f]);
  expect([d.code, d.j.differences]).toEqual([0, 0]);
}, 120_000);

it('a real deadlock is still a deadlock natively', () => {
  const nat = run(['native', 'examples/barrier-naive.futex']);
  expect(nat.code).toBe(1);
  expect(nat.j.result).toBe('deadlock');
  expect(nat.j.left.length).toBeGreaterThan(0);
}, 120_000);
