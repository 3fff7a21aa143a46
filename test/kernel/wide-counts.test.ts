// Wake and requeue counts wider than 32 bits (session/futex-call.ts count): the kernel reads the
// low 32 bits as an int, so 2^32 is 0 (a wake of 0 wakes one) and 2^31 INT_MIN (wakes one).
// The expected lines are what Linux 6.18 printed for these scenarios (`futexlab diff` agreed
// after the change; before it the simulator woke 3, then 0, and the requeue moved 3).

import { describe, it, expect } from 'vitest';
import { run, lines } from './v2-helpers';

const waiters = (names: string[]) => names.map((n) => `  thread ${n} {
    let r = futex_wait(w, 0, timeout 100)
    print "${n}", r
  }`).join('\n');

describe('counts wider than 32 bits', () => {
  it('futex_wake(w, 2^32) wakes one, and so does futex_wake(w, 2^31)', () => {
    const s = run(`process P {
  map w = anon private rw pages 1
${waiters(['a', 'b', 'c'])}
  thread main {
    sleep 5
    let n = futex_wake(w, 4294967296)
    let m = futex_wake(w, 2147483648)
    print "wake", n, m
  }
}`);
    expect(lines(s)).toContain('P/main: wake 1 1');
    expect(lines(s)).toContain('P/c: c -110');
  });

  it('requeue, wake_op, wake_bitset and futex2_wake cut their counts the same way', () => {
    const s = run(`process P {
  map w = anon private rw pages 1
${waiters(['a', 'b', 'c', 'd'])}
  thread main {
    sleep 5
    let q = futex_requeue(w, 0, 4294967297, w + 4)
    let o = futex_wake_op(w, 4294967296, 4294967296, w + 4, FUTEX_OP_SET, 0, FUTEX_OP_CMP_EQ, 0)
    let k = futex_wake_bitset(w, 4294967298, 1)
    let f = futex2_wake(w + 4, 1, 4294967297)
    print "counts", q, o, k, f
  }
}`);
    expect(lines(s)).toContain('P/main: counts 1 2 2 0');
  });
});
