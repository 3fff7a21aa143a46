// priority-inversion's `others` are the threads involved (SEMANTICS.md: each anomaly is reported
// with the threads involved): L and the Ms its message names (GROUND-TRUTH §8.7: M has a priority
// above L's and below H's). A thread above H's priority that ran while H waited preempted nobody H
// was waiting for; it was listed, as was every thread that ran, and at the end of a run the
// threads above H's priority too, which the message does not name.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

const mutex = `
fn lock(m) {
  let c = cas m, 0, 1
  if c != 0 {
    if c != 2 { c = xchg m, 2 }
    while c != 0 {
      futex_wait(m, 2)
      c = xchg m, 2
    }
  }
}
fn unlock(m) {
  let c = fetch_sub m, 1
  if c != 1 {
    store m, 0
    futex_wake(m, 1)
  }
}
`;

const threads = (unlock: string) => `
process P {
  map m = anon private rw pages 1
  thread low sched fifo 10 {
    lock(m)
    let i = 0
    while i < 30 { i = i + 1 }
    ${unlock}
  }
  thread high sched fifo 30 {
    sleep 10
    lock(m)
    unlock(m)
  }
  thread med sched fifo 20 {
    sleep 20
    let i = 0
    while i < 5 { i = i + 1 }
  }
  thread top sched fifo 40 {
    sleep 25
    let i = 0
    while i < 5 { i = i + 1 }
  }
}
`;

function run(text: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const s = new Session(r.program, { strategy: 'modern' });
  s.run();
  return s;
}

describe('oracle: priority-inversion names the threads involved', () => {
  it('woken by L: L and M, not the higher-priority thread that also ran', () => {
    const s = run(mutex + threads('unlock(m)'));
    const inv = s.anomalies.filter((a) => a.kind === 'priority-inversion');
    expect(inv.map((a) => [a.thread, a.others])).toEqual([['P/high', ['P/low', 'P/med']]]);
    expect(inv[0].message).toMatch(/P\/high \(fifo 30\) waited for P\/low \(fifo 10\) while P\/med \(fifo 20, \d+ ticks\)/);
  });

  it('still blocked at the end: the lower-priority threads that ran, not the higher one', () => {
    const s = run(mutex + threads(''));
    const inv = s.anomalies.filter((a) => a.kind === 'priority-inversion');
    expect(inv.map((a) => [a.thread, a.others])).toEqual([['P/high', ['P/low', 'P/med']]]);
    expect(inv[0].message).not.toMatch(/P\/top/);
  });
});
