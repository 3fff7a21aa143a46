// `explore --workers N` through the built bin: the swarm runs on worker threads and reports what
// it reports with one worker (the seed that found the failure, the counterexample, the counts).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


describe('explore --workers', () => {
  it.each([
    ['examples/barrier-naive.futex', 'random', 1],
    ['examples/mutex3.futex', 'pct', 0],
  ])('%s --mode %s: 2 worker threads report what 1 does', (file, mode, code) => {
    const args = ['explore', file, '--mode', mode, '--runs', '300', '--seed', '5', '--json'];
    const one = run([...args, '--workers', '1']);
    const two = run([...args, '--workers', '2']);
    expect(one.code).toBe(code);
    expect(two.code).toBe(code);
    expect(two.stderr).toBe('');
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect(a.workers).toBe(1);
    expect(b.workers).toBe(2);
    for (const k of ['result', 'states', 'schedules', 'complete', 'foundBySeed', 'counterexample']) expect(b[k], k).toEqual(a[k]);
    if (code === 1) expect(a.foundBySeed).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('--workers is for random and pct; --reduction for exhaustive', () => {
    const w = run(['explore', 'examples/mutex1.futex', '--workers', '2']);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('--workers does not apply to --mode exhaustive');
    const r = run(['explore', 'examples/mutex1.futex', '--mode', 'pct', '--reduction', 'dpor']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--reduction does not apply to --mode pct');
    const bad = run(['explore', 'examples/mutex1.futex', '--reduction', 'fast']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--reduction is default, dpor or none, not 'fast'");
  });

  it('--reduction dpor gives the verdict of --reduction none', () => {
    for (const file of ['examples/barrier-naive.futex', 'examples/cmp-requeue-mismatch.futex', 'examples/towelroot.futex']) {
      const none = run(['explore', file, '--reduction', 'none', '--json']);
      const dpor = run(['explore', file, '--reduction', 'dpor', '--json']);
      expect(dpor.code, file).toBe(none.code);
      expect(JSON.parse(dpor.stdout).result, file).toBe(JSON.parse(none.stdout).result);
    }
  }, 60_000);
});
