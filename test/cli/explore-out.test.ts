// explore --out naming the scenario itself (by its path, another path, or a link to it) used to
// replace the scenario with the trace, silently, exit 1. It is a usage error and the file stays.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');
const EXAMPLE = join(root, 'examples', 'towelroot.futex');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('explore --out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-out-'));
  copyFileSync(EXAMPLE, join(dir, 's.futex'));
  symlinkSync(join(dir, 's.futex'), join(dir, 'link.json'));
  const original = readFileSync(EXAMPLE, 'utf8');

  for (const out of ['s.futex', './s.futex', join(dir, 's.futex'), `../${basename(dir)}/s.futex`, 'link.json']) {
    it(`--out ${out.startsWith('/') ? 'ABSOLUTE' : out}: refused, the scenario is kept`, () => {
      const r = run(['explore', 's.futex', '--out', out], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`futexlab explore: --out ${out} is the scenario itself: the trace would replace it\n`);
      expect(readFileSync(join(dir, 's.futex'), 'utf8')).toBe(original);
    });
  }

  it('another file is written as before', () => {
    const r = run(['explore', 's.futex', '--out', 'trace.json'], dir);
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'trace.json'))).toBe(true);
    expect(run(['replay', 's.futex', 'trace.json'], dir).code).toBe(1);
  });
});

describe('the schedule line', () => {
  it('runs of one thread are printed NAME xN, and expanded they are the trace --out wrote, step for step', () => {
    const dir = mkdtempSync(join(tmpdir(), 'futexlab-sched-'));
    const file = join(root, 'examples', 'condvar-requeue-lost-wakeup.futex');
    const r = run(['explore', file, '--out', 'trace.json'], dir);
    expect(r.code).toBe(1);
    const line = r.stdout.split('\n').find((l) => l.startsWith('schedule: '))!;
    const printed = line.slice('schedule: '.length).split(', ').flatMap((part) => {
      const m = /^(\S+) x(\d+)$/.exec(part);
      return m ? Array<string>(Number(m[2])).fill(m[1]) : [part];
    });
    const trace = JSON.parse(readFileSync(join(dir, 'trace.json'), 'utf8')) as { threads: string[]; schedule: number[] };
    expect(printed).toEqual(trace.schedule.map((t) => trace.threads[t]));
    expect(/ x\d+/.test(line)).toBe(true);
    expect(printed.length).toBe(Number(/^counterexample \((\d+) steps\)/.exec(r.stdout)![1]));
  });
});
