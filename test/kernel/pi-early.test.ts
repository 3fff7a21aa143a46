// PI and requeue-PI waiters woken early by a timeout or a signal (kernel/futex/pi-early.ts rules
// [E1]-[E5]; kernel/futex/pi.c futex_lock_pi, requeue.c futex_wait_requeue_pi and
// handle_early_requeue_pi_wakeup, locking/rtmutex_api.c rt_mutex_wait_proxy_lock).
import { describe, it, expect } from 'vitest';
import { run, lines } from './pi-helpers';

const EAGAIN = 11, ETIMEDOUT = 110;
const boosts = (s: ReturnType<typeof run>, name: string) =>
  s.events.filter((e) => e.type === 'pi-boost' && s.k.s.tasks[e.tid].name.endsWith(`/${name}`)).map((e) => (e.type === 'pi-boost' ? e.to : 0));

for (const strategy of ['modern', 'gorman-2013']) {
  describe(`futex_wait_requeue_pi woken early (${strategy})`, () => {
    it('a timeout before the requeue: -ETIMEDOUT, nothing left queued, a later requeue finds nobody', () => {
      const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread owner {
    futex_lock_pi(b)
    sleep 6
    let r = futex_cmp_requeue_pi(a, 1, 0, b, 0)
    print "requeue", r
  }
  thread waiter {
    let r = futex_wait_requeue_pi(a, 0, b, timeout 3)
    print "waiter", r
  }
}
`, strategy);
      expect(lines(s)).toEqual([`waiter: waiter ${-ETIMEDOUT}`, 'owner: requeue 0']);
      expect(s.k.s.futex.queues.size).toBe(0);
      expect(s.anomalies.filter((a) => a.kind !== 'missed-wakeup')).toEqual([]);
    });

    it('a timeout after the requeue: -ETIMEDOUT, its rt_waiter leaves and the owner is deboosted; the unlock stores 0', () => {
      const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread owner sched fifo 10 {
    futex_lock_pi(b)
    sleep 2
    let r = futex_cmp_requeue_pi(a, 1, 0, b, 0)
    print "requeue", r
    sleep 30
    let u = futex_unlock_pi(b)
    let v = load b
    print "unlock", u, v
  }
  thread waiter sched fifo 50 {
    let r = futex_wait_requeue_pi(a, 0, b, timeout 20)
    print "waiter", r
  }
}
`, strategy);
      expect(lines(s)).toEqual(['owner: requeue 1', `waiter: waiter ${-ETIMEDOUT}`, 'owner: unlock 0 0']);
      expect(boosts(s, 'owner')).toEqual([50, 10]);
      expect(s.k.s.pi.states).toEqual([]);
    });

    it('a signal before the requeue restarts the call (-ERESTARTNOINTR): still blocked, then requeued and handed the lock', () => {
      const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread owner {
    futex_lock_pi(b)
    sleep 2
    signal waiter
    sleep 2
    let r = futex_cmp_requeue_pi(a, 1, 0, b, 0)
    print "requeue", r
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
`, strategy);
      expect(lines(s)).toEqual(['owner: requeue 1', 'owner: unlock 0', 'waiter: waiter 0 1']);
      expect(s.anomalies).toEqual([]);
    });

    it('a signal before the requeue, with the condvar word changed meanwhile: the restart returns -EWOULDBLOCK', () => {
      const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread owner {
    sleep 2
    signal waiter
    store a, 1
  }
  thread waiter {
    let r = futex_wait_requeue_pi(a, 0, b)
    print "waiter", r
  }
}
`, strategy);
      expect(lines(s)).toEqual([`waiter: waiter ${-EAGAIN}`]);
      expect(s.k.s.futex.queues.size).toBe(0);
    });

    it('a signal after the requeue: -EWOULDBLOCK (not restarted), the rt_waiter leaves, the owner is deboosted', () => {
      const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread owner sched fifo 10 {
    futex_lock_pi(b)
    sleep 2
    let r = futex_cmp_requeue_pi(a, 1, 0, b, 0)
    print "requeue", r
    signal waiter
    sleep 3
    let u = futex_unlock_pi(b)
    let v = load b
    print "unlock", u, v
  }
  thread waiter sched fifo 50 {
    let r = futex_wait_requeue_pi(a, 0, b)
    print "waiter", r
  }
}
`, strategy);
      expect(lines(s)).toEqual(['owner: requeue 1', `waiter: waiter ${-EAGAIN}`, 'owner: unlock 0 0']);
      expect(boosts(s, 'owner')).toEqual([50, 10]);
    });

    it('signalled, then requeued before it runs: the requeue takes it (Q_REQUEUE_PI_DONE), and it returns -EWOULDBLOCK', () => {
      const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread owner {
    futex_lock_pi(b)
    sleep 2
    signal waiter
    let r = futex_cmp_requeue_pi(a, 1, 0, b, 0)
    print "requeue", r
    sleep 3
    let u = futex_unlock_pi(b)
    print "unlock", u
  }
  thread waiter {
    let r = futex_wait_requeue_pi(a, 0, b)
    print "waiter", r
  }
}
`, strategy);
      expect(lines(s)).toEqual(['owner: requeue 1', `waiter: waiter ${-EAGAIN}`, 'owner: unlock 0']);
    });

    it('signalled, then taken by the proxy trylock before it runs (Q_REQUEUE_PI_LOCKED): it returns 0 owning the lock', () => {
      const s = run(`process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread owner {
    sleep 2
    signal waiter
    let r = futex_cmp_requeue_pi(a, 1, 0, b, 0)
    print "requeue", r
  }
  thread waiter {
    let r = futex_wait_requeue_pi(a, 0, b)
    let v = load b
    let me = gettid()
    print "waiter", r, v == me
  }
}
`, strategy);
      expect(lines(s)).toEqual(['owner: requeue 1', 'waiter: waiter 0 1']);
    });
  });

  describe(`futex_lock_pi woken early (${strategy})`, () => {
    it('a timeout: -ETIMEDOUT, the owner is deboosted at once', () => {
      const s = run(`process P {
  map f = anon private rw pages 1
  thread owner sched fifo 10 {
    futex_lock_pi(f)
    sleep 10
    futex_unlock_pi(f)
  }
  thread waiter sched fifo 50 {
    sleep 3
    let r = futex_lock_pi(f, timeout 3)
    print r
  }
}
`, strategy);
      expect(lines(s)).toEqual([`waiter: ${-ETIMEDOUT}`]);
      expect(boosts(s, 'owner')).toEqual([50, 10]);
      const deboost = s.events.find((e) => e.type === 'pi-boost' && e.to === 10)!;
      const timer = s.events.find((e) => e.type === 'timer' && e.kind === 'timeout' && s.k.s.tasks[e.tid].name === 'P/waiter')!;
      expect(deboost.step).toBe(timer.step);
    });

    it('a signal restarts the call: the waiter goes to the tail of its priority, so an equal waiter behind it is handed the lock first', () => {
      const s = run(`process P {
  map f = anon private rw pages 1
  thread owner {
    futex_lock_pi(f)
    sleep 4
    signal w1
    sleep 2
    futex_unlock_pi(f)
  }
  thread w1 {
    sleep 1
    let r = futex_lock_pi(f)
    print "w1", r
    futex_unlock_pi(f)
  }
  thread w2 {
    sleep 2
    let r = futex_lock_pi(f)
    print "w2", r
    futex_unlock_pi(f)
  }
}
`, strategy);
      expect(lines(s)).toEqual(['w2: w2 0', 'w1: w1 0']);
      expect(s.anomalies).toEqual([]);
    });

    it('signalled, then handed the lock before it runs: the call returns 0 owning it', () => {
      const s = run(`process P {
  map f = anon private rw pages 1
  thread owner {
    futex_lock_pi(f)
    sleep 3
    signal waiter
    let u = futex_unlock_pi(f)
    print "unlock", u
  }
  thread waiter {
    sleep 1
    let r = futex_lock_pi(f)
    let v = load f
    let me = gettid()
    print "waiter", r, v == (me | FUTEX_WAITERS)
  }
}
`, strategy);
      expect(lines(s)).toEqual(['owner: unlock 0', 'waiter: waiter 0 1']);
    });

    it('the restart keeps the absolute deadline: lock_pi(timeout 10) signalled at tick 5 times out at tick 11, not 15', () => {
      const s = run(`process P {
  map f = anon private rw pages 1
  thread owner {
    futex_lock_pi(f)
    sleep 5
    signal waiter
    sleep 8
    print "tick 13"
    sleep 30
  }
  thread waiter {
    sleep 1
    let r = futex_lock_pi(f, timeout 10)
    print "waiter", r
  }
}
`, strategy);
      expect(lines(s)).toEqual([`waiter: waiter ${-ETIMEDOUT}`, 'owner: tick 13']);
    });
  });
}
