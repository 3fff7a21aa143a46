// "Run on this kernel" (issue #12): the model behind the CodeLens, over the real `futexlab diff
// --json` output of the built command (Linux), and over what a stopped or refused run gives.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { diffArgs, kernelDiffOutcome, kernelLensShown } from '../../src/extension/kernel-diff';

const root = join(__dirname, '..', '..');
const cli = join(root, 'out', 'cli.js');

function diff(file: string): { code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, diffArgs(cli, join(root, file)), { cwd: root, encoding: 'utf8', env: { ...process.env, FUTEXLAB_TICK_MS: '10' } });
  return { code: r.status, stdout: r.stdout };
}

describe('Run on this kernel: the model', () => {
  it('is offered on Linux only', () => {
    expect(kernelLensShown('linux')).toBe(true);
    expect(kernelLensShown('darwin')).toBe(false);
    expect(kernelLensShown('win32')).toBe(false);
  });

  it('runs `futexlab diff FILE --json`', () => {
    expect(diffArgs('/ext/out/cli.js', '/w/a.futex')).toEqual(['/ext/out/cli.js', 'diff', '/w/a.futex', '--json']);
  });

  it('a stopped run or output that is not the diff JSON is an error, never a result', () => {
    expect(kernelDiffOutcome(null, '', 'a.futex')).toEqual({ kind: 'error', message: 'futexlab diff was stopped before it finished' });
    expect(kernelDiffOutcome(1, '{"rows": "x"}', 'a.futex')).toEqual({ kind: 'error', message: 'futexlab diff exited with status 1' });
    expect(kernelDiffOutcome(70, 'not json', 'a.futex').kind).toBe('error');
  });

  it('two differing rows: kind differ, the count, the marked lines', () => {
    const stdout = JSON.stringify({
      version: 1, schedule: 'fifo', kernelRelease: '6.18', differences: 1,
      rows: [{ mark: 'same', simulator: 'P/a: x 1', kernel: 'P/a: x 1' }, { mark: 'differ', simulator: 'result: ok (4 steps)', kernel: 'result: ok (5 steps)' }],
    });
    const o = kernelDiffOutcome(1, stdout, 'a.futex');
    expect(o).toMatchObject({ kind: 'differ', differences: 1, message: 'a.futex: the kernel and modern differ in 1 line (fifo)' });
    if (o.kind === 'error') throw new Error('unreachable');
    expect(o.lines).toContainEqual(expect.stringMatching(/^! result: ok \(4 steps\) +\| result: ok \(5 steps\)$/));
    expect(o.lines).toContainEqual(expect.stringMatching(/^ {2}P\/a: x 1 +\| P\/a: x 1$/));
  });
});

describe.runIf(process.platform === 'linux')('Run on this kernel: over the built command', () => {

  it('an example the kernel runs as modern does: same, both columns', () => {
    const r = diff('examples/futex-wait-private.futex');
    const o = kernelDiffOutcome(r.code, r.stdout, 'futex-wait-private.futex');
    expect(o).toMatchObject({ kind: 'same', differences: 0, message: 'futex-wait-private.futex: the kernel agrees with modern (fifo)' });
    if (o.kind === 'error') throw new Error('unreachable');
    expect(o.lines[2]).toMatch(/^ {2}simulator: modern, fifo +\| kernel: Linux \S+$/);
    expect(o.lines).toContainEqual(expect.stringMatching(/^ {2}P\/waiter: waiter returned 0 +\| P\/waiter: waiter returned 0$/));
    expect(o.lines.at(-1)).toBe('same output, result and steps');
  });

  it('a scenario the native runner refuses: its FILE:LINE:COL error', () => {
    const r = diff('examples/page-lock-latency.futex');
    expect(r.code).toBe(2);
    const o = kernelDiffOutcome(r.code, r.stdout, 'page-lock-latency.futex');
    expect(o.kind).toBe('error');
    expect(o.message).toMatch(/page-lock-latency\.futex:24:5: error: 'lock_page' \(no system call holds a page lock from user space\) is not supported by the native runner yet$/);
  });
});
