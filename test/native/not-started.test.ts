// A built native program that cannot be started (its exec fails) is an error result that says so,
// not a run that printed nothing and ended `ok` (src/native/run.ts notRun).
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
});
