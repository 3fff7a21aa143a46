// The oracle's `undefined` note is for waiters whose mapping was unmapped, moved, truncated or
// remapped (SEMANTICS.md "The reference oracle"). An mremap that resizes a mapping in place moves
// nothing: it used to mark every waiter of the old range, which turned pinned-page's missed
// wake-up after fork (unrelated to the mremap) into a note. A move still marks them.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

const scenario = (mremap: string, fork = 'fork C {\n      sleep 200\n    }') => `
process P {
  map word = anon private rw pages 1
  store word, 0
  thread main {
    spawn T1 {
      let r = futex_wait(word, 0, timeout 100)
    }
    yield
    ${fork}
    ${mremap}
    store word, 1
    futex_wake(word, 1)
  }
}
`;

function run(text: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const s = new Session(r.program, { strategy: 'pinned-page' });
  s.run();
  return s;
}

describe('oracle: mremap', () => {
  it('in place (growth): the missed wake-up is still an anomaly', () => {
    const s = run(scenario('mremap word, pages 3'));
    expect(s.anomalies.map((a) => a.kind)).toEqual(['missed-wakeup']);
    expect(s.notes).toEqual([]);
  });

  it('a move: undefined behaviour, a note (the page moved with it: the wake at the new address reaches the waiter)', () => {
    const s = run(scenario('mremap word, pages 1, to 0x20000000', ''));
    expect(s.anomalies).toEqual([]);
    expect(s.notes.map((n) => n.message).join('\n')).toMatch(/mremap: undefined behaviour/);
  });
});
