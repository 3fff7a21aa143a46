// After a requeue the waiter waits on the target word in the requeuer's mm (SEMANTICS.md: "A
// requeue moves a waiter's reference identity to the target address"). The oracle kept the
// address it first waited on for its undefined-behaviour marks and its COW tracking: unmapping
// the old word made a real anomaly a note, and unmapping the new one did not.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

const scenario = (unmap: string, remap = '') => `
process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  store a, 0
  store b, 0
  thread main {
    let bb = b
    spawn W {
      let r = futex_wait(a, 0, timeout 100)
    }
    yield
    futex_requeue(a, 0, 1, b)
    fork C { sleep 200 }
    munmap ${unmap}
    ${remap}
    store bb, 1
    futex_wake(bb, 1)
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

describe('oracle: where a requeued waiter waits', () => {
  it('unmapping the word it left is not undefined behaviour for it', () => {
    // pinned-page: the fork made b's page COW-shared, the store copies it, the wake misses W.
    const s = run(scenario('a'));
    expect(s.anomalies.map((a) => [a.kind, a.cause?.rule])).toEqual([['missed-wakeup', 'cow-copy']]);
    expect(s.notes).toEqual([]);
  });

  it('unmapping the word it was requeued to is', () => {
    const s = run(scenario('b', 'map b2 = anon private rw pages 1 at bb'));
    expect(s.anomalies).toEqual([]);
    expect(s.notes.map((n) => n.message).join('\n')).toMatch(/undefined behaviour: munmap/);
  });
});
