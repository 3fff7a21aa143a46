// The command line on hostile input (issue #14): files it must not read whole, text it must not
// print raw, results it must not lose, traces it must not trust, flags it must not misread.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');
const dir = mkdtempSync(join(tmpdir(), 'futexlab-hostile-'));
const BARRIER = 'examples/barrier-naive.futex';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}


describe('files', () => {
  it('a file that never ends (/dev/zero) is an error, exit 2, not an abort', () => {
    const r = run(['run', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('futexlab: cannot read /dev/zero: larger than 1048576 bytes\n');
  });

  it('explore prints its counterexample, then reports a --out it cannot write with exit 2', () => {
    const out = join(dir, 'no-such-dir', 't.json');
    const r = run(['explore', BARRIER, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^counterexample \(\d+ steps\): deadlock: /);
    expect(r.stdout).toMatch(/^schedule: P\/t/m);
    expect(r.stderr).toBe(`futexlab explore: cannot write the trace to ${out}: ENOENT\n`);
  });

  it('with --json too, and stdout is still one JSON object: the counterexample and the error', () => {
    const out = join(dir, 'no-such-dir', 't.json');
    const r = run(['explore', BARRIER, '--out', out, '--json']);
    expect(r.code).toBe(2);
    const o = JSON.parse(r.stdout); // two objects (the result, then an error object) do not parse
    expect(o.result).toBe('counterexample');
    expect(o.counterexample.result).toBe('deadlock');
    expect(o.error).toEqual({ exit: 2, message: `futexlab explore: cannot write the trace to ${out}: ENOENT`, diagnostics: [] });
    expect(r.stderr).toBe(`futexlab explore: cannot write the trace to ${out}: ENOENT\n`);
  });
});

describe('printed text', () => {
  const f = () => file('esc.futex', 'scenario "t\\e"\nprocess A {\n  thread main { print "a\u001b[2Jb\\nresult: ok\u009b1m" }\n}\n'.replace('\\e', ''));

  it('control characters are escaped in text: no ESC reaches the terminal, no fake result line', () => {
    const r = run(['run', f()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('A/main: a\\e[2Jb\\nresult: ok\\x9b1m\nresult: ok (1 step)\n');
  });

  it('and in JSON, C1 controls too', () => {
    const r = run(['run', f(), '--json']);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain('"text": "a\\u001b[2Jb\\nresult: ok\\u009b1m"');
    expect(JSON.parse(r.stdout).output[0].text).toBe('a\u001b[2Jb\nresult: ok\u009b1m');
  });
});

describe('flags', () => {
  it('a negative number is a value: the flag says what it wants, not "ambiguous"', () => {
    // --seed belongs to the random modes (an option that does not apply is refused first).
    for (const [flag, v] of [['--max-states', '-1'], ['--seed', '-1'], ['--preemptions', '-5']]) {
      const r = run(['explore', BARRIER, ...(flag === '--seed' ? ['--mode', 'random'] : []), flag!, v!]);
      expect(r.code, flag).toBe(2);
      expect(r.stderr).toBe(`futexlab: ${flag} wants a whole number, got '${v}'\n`);
    }
  });

  it('--option __proto__=1 is an unknown option, not silently dropped', () => {
    const r = run(['run', BARRIER, '--option', '__proto__=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("futexlab: unknown option '__proto__'\n");
    expect(run(['run', BARRIER, '--option', 'modern.constructor=1']).stderr).toBe("futexlab: unknown option 'modern.constructor'\n");
  });

  it('a limit option works from the command line', () => {
    const f = file('loop.futex', 'process A {\n  thread main { while 1 { print "xxxxxxxxx" } }\n}\n');
    const r = run(['run', f, '--option', 'max_output=50']);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^A\/main: x+$/gm)).toHaveLength(5); // 10 characters a line, 50 allowed
    expect(r.stdout).toMatch(/\nresult: output-limit \(\d+ steps\)\n$/);
  });
});

describe('traces', () => {
  let trace: Record<string, unknown>;
  beforeAll(() => {
    const out = join(dir, 'good.json');
    expect(run(['explore', BARRIER, '--out', out]).code).toBe(1);
    expect(existsSync(out)).toBe(true);
    trace = JSON.parse(readFileSync(out, 'utf8'));
  });
  const replay = (t: unknown) => run(['replay', BARRIER, file('t.json', typeof t === 'string' ? t : JSON.stringify(t))]);

  it('the explorer\'s own trace replays to its failure', () => {
    const r = replay(trace);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^result: deadlock after \d+ steps/m);
  });

  it.each([
    ['another version', () => ({ ...trace, version: 2 }), /version: must be 1, not 2: /],
    ['no version', () => ({ ...trace, version: undefined }), /version: must be 1, not undefined: /],
    ['a hash prefix', () => ({ ...trace, scenarioHash: String(trace.scenarioHash).slice(0, 8) }), /scenarioHash: the trace was recorded for another scenario text/],
    ['no hash', () => ({ ...trace, scenarioHash: undefined }), /scenarioHash: is required/],
    ['an empty schedule', () => ({ ...trace, schedule: [], failure: 'x\nresult: ok' }), /schedule: is empty/],
    ['a schedule entry that is not a tid', () => ({ ...trace, schedule: [0, 1.5] }), /schedule: entry 1 is not a thread id/],
    ['options that are not strings', () => ({ ...trace, options: { max_steps: 5 } }), /"options" value of "max_steps" must be a string/],
    ['not JSON', () => 'password=hunter2', /not a futexlab trace: it is not JSON$/],
    // The thread names were not checked at all (the ninth session's audit): a trace edited to
    // rename or reorder its threads replayed as if they were right.
    ['its thread names reordered', () => ({ ...trace, threads: [...(trace.threads as string[])].reverse() }), /schedule: the replayed trace diverges at step 1: its threads list has another name for thread 0, which is P\/t1 here$/],
    ['a thread renamed', () => ({ ...trace, threads: (trace.threads as string[]).map((n, i) => (i === 1 ? 'hunter2' : n)) }), /schedule: the replayed trace diverges at step \d+: its threads list has another name for thread 1, which is P\/t2 here$/],
    ['a thread too many', () => ({ ...trace, threads: [...(trace.threads as string[]), 'hunter2'] }), /threads: lists 4 threads; the replayed schedule makes 3 \(P\/t1, P\/t2, P\/t3\)$/],
    ['threads that are not a list of names', () => ({ ...trace, threads: 3 }), /threads: must be an array of at most 32768 thread names, by tid$/],
    ['a thread name that is not a string', () => ({ ...trace, threads: [0, 1, 2] }), /threads: entry 0 is not a thread name$/],
    // A bad strategy or option of the trace was reported without naming the trace.
    ['an unknown strategy', () => ({ ...trace, strategy: 'linus-1999' }), /^futexlab replay: \S*t\.json: strategy: 'linus-1999' is not a strategy/],
    ['an option out of range', () => ({ ...trace, options: { max_steps: '-1' } }), /^futexlab replay: \S*t\.json: option max_steps: '-1' is not an integer >= 0$/],
  ])('refuses a trace with %s, exit 2, quoting nothing of it', (_, make, message) => {
    const r = replay(make());
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stdout).toBe('');
  });

  it('a tampered trace whose schedule reaches no failure is refused; its failure text is never printed', () => {
    const r = replay({ ...trace, schedule: (trace.schedule as number[]).slice(0, 2), failure: 'all good\nresult: ok (0 steps)' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the schedule reaches no failure .* refused\n$/);
    expect(r.stdout + r.stderr).not.toContain('all good');
  });
});

describe('negative times and sizes in a scenario', () => {
  // nanosleep and truncate(2) refuse them (-EINVAL); the thread that gives one is killed with
  // what it gave, as a division by zero is, instead of the value being taken as 0.
  const cases: [string, string, string][] = [
    ['sleep', 'sleep -3', 'sleep -3: a time cannot be negative'],
    ['truncate', 'truncate db, pages -1', 'truncate db, pages -1: a file size cannot be negative'],
    ['lock_page', 'lock_page fs, ticks -5', 'lock_page ticks -5: a time cannot be negative'],
  ];
  for (const [name, stmt, message] of cases) {
    it(`${name} with a negative value kills the thread and says why; the next statement does not run`, () => {
      const f = file(`neg-${name}.futex`, `file db pages 2\nprocess A {\n  map fs = file db shared rw pages 2\n  thread t {\n    store fs, 1\n    ${stmt}\n    print 1\n  }\n}\n`);
      const r = run(['run', f]);
      expect(r.stdout).toBe(`killed: A/t: ${message}\nresult: ok (2 steps)\n`);
      expect(r.code).toBe(0);
    });
  }
});
