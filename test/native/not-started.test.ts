// A built native program that cannot be started (its exec fails), or that exits before the end of
// its run (no `end` line), is an error result that says so, not a run that printed what it printed
// and ended `ok` (src/native/run.ts notRun, parse).
import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { prepareNative, runBinary, runBinaryAsync } from '../../src/native/run';

describe.runIf(process.platform === 'linux')('a native program that cannot be started', () => {
  const r = loadProgram('scenario "s"\nprocess P {\n  thread t {\n    print "hi"\n  }\n}\n', 's.futex');
  if (!r.ok) throw new Error('does not load');
  const p = prepareNative(r.program, 'fifo');
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-notrun-'));
  const bin = join(dir, 'not-executable');
  writeFileSync(bin, 'x');
  chmodSync(bin, 0o644); // no execute permission: the spawn fails with EACCES

  it('runBinary: an error result naming the reason', () => {
    const res = runBinary(bin, [], p);
    expect(res.result).toBe('error');
    expect(res.errors).toEqual(['the native program could not be started: EACCES']);
    expect(res.output).toEqual([]);
  });

  it('runBinaryAsync: the same, without a rejection', async () => {
    const res = await runBinaryAsync(bin, [], p);
    expect(res.result).toBe('error');
    expect(res.errors).toEqual(['the native program could not be started: EACCES']);
  });

  // Stand-ins for a built program: protocol lines on stdout, then an exit status.
  const script = (name: string, lines: string[], status: number): string => {
    const f = join(dir, name);
    writeFileSync(f, `#!/bin/sh\ncat >/dev/null\n${lines.map((l) => `printf '${l}\\n'`).join('\n')}\nexit ${status}\n`);
    chmodSync(f, 0o755);
    return f;
  };

  it('a program that exits without its end line: an error, its lines kept', async () => {
    const early = script('early', ['print\tP/t\thi', 'left\tP/t\trunning'], 1);
    for (const res of [runBinary(early, [], p), await runBinaryAsync(early, [], p)]) {
      expect(res.result).toBe('error');
      expect(res.errors).toEqual(['the native program exited (status 1) before the end of its run, without saying why']);
      expect(res.output).toEqual([{ thread: 'P/t', text: 'hi' }]);
    }
  });

  it('a run that ends (its end line) with threads left is a deadlock, whatever its exit status', async () => {
    const left = script('left', ['print\tP/t\thi', 'left\tP/t\tasleep-in-futex', 'end\t3'], 1);
    for (const res of [runBinary(left, [], p), await runBinaryAsync(left, [], p)]) {
      expect(res.errors).toEqual([]);
      expect(res.result).toBe('deadlock');
      expect(res.steps).toBe(3);
    }
  });

  it('the program\'s own error line, without an end line, is the error given', async () => {
    const fatal = script('fatal', ['error\tmmap of the control page failed'], 3);
    const res = runBinary(fatal, [], p);
    expect(res.result).toBe('error');
    expect(res.errors).toEqual(['mmap of the control page failed']);
  });
});
