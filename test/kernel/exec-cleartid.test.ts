// exec and CLONE_CHILD_CLEARTID (LANGUAGE.md "Thread end"; fs/exec.c exec_mm_release ->
// futex_exec_release, then mm_release on the old mm): the robust walk, the PI release, then the
// clear-tid store and shared wake, in that order; clear_child_tid is reset, so the thread's
// later end does not store into the new mm.
import { describe, it, expect } from 'vitest';
import { run, lines } from './v2-helpers';

const scenario = (ownerTail: string) => `shm seg pages 1
process A {
  map m = shm seg rw pages 1
  thread owner {
    let me = gettid()
    store m + 0, m + 16
    store m + 4, 4
    store m + 8, 0
    store m + 16, m
    store m + 20, me | FUTEX_WAITERS
    set_robust_list(m)
    store m + 40, me
    set_tid_address m + 40
    sleep 5
    exec
    ${ownerTail}
  }
}
process B {
  map m = shm seg rw pages 1
  thread joiner {
    let t = load m + 40
    let r = futex_wait(m + 40, t)
    let v = load m + 40
    print "joiner", r, v
  }
  thread locker {
    let v = load m + 20
    let r = futex_wait(m + 20, v)
    print "locker", r
  }
}`;

describe('exec and clear_child_tid', () => {
  it('exec stores 0 at the clear-tid address in the old mm and wakes one shared waiter, after the robust walk', () => {
    const s = run(scenario('sleep 5'));
    expect(lines(s).sort()).toEqual(['B/joiner: joiner 0 0', 'B/locker: locker 0']);
    const order = s.events.filter((e) => e.type === 'owner-died' || e.type === 'exec' || (e.type === 'wake' && e.op.startsWith('exit'))).map((e) => e.type);
    expect(order).toEqual(['owner-died', 'wake', 'exec']);
    expect(s.anomalies).toEqual([]);
  });

  it('clear_child_tid is reset by exec: the thread’s later end stores and wakes nothing', () => {
    const s = run(scenario('map n = anon private rw pages 1\n    store n + 40, 7\n    print "mapped"'));
    const clears = s.events.filter((e) => e.type === 'wake' && e.op.startsWith('exit'));
    expect(clears).toHaveLength(1);
    const exec = s.events.find((e) => e.type === 'exec')!;
    expect(clears[0].step).toBeLessThanOrEqual(exec.step); // the one at exec; none at the end
    expect(lines(s)).toContain('A/owner: mapped'); // ran to its end in the new mm
    expect(s.k.s.tasks[0].clearTid).toBe(0);
  });
});
