// FUTEX_LOCK_PI / TRYLOCK_PI / UNLOCK_PI (GROUND-TRUTH.md §8.2), per operation and per era.
import { describe, it, expect } from 'vitest';
import { run, lines } from './pi-helpers';

const W = -2147483648; // FUTEX_WAITERS as load returns it
const OD = 0x40000000;

describe('futex_lock_pi on a free word', () => {
  it('stores the TID, keeps OWNER_DIED and drops a stale WAITERS', () => {
    const s = run(`process A {
  map f = anon private rw pages 1
  thread t {
    let r = futex_lock_pi(f)
    let v = load f
    store f, FUTEX_WAITERS | FUTEX_OWNER_DIED
    let r2 = futex_unlock_pi(f)
    let r3 = futex_lock_pi(f)
    let v3 = load f
    print r, v, r2, r3, v3
  }
}
`);
    // unlock_pi of a word whose TID is not ours -> -EPERM; then LOCK_PI takes it keeping OWNER_DIED.
    expect(lines(s)).toEqual([`t: 0 101 -1 0 ${OD | 101}`]);
  });

  it('-EDEADLK when the word already holds the caller\'s TID, checked first', () => {
    const s = run(`process A {
  map f = anon private rw pages 1
  thread t {
    let me = gettid()
    store f, me | FUTEX_WAITERS
    let r = futex_lock_pi(f)
    print r == -EDEADLK
  }
}
`);
    expect(lines(s)).toEqual(['t: 1']);
  });
});

describe('contended lock, handoff and the word protocol', () => {
  it('sets WAITERS, blocks, and the unlock hands the lock to the waiter with WAITERS kept', () => {
    const s = run(`process A {
  map f = anon private rw pages 1
  thread owner {
    let r = futex_lock_pi(f)
    sleep 5
    let v = load f
    let u = futex_unlock_pi(f)
    print "owner", r, v, u
  }
  thread waiter {
    sleep 1
    let r = futex_lock_pi(f)
    let v = load f
    let me = gettid()
    print "waiter", r, v == (me | FUTEX_WAITERS)
    let u = futex_unlock_pi(f)
    let v2 = load f
    print "after", u, v2
  }
}
`);
    expect(s.result).toBe('ok');
    expect(lines(s)).toEqual([`owner: owner 0 ${101 | W} 0`, 'waiter: waiter 0 1', 'waiter: after 0 0']);
  });

  it('TRYLOCK_PI on a held word returns -EWOULDBLOCK and leaves WAITERS set', () => {
    const s = run(`process A {
  map f = anon private rw pages 1
  thread owner {
    let r = futex_lock_pi(f)
    sleep 3
  }
  thread other {
    sleep 1
    let r = futex_trylock_pi(f)
    let v = load f
    print r == -EAGAIN, v == (101 | FUTEX_WAITERS)
  }
}
`);
    expect(lines(s)).toEqual(['other: 1 1']);
  });

  it('a TID that names no live task: -ESRCH, and the WAITERS bit set on the way stays', () => {
    const s = run(`process A {
  map f = anon private rw pages 1
  thread gone {
    let r = futex_lock_pi(f)
  }
  thread other {
    sleep 2
    let r = futex_lock_pi(f)
    let r2 = futex_trylock_pi(f)
    let v = load f
    print r == -ESRCH, r2 == -ESRCH, v == (101 | FUTEX_WAITERS)
  }
}
`);
    expect(lines(s)).toEqual(['other: 1 1 1']);
  });

  it('UNLOCK_PI by a non-owner is -EPERM before the alignment check', () => {
    const s = run(`process A {
  map f = anon private rw pages 1
  thread t {
    let r = futex_unlock_pi(f + 1)
    let me = gettid()
    store f + 4, me
    let r2 = futex_unlock_pi(f + 4)
    print r == -EPERM, r2
  }
}
`);
    expect(lines(s)).toEqual(['t: 1 0']);
  });

  it('a plain futex_wait waiter on the word: LOCK_PI -> -EINVAL (row [3]); a plain wake of a PI waiter -> -EINVAL', () => {
    const s = run(`process A {
  map f = anon private rw pages 1
  map g = anon private rw pages 1
  thread plain {
    store f, 7
    let r = futex_wait(f, 7)
  }
  thread locker {
    sleep 1
    let r = futex_lock_pi(f)
    print "lock", r == -EINVAL
    let w = futex_wake(f, 1)
    print "wake", w
    let o = futex_lock_pi(g)
    sleep 4
    let u = futex_unlock_pi(g)
  }
  thread piwaiter {
    sleep 2
    let r = futex_lock_pi(g)
    print "piwaiter", r
  }
  thread waker {
    sleep 3
    let w = futex_wake(g, 1)
    print "plain wake", w == -EINVAL
  }
}
`);
    expect(lines(s)).toEqual(['locker: lock 1', 'locker: wake 1', 'waker: plain wake 1', 'piwaiter: piwaiter 0']);
  });
});

describe('eras', () => {
  for (const era of ['pinned-page', 'vcache', 'rusty-2003', 'jamie-2003']) {
    it(`${era}: every PI op is -ENOSYS`, () => {
      const s = run(`process A {
  map f = anon private rw pages 1
  map g = anon private rw pages 1
  thread t {
    let a = futex_lock_pi(f)
    let b = futex_trylock_pi(f)
    let c = futex_unlock_pi(f)
    let d = futex_lock_pi2(f)
    let e = futex_wait_requeue_pi(f, 0, g)
    let h = futex_cmp_requeue_pi(f, 1, 0, g, 0)
    print a, b, c, d, e, h
  }
}
`, era);
      expect(lines(s)).toEqual(['t: -38 -38 -38 -38 -38 -38']);
    });
  }
  it('gorman-2013 has LOCK_PI but not LOCK_PI2; modern has both', () => {
    const text = `process A {
  map f = anon private rw pages 1
  map g = anon private rw pages 1
  thread t {
    let a = futex_lock_pi(f)
    let b = futex_lock_pi2(g)
    print a, b
  }
}
`;
    expect(lines(run(text, 'gorman-2013'))).toEqual(['t: 0 -38']);
    expect(lines(run(text, 'modern'))).toEqual(['t: 0 0']);
  });
});

describe('rt_mutex deadlock detection', () => {
  it('AB-BA: the second LOCK_PI that would close the cycle gets -EDEADLK, WAITERS stays set', () => {
    const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread t1 {
    futex_lock_pi(a)
    sleep 2
    let r = futex_lock_pi(b)
    print "t1", r
    futex_unlock_pi(b)
    futex_unlock_pi(a)
  }
  thread t2 {
    futex_lock_pi(b)
    sleep 4
    let r = futex_lock_pi(a)
    let v = load a
    print "t2", r == -EDEADLK, v == (101 | FUTEX_WAITERS)
    futex_unlock_pi(b)
  }
}
`);
    expect(lines(s)).toEqual(['t2: t2 1 1', 't1: t1 0']);
    expect(s.result).toBe('ok');
  });
});

describe('rt_mutex waiter order', () => {
  it('the unlock hands the lock to the highest priority waiter; SCHED_OTHER waiters are FIFO whatever their nice', () => {
    const s = run(`process P {
  map f = anon private rw pages 1
  thread owner sched fifo 50 {
    futex_lock_pi(f)
    sleep 10
    futex_unlock_pi(f)
  }
  thread o1 nice 10 {
    sleep 1
    futex_lock_pi(f)
    print "o1"
    futex_unlock_pi(f)
  }
  thread o2 nice -10 {
    sleep 2
    futex_lock_pi(f)
    print "o2"
    futex_unlock_pi(f)
  }
  thread rt sched fifo 5 {
    sleep 3
    futex_lock_pi(f)
    print "rt"
    futex_unlock_pi(f)
  }
}
`);
    expect(lines(s)).toEqual(['rt: rt', 'o1: o1', 'o2: o2']);
    expect(s.anomalies).toEqual([]);
  });
});
