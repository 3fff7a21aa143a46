// Which wakes the oracle judges, and against which waiters (docs/oracle.md, GROUND-TRUTH §8.7):
// - a wake that fails is not judged: a FUTEX_WAKE, WAKE_OP or requeue that meets a PI or
//   requeue-PI waiter returns -EINVAL, and was reported as a missed wake-up of that waiter;
// - a version-2 wake counts only the waiters of its own reference key: a private waiter is not
//   one a shared bitset or futex2 wake should wake (the kernel keys them apart); a version-1
//   wake still counts it, and reports the mismatch as the user's missed wake-up.
// (Both found by a probe of new scenarios on the rules, session 15.)

import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

function run(text: string): Session {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
  const s = new Session(r.program, { strategy: 'modern', checkInvariants: true });
  s.run();
  return s;
}

const printed = (s: Session) => s.output.map((o) => `${o.thread}: ${o.text}`);

describe('a wake that fails is not judged', () => {
  it('FUTEX_WAKE, CMP_REQUEUE and REQUEUE meeting a requeue-PI waiter: -EINVAL, no anomaly', () => {
    const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  map c = anon private rw pages 1
  thread w {
    let r = futex_wait_requeue_pi(a, 0, b, timeout 30)
    print "w", r
  }
  thread t {
    sleep 5
    let r = futex_wake(a, 1)
    let r2 = futex_cmp_requeue(a, 0, 1, c, 0)
    let r3 = futex_requeue(a, 1, 0, c)
    print "wake", r, r2, r3
  }
}`);
    expect(printed(s)).toEqual(['P/t: wake -22 -22 -22', 'P/w: w -110']);
    expect(s.anomalies).toEqual([]);
    const failed = s.events.flatMap((e) => (e.type === 'wake' ? [e.failed] : []));
    expect(failed).toEqual([-22, -22, -22]);
  });

  it('FUTEX_WAKE_OP whose second word has a PI waiter: -EINVAL, no anomaly', () => {
    const s = run(`process P {
  map m = anon private rw pages 1
  map n = anon private rw pages 1
  thread a {
    futex_lock_pi(n)
    sleep 20
    futex_unlock_pi(n)
  }
  thread b {
    sleep 2
    let r = futex_lock_pi(n)
    print "b", r
    futex_unlock_pi(n)
  }
  thread k {
    sleep 5
    let x = futex_wake_op(m, 1, 1, n, FUTEX_OP_ADD, 0, FUTEX_OP_CMP_NE, 0)
    print "wake_op", x
  }
}`);
    expect(printed(s)).toContain('P/k: wake_op -22');
    expect(s.anomalies).toEqual([]);
  });

  it('a wake that succeeds is still judged: a plain waiter behind the wake is missed when nobody is woken', () => {
    // The same plain wake of a private waiter, shared: the version-1 rule counts it as missed.
    const s = run(`process P {
  map m = anon private rw pages 1
  thread w {
    let r = futex_wait(m, 0, timeout 50, private)
    print "w", r
  }
  thread k {
    sleep 5
    let a = futex_wake(m, 1)
    print "shared", a
  }
}`);
    expect(printed(s)).toEqual(['P/k: shared 0', 'P/w: w -110']);
    expect(s.anomalies.map((a) => [a.kind, a.others])).toEqual([['missed-wakeup', ['P/w']]]);
  });
});

describe('a version-2 wake counts only the waiters of its own reference key', () => {
  for (const [name, wait, shared, priv] of [
    ['bitset', 'futex_wait_bitset(m, 0, 1, timeout 50, private)', 'futex_wake_bitset(m, 1, 1)', 'futex_wake_bitset(m, 1, 1, private)'],
    ['futex2', 'futex2_wait(m, 0, 0xffffffff, private, timeout 50)', 'futex2_wake(m, 0xffffffff, 1)', 'futex2_wake(m, 0xffffffff, 1, private)'],
  ]) {
    it(`${name}: a shared wake leaves a private waiter, with no anomaly; the private wake wakes it`, () => {
      const s = run(`process P {
  map m = anon private rw pages 1
  thread w {
    let r = ${wait}
    print "w", r
  }
  thread k {
    sleep 5
    let a = ${shared}
    let b = ${priv}
    print "shared", a, "private", b
  }
}`);
      expect(printed(s)).toEqual(['P/k: shared 0 private 1', 'P/w: w 0']);
      expect(s.anomalies).toEqual([]);
    });
  }

  it('the wake events say how they key: version-2 wakes private or shared, version-1 wakes not at all', () => {
    const s = run(`process P {
  map m = anon private rw pages 1
  thread k {
    let a = futex_wake_bitset(m, 1, 1)
    let b = futex2_wake(m, 0xffffffff, 1, private)
    let c = futex_wake(m, 1, private)
  }
}`);
    const wakes = s.events.flatMap((e) => (e.type === 'wake' ? [[e.op, e.keyedBy]] : []));
    expect(wakes).toEqual([['futex_wake_bitset', 'shared'], ['futex2_wake', 'private'], ['futex_wake', undefined]]);
  });
});
