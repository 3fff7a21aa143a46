// A private PI futex whose word names a live task of another mm (kernel/futex/pi.ts
// attachToPiOwner, era.ts piPrivateOwnerSameMm): Linux 6.18.44 answers LOCK_PI, TRYLOCK_PI and
// CMP_REQUEUE_PI's proxy lock with -EPERM, after setting FUTEX_WAITERS (futexlab diff, and a C
// program on that kernel). The classic case: a fork child's private copy of a PI mutex its
// parent held at fork time. Before, modern attached to the parent and blocked (or -EWOULDBLOCK).
import { describe, it, expect } from 'vitest';
import { run, lines } from './pi-helpers';

const EPERM = 1, EAGAIN = 11, ETIMEDOUT = 110, ESRCH = 3;

const forkChild = (flag: string) => `process P {
  map a = anon private rw pages 1
  thread main {
    futex_lock_pi(a${flag})
    fork C {
      let t = futex_trylock_pi(a${flag})
      let w = load a
      let l = futex_lock_pi(a${flag}, timeout 5)
      print "child", t, l, w == (101 | FUTEX_WAITERS)
    }
    sleep 20
  }
}
`;

describe('a private PI futex owned by a task of another mm', () => {
  it('modern: TRYLOCK_PI and LOCK_PI are -EPERM, the WAITERS bit set first', () => {
    const s = run(forkChild(', private'));
    expect(lines(s)).toEqual([`main: child ${-EPERM} ${-EPERM} 1`]);
  });

  it('modern: the shared op on the same word still attaches to the parent (-EWOULDBLOCK, then the timeout)', () => {
    const s = run(forkChild(''));
    expect(lines(s)).toEqual([`main: child ${-EAGAIN} ${-ETIMEDOUT} 1`]);
  });

  it('gorman-2013 has no such check: the child attaches to its parent', () => {
    const s = run(forkChild(', private'), 'gorman-2013');
    expect(lines(s)).toEqual([`main: child ${-EAGAIN} ${-ETIMEDOUT} 1`]);
  });

  it('an owner that has ended is -ESRCH first, as before', () => {
    const s = run(`process P {
  map a = anon private rw pages 1
  thread main {
    futex_lock_pi(a, private)
    fork C {
      sleep 3
      let r = futex_trylock_pi(a, private)
      print "child", r
    }
  }
}
`);
    expect(lines(s)).toEqual([`main: child ${-ESRCH}`]);
  });

  it('CMP_REQUEUE_PI onto a private word owned by the parent: -EPERM, nobody requeued', () => {
    const s = run(`process P {
  map c = anon private rw pages 1
  map m = anon private rw pages 1
  thread main {
    futex_lock_pi(m, private)
    fork C {
      spawn w {
        let r = futex_wait_requeue_pi(c, 0, m, private, timeout 10)
        print "waiter", r
      }
      sleep 3
      let r = futex_cmp_requeue_pi(c, 1, 1, m, 0, private)
      print "requeue", r
    }
    sleep 20
  }
}
`);
    expect(lines(s)).toEqual([`main: requeue ${-EPERM}`, `w: waiter ${-ETIMEDOUT}`]);
  });
});
