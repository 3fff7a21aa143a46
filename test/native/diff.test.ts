// `futexlab diff` (issue #12): the comparison model (pure, over constructed runs) and the command
// through the built bin on this machine's kernel.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { alignLines, diffOf } from '../../src/native/diff';
import { diffText } from '../../src/native/diff-text';
import type { RunJson } from '../../src/session/report';
import type { NativeResult } from '../../src/native/run';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');

function sim(over: Partial<RunJson>): RunJson {
  return {
    file: 'f.futex', scenario: null, strategy: 'modern', schedule: 'fifo', result: 'ok', steps: 5, output: [], threads: [], anomalies: [], notes: [],
    stats: { pinnedPagesMax: 0, cowCopies: 0, swapOuts: 0, pageLockWaits: 0, hashCollisions: 0 }, ...over,
  };
}
function nat(over: Partial<NativeResult>): NativeResult {
  return { output: [], asleep: [], left: [], errors: [], notes: [], asserts: [], result: 'ok', steps: 5, ...over };
}
const out = (...l: [string, string][]) => l.map(([thread, text], step) => ({ step, thread, text }));

describe('the diff model', () => {
  it('aligns by the longest common subsequence: one extra line marks only itself', () => {
    expect(alignLines(['a', 'b', 'c'], ['a', 'x', 'b', 'c'])).toEqual([
      { mark: 'same', simulator: 'a', kernel: 'a' }, { mark: 'differ', simulator: undefined, kernel: 'x' },
      { mark: 'same', simulator: 'b', kernel: 'b' }, { mark: 'same', simulator: 'c', kernel: 'c' },
    ]);
    expect(alignLines(['a', 'b'], ['a', 'c'])).toEqual([{ mark: 'same', simulator: 'a', kernel: 'a' }, { mark: 'differ', simulator: 'b', kernel: 'c' }]);
    expect(alignLines([], [])).toEqual([]);
  });

  it('counts a different value and a different step count; shows anomalies and notes without counting them', () => {
    const s = sim({
      result: 'anomaly', output: out(['P/a', 'woken 0'], ['P/b', 'wake 1']),
      anomalies: [{ kind: 'wrong-wakeup', step: 3, thread: 'P/b', others: [], message: 'm' }] as RunJson['anomalies'],
    });
    const same = diffOf(s, nat({ output: out(['P/a', 'woken 0'], ['P/b', 'wake 1']) }));
    expect(same.differences).toBe(0);
    expect(same.rows.map((r) => r.mark)).toEqual(['same', 'same', 'simulator-only', 'same']);
    const d = diffOf(s, nat({ output: out(['P/a', 'woken -110'], ['P/b', 'wake 1']), steps: 6 }));
    expect(d.differences).toBe(2);
    const text = diffText(d, '6.18');
    expect(text[0]).toMatch(/^ {2}simulator: modern, fifo +\| kernel: Linux 6\.18$/);
    expect(text).toContainEqual(expect.stringMatching(/^! P\/a: woken 0 +\| P\/a: woken -110$/));
    expect(text).toContainEqual(expect.stringMatching(/^ {2}P\/b: wake 1 +\| P\/b: wake 1$/));
    expect(text).toContainEqual(expect.stringMatching(/^! result: anomaly \(5 steps\) +\| result: ok \(6 steps\)$/));
    expect(text).toContain('~ anomaly: wrong-wakeup at step 3 (P/b): m');
    expect(text.at(-2)).toBe('2 differences (marked !)');
    expect(text.at(-1)).toMatch(/^~ not compared: anomaly: and note: are the simulator's judgement/);
  });

  it('a native error is a difference; left: lines are shown, not counted', () => {
    const d = diffOf(sim({ result: 'deadlock' }), nat({ result: 'deadlock', left: [{ thread: 'P/w', state: 'asleep-in-futex' }] }));
    expect(d.differences).toBe(0);
    expect(d.rows[0]).toEqual({ mark: 'kernel-only', kernel: 'left: P/w: asleep-in-futex' });
    const e = diffOf(sim({}), nat({ result: 'error', errors: ['thread P/w still asleep'] }));
    expect(e.rows.filter((r) => r.mark === 'differ').map((r) => r.kernel)).toEqual(['native: thread P/w still asleep', 'result: error (5 steps)']);
  });
});

describe.runIf(process.platform === 'linux')('futexlab diff on this kernel', () => {
  const env = { ...process.env, FUTEXLAB_TICK_MS: '10' };
  const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env });

  it('an example both run the same way: side by side, exit 0', () => {
    const r = run(['diff', 'examples/futex-wait-private.futex', '--schedule', 'round-robin']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ {2}simulator: modern, round-robin +\| kernel: Linux \S+$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}P\/main: wake returned 1 +\| P\/main: wake returned 1$/));
    expect(lines.at(-1)).toBe('same output, result and steps');
  });

  it('--json: both runs and the rows', () => {
    const r = run(['diff', 'examples/hash-collision.futex', '--json']);
    const j = JSON.parse(r.stdout);
    expect(r.status).toBe(0);
    expect(j.version).toBe(1);
    expect(j.differences).toBe(0);
    expect(j.simulator.strategy).toBe('modern');
    expect(j.kernel.output).toEqual(j.simulator.output.map((o: { thread: string; text: string }) => ({ thread: o.thread, text: o.text })));
    expect(j.rows.at(-1)).toEqual({ mark: 'same', simulator: 'result: ok (12 steps)', kernel: 'result: ok (12 steps)' });
  });

  it('a statement the native runner refuses: FILE:LINE:COL, exit 2', () => {
    const r = run(['diff', 'examples/page-lock-latency.futex']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("examples/page-lock-latency.futex:24:5: error: 'lock_page' (no system call holds a page lock from user space) is not supported by the native runner yet");
  });
});
