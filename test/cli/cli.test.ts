// The command-line contract of SEMANTICS.md, through the built bin (out/cli.js).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { runMain as srcRunMain } from '../../src/cli/main';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


describe('futexlab run', () => {
  it('prints the JSON of SEMANTICS.md', () => {
    const r = run(['run', 'examples/cow-fork-wrong-wakeup.futex', '--json', '--strategy', 'pinned-page']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['version', 'file', 'scenario', 'strategy', 'schedule', 'result', 'steps', 'output', 'threads', 'anomalies', 'notes', 'stats']);
    expect(j.strategy).toBe('pinned-page');
    expect(j.schedule).toBe('fifo');
    expect(j.result).toBe('anomaly');
    expect(j.anomalies[0]).toMatchObject({ kind: 'wrong-wakeup', thread: 'P/main', others: ['C/main'] });
    expect(j.output).toContainEqual({ step: expect.any(Number), thread: 'P/main', text: "P's wake returned 1" });
    expect(Object.keys(j.stats)).toEqual(['pinnedPagesMax', 'cowCopies', 'swapOuts', 'pageLockWaits', 'hashCollisions']);
    expect(j.stats.pinnedPagesMax).toBe(1);
  });

  it('with --json, an error is also { error: { message } } on stdout', () => {
    const r = run(['run', 'examples/no-such-file.futex', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toMatch(/^futexlab: cannot read examples\/no-such-file\.futex: ENOENT/);
    expect(r.stderr).toMatch(/cannot read/);
    expect(JSON.parse(run(['run', 'examples/cow-fork-wrong-wakeup.futex', '--json', '--strategy', 'linux-1.0']).stdout).error.message).toMatch(/linux-1\.0/);
  });

  it('exits 0 with result ok under modern, and --trace adds events', () => {
    const r = run(['run', 'examples/cow-fork-wrong-wakeup.futex', '--json', '--trace']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.result).toBe('ok');
    expect(j.events.some((e: { type: string }) => e.type === 'cow')).toBe(true);
    expect(run(['run', 'examples/cow-fork-wrong-wakeup.futex']).stdout).toMatch(/^result: ok \(\d+ steps\)$/m);
  });

  it('--trace names processes by the PID getpid() returns and threads by name, never by table slot', () => {
    const out = run(['run', 'examples/cow-fork-wrong-wakeup.futex', '--trace']).stdout;
    expect(out).toMatch(/^\[\s*\d+\] mm-new mm=1 life=1 pid=101 by=kernel$/m);
    expect(out).toMatch(/^\[\s*\d+\] fork thread=P\/main parent=101 child=102 mm=2 childTid=C\/main by=P\/main$/m);
    expect(out).toMatch(/^\[\s*\d+\] queue q=\d+ thread=C\/main who=C\/main pid=102 /m);
    expect(out).not.toMatch(/\b(pid|parent|child|by|childTid)=[0-9]{1,2}\b/);
  });

  it('reports every syntax error with its line and column, and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'futexlab-'));
    const f = join(dir, 'bad.futex');
    writeFileSync(f, 'process A {\n  thread main {\n    let = 3\n    store , 1\n    futex_wake(1)\n  }\n}\n');
    const r = run(['run', f]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) expect(l).toMatch(/^.*bad\.futex:\d+:\d+: error: .+/);
    expect(lines.map((l) => Number(l.split(':')[1]))).toEqual(expect.arrayContaining([3, 4, 5]));
  });

  it('rejects bad usage with exit 2 and a message, never a stack trace', () => {
    for (const args of [['run'], ['frobnicate', 'x.futex'], ['run', 'examples/cow-fork-wrong-wakeup.futex', '--strategy', 'nope'],
      ['run', 'missing.futex'], ['run', 'examples/cow-fork-wrong-wakeup.futex', '--schedule', 'sometimes'], ['run', 'examples/cow-fork-wrong-wakeup.futex', '--bogus']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });
});

describe('futexlab compare', () => {
  it('prints one row per strategy, and JSON with one run each', () => {
    const t = run(['compare', 'examples/cow-fork-wrong-wakeup.futex']);
    expect(t.code).toBe(0);
    for (const s of ['pinned-page', 'vcache', 'rusty-2003', 'jamie-2003', 'gorman-2013', 'modern']) expect(t.stdout).toContain(s);
    const j = JSON.parse(run(['compare', 'examples/cow-fork-wrong-wakeup.futex', '--json']).stdout);
    expect(j.runs.map((r: { strategy: string; result: string }) => [r.strategy, r.result])).toEqual([
      ['pinned-page', 'anomaly'], ['vcache', 'anomaly'], ['rusty-2003', 'anomaly'],
      ['jamie-2003', 'ok'], ['gorman-2013', 'ok'], ['modern', 'ok'],
    ]);
  });
});

describe('futexlab explore, stopped', () => {
  it('Ctrl-C (SIGINT) ends the search with what it covered: exit 3, stoppedBy interrupt', async () => {
    const { spawn } = await import('node:child_process');
    const p = spawn(process.execPath, [cli, 'explore', 'examples/mutex2.futex', '--max-time', '0', '--json'], { cwd: root });
    let stdout = '';
    p.stdout.on('data', (d) => (stdout += d));
    await new Promise((r) => setTimeout(r, 1500));
    p.kill('SIGINT');
    const code = await new Promise<number | null>((r) => p.on('close', r));
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toMatchObject({ result: 'ok', complete: false, stoppedBy: 'interrupt' });
  });
});

describe('futexlab explore, budgets and hash compaction (issues #11, #14)', () => {
  it('--max-memory ends the search with what it covered: exit 3, stoppedBy max-memory', () => {
    // 30 MB is below what node itself holds: the first check stops it.
    const r = run(['explore', 'examples/mutex2.futex', '--max-time', '0', '--max-memory', '30', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'ok', complete: false, stoppedBy: 'max-memory' });
    const t = run(['explore', 'examples/mutex2.futex', '--max-time', '0', '--max-memory', '30']);
    expect(t.code).toBe(3);
    expect(t.stdout).toMatch(/^the memory budget \(--max-memory 30 MB\) ran out before the space was covered/);
  });

  it('a proof by hashed states says how sure it is; --exact compares states whole, with the same counts', () => {
    const hashed = run(['explore', 'examples/barrier-glibc.futex']);
    const exact = run(['explore', 'examples/barrier-glibc.futex', '--exact']);
    expect(hashed.code).toBe(exact.code);
    expect(hashed.code).toBe(0);
    {
      expect(hashed.stdout).toMatch(/states were compared by a 64-bit hash: the chance that two shared one \(and a state went unexplored\) is below 1 in \d\.\de\d+; --exact compares them whole/);
      expect(exact.stdout).not.toMatch(/64-bit hash/);
    }
    const count = (s: string) => /(\d+) states, (\d+) transitions/.exec(s)!.slice(1, 3);
    expect(count(exact.stdout)[0]).toBe(count(hashed.stdout)[0]);
    const j = JSON.parse(run(['explore', 'examples/barrier-glibc.futex', '--json']).stdout);
    expect(j.collisionBound).toBeGreaterThan(0);
    expect(j.collisionBound).toBeLessThan(1e-6);
    expect(JSON.parse(run(['explore', 'examples/barrier-glibc.futex', '--json', '--exact']).stdout).collisionBound).toBe(0);
  });
});

describe('the built out/cli.js', () => {
  it('exports runMain, the CLI without process.exit, that bench/hostile.ts calls', async () => {
    // The hostile-input bench printed exit 1 and NaN MB for every case while this export was
    // missing (thirteenth session): it now throws, and this test keeps the export.
    const { runMain } = createRequire(__filename)(join(root, 'out', 'cli.js')) as { runMain?: typeof srcRunMain };
    expect(typeof runMain).toBe('function');
    const out: string[] = [];
    const err: string[] = [];
    expect(await runMain!(['run', join(root, 'examples', 'futex-wait-private.futex')], (s) => out.push(s), (s) => err.push(s))).toBe(0);
    expect(out.join('')).toContain('result');
    expect(await runMain!(['bogus'], () => {}, (s) => err.push(s))).toBe(2);
    expect(err.join('')).toMatch(/bogus/);
  });
});
