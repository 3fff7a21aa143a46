// The PI operations' checks where gorman-2013 (before the June 2014 fixes) and modern differ
// (GROUND-TRUTH.md §8.1, §8.2, §8.4; kernel/futex/pi.ts lockPiAtomic2013), and the order of
// each op's checks in both eras.
import { describe, it, expect } from 'vitest';
import { run, lines } from './pi-helpers';

const W = -2147483648;
const OD = 0x40000000;

describe('futex_lock_pi on a word with no owner TID and no kernel waiter', () => {
  it('modern takes it keeping OWNER_DIED and dropping WAITERS; gorman-2013 forces the take with WAITERS set by its first pass', () => {
    const text = `process A {
  map f = anon private rw pages 1
  thread t {
    store f, FUTEX_OWNER_DIED
    let r = futex_lock_pi(f)
    let v = load f
    store f, FUTEX_WAITERS
    let r2 = futex_trylock_pi(f)
    let v2 = load f
    print r, v, r2, v2
  }
}
`;
    expect(lines(run(text))).toEqual([`t: 0 ${OD | 101} 0 101`]);
    expect(lines(run(text, 'gorman-2013'))).toEqual([`t: 0 ${W | OD | 101} 0 ${W | 101}`]);
  });
});

describe('order of checks, both eras', () => {
  for (const strategy of ['gorman-2013', 'modern']) {
    it(`${strategy}: LOCK_PI checks alignment before the word, -EDEADLK before -ESRCH; UNLOCK_PI checks the TID before alignment`, () => {
      const s = run(`process A {
  map f = anon private rw pages 1
  thread t {
    let me = gettid()
    let a = futex_lock_pi(f + 2)
    let u = futex_lock_pi(0)
    store f, me
    let d = futex_lock_pi(f)
    store f, 999
    let e = futex_lock_pi(f)
    let ve = load f
    let x = futex_unlock_pi(f + 2)
    store f, me
    let y = futex_unlock_pi(f + 4)
    let z = futex_unlock_pi(f)
    let vz = load f
    print a, u, d, e, ve == (999 | FUTEX_WAITERS), x, y, z, vz
  }
}
`, strategy);
      // -EINVAL, -EFAULT, -EDEADLK, -ESRCH (WAITERS stays), -EPERM (the unaligned read sees
      // another TID), -EPERM (the word at f + 4 is 0), 0 with the word 0
      expect(lines(s)).toEqual(['t: -22 -14 -35 -3 1 -1 -1 0 0']);
    });
  }
});

describe('FUTEX_WAKE_OP meeting a PI or requeue-PI waiter', () => {
  for (const strategy of ['gorman-2013', 'modern']) {
    it(`${strategy}: -EINVAL, the PI waiter stays queued on its rt_mutex (no dangling rt_waiter), plain waiters before it are woken`, () => {
      const s = run(`process P {
  map f = anon private rw pages 1
  map a = anon private rw pages 1
  thread owner {
    futex_lock_pi(f)
    sleep 20
    let r = futex_wake_op(f, 2, 0, a + 8, 0, 0, 0, 0)
    let r2 = futex_wake_op(a + 8, 1, 1, a, 0, 0, 0, 0)
    print "wake_op", r, r2
    sleep 2
    futex_unlock_pi(f)
  }
  thread plain {
    sleep 1
    let r = futex_wait(a + 8, 0, timeout 60)
    print "plain", r
  }
  thread waiter {
    sleep 2
    let r = futex_lock_pi(f)
    print "waiter", r
  }
  thread rq {
    sleep 3
    let r = futex_wait_requeue_pi(a, 0, f + 16, timeout 60)
    print "rq", r
  }
}
`, strategy);
      // The first op meets the PI waiter on f: -EINVAL. The second wakes the plain waiter on
      // a + 8, then meets the requeue-PI waiter on a: -EINVAL.
      expect(lines(s)).toEqual(['owner: wake_op -22 -22', 'plain: plain 0', 'waiter: waiter 0', 'rq: rq -110']);
    });
  }
});

describe('FUTEX_UNLOCK_PI of a word with OWNER_DIED set', () => {
  const text = `process P {
  map f = anon private rw pages 1
  map g = anon private rw pages 1
  thread owner {
    let me = gettid()
    store f, me | FUTEX_OWNER_DIED
    let u = futex_unlock_pi(f)
    let v = load f
    store g, me | FUTEX_OWNER_DIED
    sleep 5
    let u2 = futex_unlock_pi(g)
    print "owner", u, v, u2
  }
  thread waiter {
    sleep 1
    let r = futex_lock_pi(g)
    let v = load g
    let me = gettid()
    print "waiter", r, v == (me | FUTEX_WAITERS)
  }
}
`;
  it('modern: without waiters the word becomes 0; with one, `waiter | WAITERS` (OWNER_DIED dropped)', () => {
    expect(lines(run(text))).toEqual(['owner: owner 0 0 0', 'waiter: waiter 0 1']);
  });
  it('gorman-2013: without waiters the word is left as it was (the pre-2014 unlock skipped an OWNER_DIED word)', () => {
    expect(lines(run(text, 'gorman-2013'))).toEqual([`owner: owner 0 ${OD | 101} 0`, 'waiter: waiter 0 1']);
  });
});
