// explore's numeric flags that size an allocation are bounded before the search starts: a flag
// value is a usage error (exit 2), never an abort out of memory or an "internal error".
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { MAX_PCT_DEPTH, MAX_SWARM_RUNS, MAX_WORKERS } from '../../src/cli/commands';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');
const MUTEX = 'examples/mutex1.futex';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('explore --mode pct --depth', () => {
  // --depth 999999999 allocated 10^9 change points per run until V8 aborted (exit 134, a GC
  // dump on stderr); --depth 2^53-1 was 'futexlab: internal error: RangeError: Invalid array length'
  // with a stack trace (exit 70).
  for (const d of ['999999999', '9007199254740991', String(MAX_PCT_DEPTH + 1), '0']) {
    it(`--depth ${d} is a usage error`, () => {
      const r = run(['explore', MUTEX, '--mode', 'pct', '--runs', '2', '--depth', d]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`futexlab explore: --depth wants a number from 1 to 1,000, got ${d}\n`);
    });
  }

  it('the same under --workers, and in JSON', () => {
    const r = run(['explore', MUTEX, '--mode', 'pct', '--runs', '2', '--workers', '2', '--depth', '9007199254740991', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toBe('futexlab explore: --depth wants a number from 1 to 1,000, got 9007199254740991');
  });

  it(`--depth ${MAX_PCT_DEPTH} and --depth 1 run`, () => {
    for (const d of [String(MAX_PCT_DEPTH), '1']) {
      const r = run(['explore', MUTEX, '--mode', 'pct', '--runs', '3', '--depth', d]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^no failure in 3 pct schedules \(not a proof\)/);
    }
  });
});

describe('explore --workers', () => {
  // --workers 500 started 313 worker threads (one per 64-run job): 2 GB resident, 23 s under
  // --max-time 5, and not one schedule run.
  for (const w of ['500', String(MAX_WORKERS + 1), '0']) {
    it(`--workers ${w} is a usage error`, () => {
      const r = run(['explore', MUTEX, '--mode', 'random', '--runs', '20000', '--max-time', '5', '--workers', w]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`futexlab explore: --workers wants a number from 1 to ${MAX_WORKERS}, got ${w}\n`);
    });
  }
});

describe('explore --runs with --workers', () => {
  // The swarm made its whole job list first: --runs 2^53-1 was 1.4e14 jobs, 6 GB and an abort
  // (V8 out of memory, exit 134) after 62 s under --max-time 2.
  it('--runs past MAX_SWARM_RUNS is a usage error', () => {
    const r = run(['explore', MUTEX, '--mode', 'random', '--runs', '9007199254740991', '--max-time', '2', '--workers', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`futexlab explore: --runs with --workers is at most ${MAX_SWARM_RUNS.toLocaleString('en-US')}, got 9007199254740991\n`);
  });

  it('--runs MAX_SWARM_RUNS runs until the time budget: exit 3', () => {
    const r = run(['explore', MUTEX, '--mode', 'random', '--runs', String(MAX_SWARM_RUNS), '--max-time', '1', '--workers', '2', '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect([j.stoppedBy, j.complete, j.workers]).toEqual(['max-time', false, 2]);
  });

  it('without --workers, --runs 2^53-1 is a bound the time budget ends', () => {
    const r = run(['explore', MUTEX, '--mode', 'random', '--runs', '9007199254740991', '--max-time', '1', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).stoppedBy).toBe('max-time');
  });
});
