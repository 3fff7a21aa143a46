// FUTEX_WAIT_REQUEUE_PI and FUTEX_CMP_REQUEUE_PI (GROUND-TRUTH.md §8.3), and CVE-2014-3153 step
// by step under gorman-2013 and modern (§8.4).
import { describe, it, expect } from 'vitest';
import { run, lines, kinds } from './pi-helpers';


describe('requeue-PI argument checks', () => {
  it('uaddr == uaddr2 -> -EINVAL on both calls; nr_wake != 1 -> -EINVAL (modern)', () => {
    const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread t {
    let r1 = futex_wait_requeue_pi(a, 0, a)
    let r2 = futex_cmp_requeue_pi(a, 1, 0, a, 0)
    let r3 = futex_cmp_requeue_pi(a, 2, 0, b, 0)
    let r4 = futex_cmp_requeue_pi(a, 0, 1, b, 0)
    print r1, r2, r3, r4
  }
}
`);
    expect(lines(s)).toEqual(['t: -22 -22 -22 -22']);
  });

  it('the same key at two addresses (a shared page mapped twice) -> -EINVAL (modern), accepted by gorman-2013', () => {
    const text = `shm seg pages 1
process P {
  map a = shm seg rw pages 1
  map a2 = shm seg rw pages 1
  thread t {
    let r = futex_wait_requeue_pi(a, 0, a2, timeout 2)
    print r
  }
}
`;
    expect(lines(run(text, 'modern'))).toEqual(['t: -22']);
    expect(lines(run(text, 'gorman-2013'))).toEqual(['t: -110']);
  });

  it('WAIT_REQUEUE_PI with uaddr == uaddr2 -> -EINVAL in gorman-2013 too (3.6, 6f7b0a2a5c0f); CMP_REQUEUE_PI accepts it there', () => {
    const text = `process P {
  map a = anon private rw pages 1
  thread t {
    let r1 = futex_wait_requeue_pi(a, 0, a, timeout 2)
    let r2 = futex_cmp_requeue_pi(a, 1, 0, a, 0)
    print r1, r2
  }
}
`;
    expect(lines(run(text, 'gorman-2013'))).toEqual(['t: -22 0']);
    expect(lines(run(text, 'modern'))).toEqual(['t: -22 -22']);
  });

  it('CMP_REQUEUE_PI with a negative nr_requeue: -EINVAL from 4.15 (fbe0e839d1e2); gorman-2013 neither wakes nor requeues, and returns 0', () => {
    const text = `process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread w {
    let r = futex_wait_requeue_pi(a, 0, b, timeout 20)
    print "w", r
  }
  thread t {
    sleep 2
    let r = futex_cmp_requeue_pi(a, 1, -1, b, 0)
    let v = load b
    print "requeue", r, "word", v
  }
}
`;
    expect(lines(run(text, 'gorman-2013'))).toEqual(['t: requeue 0 word 0', 'w: w -110']);
    expect(lines(run(text, 'modern'))).toEqual(['t: requeue -22 word 0', 'w: w -110']);
  });
});

describe('pairing', () => {
  it('CMP_REQUEUE_PI over a plain waiter -> -EINVAL, after which a plain wake still wakes it (1)', () => {
    const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread plain {
    futex_wait(a, 0)
    print "plain woken"
  }
  thread t {
    sleep 2
    let r = futex_cmp_requeue_pi(a, 1, 0, b, 0)
    let w = futex_wake(a, 1)
    print r, w
  }
}
`);
    expect(lines(s)).toEqual(['t: -22 1', 'plain: plain woken']);
  });

  it('a plain wake meeting a WAIT_REQUEUE_PI waiter -> -EINVAL; so does a plain CMP_REQUEUE', () => {
    const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread rq {
    let r = futex_wait_requeue_pi(a, 0, b, timeout 10)
    print "rq", r
  }
  thread t {
    sleep 2
    let w = futex_wake(a, 1)
    let c = futex_cmp_requeue(a, 1, 1, b, 0)
    print w, c
  }
}
`);
    expect(lines(s)).toEqual(['t: -22 -22', 'rq: rq -110']);
  });

  it('FUTEX_WAKE_OP meeting a WAIT_REQUEUE_PI waiter on either word -> -EINVAL, the word still written (the native agreement check found the simulator waking it)', () => {
    const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  map c = anon private rw pages 1
  thread rq {
    let r = futex_wait_requeue_pi(a, 0, b, timeout 10)
    print "rq", r
  }
  thread t {
    sleep 2
    let w1 = futex_wake_op(a, 1, 1, c, FUTEX_OP_SET, 5, FUTEX_OP_CMP_EQ, 0)
    let w2 = futex_wake_op(c, 1, 1, a, FUTEX_OP_SET, 0, FUTEX_OP_CMP_EQ, 0)
    let v = load c
    print w1, w2, v
  }
}
`);
    expect(lines(s)).toEqual(['t: -22 -22 5', 'rq: rq -110']);
  });
});

describe('the proxy trylock', () => {
  it('free target: the waiter owns it and returns 0; word = its TID, WAITERS only if nr_requeue > 0', () => {
    for (const [nreq, expectWaiters] of [[0, false], [1, true]] as const) {
      const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread waiter {
    let r = futex_wait_requeue_pi(a, 0, b)
    let v = load b
    let me = gettid()
    print r, v == me, v == (me | FUTEX_WAITERS)
  }
  thread t {
    sleep 2
    let r = futex_cmp_requeue_pi(a, 1, ${nreq}, b, 0)
    print r
  }
}
`);
      expect(lines(s)).toEqual(['t: 1', `waiter: 0 ${expectWaiters ? 0 : 1} ${expectWaiters ? 1 : 0}`]);
      expect(s.anomalies).toEqual([]);
    }
  });

  it('held target: (1, 0) with one waiter requeues it and returns 1; the unlock hands it the lock, word = waiter | WAITERS', () => {
    const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread owner {
    futex_lock_pi(b)
    sleep 3
    let r = futex_cmp_requeue_pi(a, 1, 0, b, 0)
    let v = load b
    print "requeue", r, v == (101 | FUTEX_WAITERS)
    let u = futex_unlock_pi(b)
    print "unlock", u
  }
  thread waiter {
    let r = futex_wait_requeue_pi(a, 0, b)
    let v = load b
    let me = gettid()
    print "waiter", r, v == (me | FUTEX_WAITERS)
  }
}
`);
    expect(lines(s)).toEqual(['owner: requeue 1 1', 'owner: unlock 0', 'waiter: waiter 0 1']);
    // woke nobody and missed nothing (§8.7)
    expect(s.anomalies).toEqual([]);
  });
});

const towelroot = `process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread t1 {
    let r1 = futex_lock_pi(b)
    sleep 2
    let r2 = futex_cmp_requeue_pi(a, 1, 0, b, 0)
    store b, 0
    let r3 = futex_cmp_requeue_pi(b, 1, 1, b, 0)
    sleep 5
    let r4 = futex_unlock_pi(b)
    print "t1", r1, r2, r3, r4
    sleep 50
  }
  thread t2 {
    let r = futex_wait_requeue_pi(a, 0, b)
    print "t2", r
  }
  thread t3 {
    sleep 6
    let r = futex_lock_pi(b)
    print "t3", r
  }
}
`;

describe('CVE-2014-3153 (towelroot)', () => {
  it('modern: the self-requeue is -EINVAL, LOCK_PI is -EINVAL (row [9]), UNLOCK_PI is -EPERM, t2 blocked until t1 dies', () => {
    const s = run(towelroot, 'modern');
    expect(lines(s)).toEqual(['t3: t3 -22', 't1: t1 0 1 -22 -1', 't2: t2 0']);
    expect(kinds(s)).toEqual(['pi-state-inconsistent']);
    expect(s.anomalies[0].message).toContain('row [9]');
    expect(s.anomalies[0].message).toContain("P/t1's store");
  });

  it('gorman-2013: the self-requeue succeeds and t2 returns with its rt_waiter linked: dangling-rt-waiter', () => {
    const s = run(towelroot, 'gorman-2013');
    expect(lines(s)[0]).toBe('t2: t2 0');
    expect(lines(s)).toContain('t1: t1 0 1 1 -1');
    expect(kinds(s)).toEqual(['pi-state-inconsistent', 'dangling-rt-waiter']);
    const d = s.anomalies[1];
    expect(d.thread).toBe('P/t2');
    // reported the moment t2 returns to user space: the step of the self-requeue
    const t2 = s.k.s.tasks.findIndex((t) => t.name === 'P/t2');
    const wake = s.events.find((e) => e.type === 'wakeup' && e.tid === t2);
    expect(wake?.step).toBe(d.step);
  });

  it('modern refuses the self-requeue even when word and kernel agree; the unlock then hands the lock to t2', () => {
    const text = towelroot.replace('    store b, 0\n', '');
    expect(lines(run(text, 'modern'))).toContain('t1: t1 0 1 -22 0');
  });
});

describe('eras', () => {
  it('gorman-2013 has requeue-PI (2.6.31), the 2002-2003 eras do not', () => {
    const text = `process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread t {
    let r = futex_wait_requeue_pi(a, 1, b)
    let c = futex_cmp_requeue_pi(a, 1, 0, b, 0)
    print r, c
  }
}
`;
    expect(lines(run(text, 'gorman-2013'))).toEqual(['t: -11 0']);
    expect(lines(run(text, 'modern'))).toEqual(['t: -11 0']);
    expect(lines(run(text, 'jamie-2003'))).toEqual(['t: -38 -38']);
  });
});
