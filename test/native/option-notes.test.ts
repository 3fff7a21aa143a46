// Options the kernel cannot follow become not-on-this-machine notes (src/native/run.ts
// optionNotes): `option buckets` sizes the simulator's hash table only (a probe found a requeue
// between keys of one bucket ordered differently on the kernel, with nothing saying why).
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { prepareNative } from '../../src/native/run';

const prepared = (options: string) => {
  const r = loadProgram(`${options}
process P {
  map a = anon private rw pages 1
  thread t { let n = futex_wake(a, 1) }
}`, 'o.futex');
  if (!r.ok) throw new Error('does not load');
  return prepareNative(r.program, 'fifo');
};

describe('native: options the kernel cannot follow', () => {
  it('option buckets other than 256 is a note; the default, or none, is not', () => {
    expect(prepared('option buckets = 1').optionNotes).toEqual([expect.stringMatching(/^option buckets = 1: the kernel's futex hash table keeps its own size/)]);
    expect(prepared('option buckets = 256').optionNotes).toEqual([]);
    expect(prepared('').optionNotes).toEqual([]);
  });
});
