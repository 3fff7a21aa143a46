// A robust-list entry and PI locks at thread end (GROUND-TRUTH.md §8.5: handle_futex_death, then
// exit_pi_state_list; kernel/futex/robust.ts [D3], pi.ts exitPiStateList).
import { describe, it, expect } from 'vitest';
import { run, lines } from './pi-helpers';

const W = -2147483648, OD = 0x40000000;

const scenario = (entryBit: string) => `process P {
  map m = anon private rw pages 1
  thread owner {
    let me = gettid()
    store m + 0, m + 16${entryBit}
    store m + 4, 4
    store m + 8, 0
    store m + 16, m
    futex_lock_pi(m + 20)
    set_robust_list(m)
    sleep 5
  }
  thread waiter {
    sleep 1
    let r = futex_lock_pi(m + 20)
    let v = load m + 20
    let me = gettid()
    print "waiter", r, v == (me | FUTEX_WAITERS | FUTEX_OWNER_DIED)
  }
}
`;

describe('robust entries for PI locks at owner death', () => {
  for (const strategy of ['gorman-2013', 'modern']) {
    it(`${strategy}: a PI entry (bit 0): word = WAITERS | OWNER_DIED, no wake there; exit_pi_state_list hands the lock on`, () => {
      const s = run(scenario(' | 1'), strategy);
      expect(lines(s)).toEqual(['waiter: waiter 0 1']);
      const died = s.events.find((e) => e.type === 'owner-died');
      expect(died).toMatchObject({ word: W | OD, pi: true, woke: 0 });
      expect(s.anomalies).toEqual([]);
    });

    it(`${strategy}: a PI lock listed without bit 0: the death wake meets the PI waiter (futex_wake's -EINVAL) and wakes nobody; the PI release still hands the lock on`, () => {
      const s = run(scenario(''), strategy);
      expect(lines(s)).toEqual(['waiter: waiter 0 1']);
      const died = s.events.find((e) => e.type === 'owner-died');
      expect(died).toMatchObject({ word: W | OD, pi: false, woke: 0 });
      expect(s.events.some((e) => e.type === 'pi-lock' && e.what === 'owner-died')).toBe(true);
    });
  }
});
