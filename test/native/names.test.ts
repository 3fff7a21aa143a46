// The native runner's name buffers (runtime-ctl.ts FL_NAME, gen.ts checkNameLengths): a name
// PROCESS/THREAD that does not fit 511 bytes is refused before anything is built, as the
// runner refuses what it cannot carry out; one that fits comes back whole (native-core.test.ts
// "long process and thread names").
import { it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { generateC, Unsupported } from '../../src/native/gen';

const gen = (proc: string, thread: string) => {
  const r = loadProgram(`process ${proc} {\n  thread ${thread} {\n    spawn ${thread}2 { print "s" }\n  }\n}\n`, 'names.futex');
  if (!r.ok) throw new Error('does not load');
  return () => generateC(r.program.scenario, '');
};

it('refuses a thread name past 511 bytes with its process name, and takes one that fits', () => {
  expect(gen('P'.repeat(300), 't'.repeat(300))).toThrow(Unsupported);
  expect(gen('P'.repeat(300), 't'.repeat(300))).toThrow(/more than 511 bytes/);
  expect(gen('P'.repeat(250), 't'.repeat(250))).not.toThrow();
});
