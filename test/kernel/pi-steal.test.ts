// rt_mutex lock stealing on a PI futex (kernel/futex/pi-steal.ts rules [S1]-[S3];
// kernel/locking/rtmutex.c rt_mutex_steal, kernel/futex/pi.c wake_futex_pi and
// fixup_pi_state_owner): between an unlock that hands the lock to a sleeping waiter and that
// waiter's first step, a strictly higher-priority locker takes the lock and the waiter sleeps on.
import { describe, it, expect } from 'vitest';
import { run, lines } from './pi-helpers';

const EAGAIN = 11, ETIMEDOUT = 110;

const scenario = (relock: string, low = 'sched fifo 5', waiterTimeout = '') => `process P {
  map f = anon private rw pages 1
  thread owner sched fifo 10 {
    futex_lock_pi(f)
    sleep 3
    let u = futex_unlock_pi(f)
    let r = ${relock}
    let v = load f
    let me = gettid()
    print "owner", u, r, v == (me | FUTEX_WAITERS)
    sleep 2
    futex_unlock_pi(f)
  }
  thread waiter ${low} {
    sleep 1
    let r = futex_lock_pi(f${waiterTimeout})
    let v = load f
    let me = gettid()
    print "waiter", r, v == (me | FUTEX_WAITERS)
  }
}
`;

for (const strategy of ['modern', 'gorman-2013']) {
  describe(`lock stealing (${strategy})`, () => {
    it('[S1]/[S2] the unlocker, above the woken waiter, locks again at once: it steals the lock; the waiter sleeps on and gets it at the next unlock', () => {
      const s = run(scenario('futex_lock_pi(f)'), strategy);
      expect(lines(s)).toEqual(['owner: owner 0 0 1', 'waiter: waiter 0 1']);
      const stolen = s.events.filter((e) => e.type === 'pi-lock' && e.what === 'stolen');
      expect(stolen).toHaveLength(1);
      expect(s.anomalies).toEqual([]);
    });

    it('[S1] TRYLOCK_PI steals too', () => {
      const s = run(scenario('futex_trylock_pi(f)'), strategy);
      expect(lines(s)).toEqual(['owner: owner 0 0 1', 'waiter: waiter 0 1']);
    });

    it('[S3] no lateral steal: at equal priority the locker blocks behind the woken waiter, and TRYLOCK_PI gets -EWOULDBLOCK', () => {
      const s = run(scenario('futex_lock_pi(f)', 'sched fifo 10'), strategy);
      // The waiter runs with the lock first; the owner gets it at the waiter's end (exit_pi_state_list).
      expect(lines(s)[0]).toBe('waiter: waiter 0 1');
      expect(s.events.some((e) => e.type === 'pi-lock' && e.what === 'stolen')).toBe(false);
      const t = run(scenario('futex_trylock_pi(f)', 'sched fifo 10'), strategy);
      expect(lines(t)).toContain(`owner: owner 0 ${-EAGAIN} 0`);
    });

    it('[S2] the robbed waiter keeps its absolute deadline', () => {
      const s = run(scenario('futex_lock_pi(f)', 'sched fifo 5', ', timeout 5'), strategy);
      expect(lines(s)).toEqual(['owner: owner 0 0 1', `waiter: waiter ${-ETIMEDOUT} 0`]);
    });

    it('a waiter that already ran keeps the lock: a later locker of higher priority blocks on it and boosts it', () => {
      const s = run(`process P {
  map f = anon private rw pages 1
  thread owner sched fifo 10 {
    futex_lock_pi(f)
    sleep 3
    futex_unlock_pi(f)
    sleep 2
    let r = futex_lock_pi(f)
    print "owner", r
    futex_unlock_pi(f)
  }
  thread waiter sched fifo 5 {
    sleep 1
    let r = futex_lock_pi(f)
    print "waiter", r
    sleep 3
    futex_unlock_pi(f)
  }
}
`, strategy);
      expect(lines(s)).toEqual(['waiter: waiter 0', 'owner: owner 0']);
      expect(s.events.some((e) => e.type === 'pi-lock' && e.what === 'stolen')).toBe(false);
      expect(s.events.some((e) => e.type === 'pi-boost' && e.to === 10)).toBe(true);
    });
  });
}

describe('a signal in the window of a stolen handoff', () => {
  it('interrupts the renewed sleep: the call restarts ([E3]) and the waiter still gets the lock at the next unlock', () => {
    const s = run(`process P {
  map f = anon private rw pages 1
  thread owner sched fifo 10 {
    futex_lock_pi(f)
    sleep 3
    futex_unlock_pi(f)
    signal waiter
    let r = futex_lock_pi(f)
    print "owner", r
    sleep 2
    futex_unlock_pi(f)
  }
  thread waiter sched fifo 5 {
    sleep 1
    let r = futex_lock_pi(f)
    print "waiter", r
  }
}
`);
    expect(lines(s)).toEqual(['owner: owner 0', 'waiter: waiter 0']);
    expect(s.events.some((e) => e.type === 'pi-lock' && e.what === 'stolen')).toBe(true);
    expect(s.events.some((e) => e.type === 'unqueue' && e.why === 'signal')).toBe(true);
  });
});
