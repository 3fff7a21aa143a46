// exec and CLONE_CHILD_CLEARTID (LANGUAGE.md "Thread end"; fs/exec.c exec_mm_release ->
// futex_exec_release, then mm_release on the old mm): the robust walk, the PI release, then the
// clear-tid store and shared wake, in that order; clear_child_tid is reset, so the thread's
// later end does not store into the new mm. mm_release stores and wakes only while another
// thread uses the mm (mm_users > 1): exec has ended every other thread of the process first
// (de_thread), so an exec's clear-tid stores nothing, as on Linux 6.18 (`futexlab diff`); a
// thread that ends beside a sibling does store and wake.
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
    let r = futex_wait(m + 40, t, timeout 40)
    let v = load m + 40
    print "joiner", r, v
  }
  thread locker {
    let v = load m + 20
    let r = futex_wait(m + 20, v)
    print "locker", r
  }
}`;

const clearTidWakes = (s: ReturnType<typeof run>) => s.events.filter((e) => e.type === 'wake' && e.op.startsWith('exit'));

describe('exec and clear_child_tid', () => {
  it('exec walks the robust list, and stores nothing at the clear-tid address: no thread is left beside it', () => {
    const s = run(scenario('sleep 5'));
    expect(lines(s)).toContain('B/locker: locker 0');
    expect(lines(s).find((l) => l.startsWith('B/joiner'))).toMatch(/^B\/joiner: joiner -110 [1-9]\d*$/); // timed out, the tid still there
    expect(s.events.filter((e) => e.type === 'owner-died' || e.type === 'exec').map((e) => e.type)).toEqual(['owner-died', 'exec']);
    expect(clearTidWakes(s)).toEqual([]);
    expect(s.anomalies).toEqual([]);
  });

  it('clear_child_tid is reset by exec: the thread’s later end, beside a sibling, stores and wakes nothing', () => {
    const s = run(scenario(`map n = anon private rw pages 1
    store n + 40, 7
    spawn helper { sleep 20 }
    sleep 5
    let v = load n + 40
    print "word", v`));
    expect(lines(s)).toContain('A/owner: word 7');
    expect(clearTidWakes(s)).toEqual([]);
    expect(s.k.s.tasks[0].clearTid).toBe(0);
  });

  it('a thread that ends beside a sibling stores 0 and wakes its joiner; the last thread of a process does not', () => {
    const join = (sibling: string) => run(`shm seg pages 1
process A {
  map m = shm seg rw pages 1
  thread owner {
    store m + 40, 555
    set_tid_address m + 40
    sleep 5
  }
  ${sibling}
}
process B {
  map m = shm seg rw pages 1
  thread joiner {
    let r = futex_wait(m + 40, 555, timeout 40)
    let v = load m + 40
    print "joiner", r, v
  }
}`);
    const beside = join('thread other { sleep 20 }');
    expect(lines(beside)).toEqual(['B/joiner: joiner 0 0']);
    expect(clearTidWakes(beside)).toHaveLength(1);
    const last = join('');
    expect(lines(last)).toEqual(['B/joiner: joiner -110 555']);
    expect(clearTidWakes(last)).toEqual([]);
  });
});
