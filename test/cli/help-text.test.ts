// The help the command prints, through the bin as a user runs it (the ninth session's audit):
// `futexlab run --help` left output-limit out of exit status 1 (docs/cli.md lists it), and
// `futexlab help --help` was "unknown command '--help'", exit 2.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { RunResult } from '../../src/session/session-types';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'futexlab.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
/** Every RunResult but ok: the record makes the compiler refuse a missing or extra one. */
const FAILING: Record<Exclude<RunResult, 'ok'>, true> = { anomaly: true, deadlock: true, 'assert-failed': true, 'step-limit': true, 'output-limit': true };

describe('help', () => {
  it('run --help names every result that exits 1', () => {
    const r = run('run', '--help');
    expect(r.status).toBe(0);
    const line = r.stdout.split('\n').find((l) => /^\s+1\s/.test(l))!;
    for (const result of Object.keys(FAILING)) expect(line).toContain(result);
  });

  it('help --help prints the usage, exit 0', () => {
    const r = run('help', '--help');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(run('help').stdout);
    expect(r.stdout).toMatch(/^usage: futexlab COMMAND FILE/);
  });
});
