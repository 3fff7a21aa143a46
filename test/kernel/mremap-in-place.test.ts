// mremap grows a mapping in place when the gap up to the next vma holds the new length (2.6.0
// mm/mremap.c: `if (max_addr - addr >= new_len)`, max_addr = vma->vm_next->vm_start), the
// one-page gap the default placement leaves included; it moves only when the gap is too small.
// The simulator kept a page free after the grown mapping, so growing into the exact gap moved it,
// and a (mm, address) waiter's word was no longer where it waited.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

const scenario = (pages: number) => `
process P {
  map w = anon private rw pages 1
  map next = anon private rw pages 1
  store w, 0
  thread main {
    spawn T1 {
      let r = futex_wait(w, 0, timeout 100)
      print "T1", r
    }
    yield
    let before = w
    mremap w, pages ${pages}
    print "moved", w != before
    let n = futex_wake(w, 1)
    print "woke", n
  }
}
`;

function outputs(text: string, strategy: string): string[] {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const s = new Session(r.program, { strategy, checkInvariants: true });
  s.run();
  return s.output.map((o) => o.text);
}

describe('mremap growth', () => {
  it('into the whole gap before the next mapping: in place, the waiter is still there', () => {
    for (const strategy of ['jamie-2003', 'modern']) {
      expect(outputs(scenario(2), strategy), strategy).toEqual(['moved 0', 'woke 1', 'T1 0']);
    }
  });

  it('past the next mapping: it moves (undefined behaviour for the waiter)', () => {
    expect(outputs(scenario(3), 'jamie-2003')).toEqual(['moved 1', 'woke 0', 'T1 -110']);
  });
});
