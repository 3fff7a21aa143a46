// Bitset waits and wakes, futex_waitv and the futex2 calls (GROUND-TRUTH.md §8.1, §8.6; issue #17).
// Each rule is checked against a scenario run; the era table is checked for every strategy.
import { describe, it, expect } from 'vitest';
import { run, lines, STRATEGIES } from './v2-helpers';

const EAGAIN = 11, EINVAL = 22, ENOSYS = 38, ETIMEDOUT = 110, EINTR = 4;

describe('FUTEX_WAIT_BITSET / FUTEX_WAKE_BITSET', () => {
  it('a mask of 0 is -EINVAL for the wait and the wake', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t {
    let a = futex_wait_bitset(m, 0, 0)
    let b = futex_wake_bitset(m, 1, 0)
    print a, b
  }
}`);
    expect(lines(s)).toEqual([`A/t: ${-EINVAL} ${-EINVAL}`]);
  });

  it('a wake counts only the waiters whose mask meets its own, skipping the others uncounted', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread w1 { let r = futex_wait_bitset(m, 0, 1, timeout 20)
    print "w1", r }
  thread w2 { let r = futex_wait_bitset(m, 0, 6)
    print "w2", r }
  thread waker {
    let a = futex_wake_bitset(m, 1, 4)
    let b = futex_wake_bitset(m, 1, 8)
    print "waker", a, b
  }
}`);
    expect(lines(s)).toEqual(['A/waker: waker 1 0', 'A/w2: w2 0', `A/w1: w1 ${-ETIMEDOUT}`]);
    expect(s.anomalies).toEqual([]);
  });

  it('a plain futex_wake is MATCH_ANY and wakes a bitset waiter; the mask takes the low 32 bits', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread w1 { let r = futex_wait_bitset(m, 0, 0x100000002)
    print "w1", r }
  thread w2 { let r = futex_wait_bitset(m, 0, 0x80000000)
    print "w2", r }
  thread waker {
    let a = futex_wake_bitset(m, 1, 0x100000000)
    let b = futex_wake(m, 1)
    let c = futex_wake_bitset(m, 5, FUTEX_BITSET_MATCH_ANY)
    print "waker", a, b, c
  }
}`);
    expect(lines(s)).toEqual([`A/waker: waker ${-EINVAL} 1 1`, 'A/w1: w1 0', 'A/w2: w2 0']);
  });

  it('a value mismatch is -EAGAIN', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t { store m, 3
    let a = futex_wait_bitset(m, 0, 1)
    print a }
}`);
    expect(lines(s)).toEqual([`A/t: ${-EAGAIN}`]);
  });

  it.each(STRATEGIES)('exists from 2.6.25 only (%s)', (strategy) => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t { let a = futex_wake_bitset(m, 1, 1)
    let b = futex_wait_bitset(m, 1, 1)
    print a, b }
}`, strategy);
    const has = strategy === 'gorman-2013' || strategy === 'modern';
    expect(lines(s)).toEqual([has ? `A/t: 0 ${-EAGAIN}` : `A/t: ${-ENOSYS} ${-ENOSYS}`]);
  });
});

/** futex_waitv with `n` entries on consecutive words of m, all expecting 0. */
const entries = (n: number): string => Array.from({ length: n }, (_, i) => `[m + ${4 * i}, 0, private]`).join(', ');

describe('futex_waitv', () => {
  it('0 entries and more than 128 are -EINVAL; 128 entries wait', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t {
    let a = futex_waitv()
    let b = futex_waitv(${entries(129)})
    let c = futex_waitv(${entries(128)}, timeout 5)
    print a, b, c
  }
}`);
    expect(lines(s)).toEqual([`A/t: ${-EINVAL} ${-EINVAL} ${-ETIMEDOUT}`]);
    expect(s.k.s.futex.queues.size).toBe(0);
  });

  it('returns the index of the woken entry; its other entries leave their queues when it runs', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread w { let r = futex_waitv([m, 0, private], [m + 4, 0, private], [m + 8, 0, private])
    print "w", r }
  thread waker {
    let a = futex_wake(m + 4, 1, private)
    yield
    let b = futex_wake(m, 1, private)
    let c = futex_wake(m + 8, 1, private)
    print "waker", a, b, c
  }
}`);
    expect(lines(s)).toEqual(['A/w: w 1', 'A/waker: waker 1 0 0']);
    expect(s.k.s.futex.queues.size).toBe(0);
  });

  it('two wakes before it runs both count, and it returns the HIGHEST dequeued index (futex_unqueue_multiple)', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread w { let r = futex_waitv([m, 0, private], [m + 4, 0, private], [m + 8, 0, private])
    print "w", r }
  thread waker {
    let a = futex_wake(m + 8, 1, private)
    let b = futex_wake(m, 1, private)
    let c = futex_wake(m + 4, 1, private)
    print "waker", a, b, c
  }
}`);
    expect(lines(s)).toEqual(['A/waker: waker 1 1 1', 'A/w: w 2']);
    expect(s.k.s.futex.queues.size).toBe(0);
  });

  it('a timeout after an entry was woken changes nothing: the index is returned', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread w { let r = futex_waitv([m, 0, private], [m + 4, 0, private], timeout 3)
    print "w", r }
  thread waker {
    let a = futex_wake(m + 4, 1, private)
    sleep 10
    print "waker", a
  }
}`, 'modern');
    expect(lines(s)).toEqual(['A/w: w 1', 'A/waker: waker 1']);
  });

  it('any value mismatch is -EWOULDBLOCK with nothing left queued', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t {
    store m + 8, 7
    let r = futex_waitv([m, 0], [m + 4, 0], [m + 8, 0])
    let a = futex_wake(m, 1)
    print r, a
  }
}`);
    expect(lines(s)).toEqual([`A/t: ${-EAGAIN} 0`]);
    expect(s.events.filter((e) => e.type === 'queue')).toEqual([]);
  });

  it('checks each entry as futex2 does: 32 bits only, values that fit', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t {
    let a = futex_waitv([m, 0, size 16])
    let b = futex_waitv([m, -1])
    let c = futex_waitv([m, 0x100000000])
    store m, -1
    let d = futex_waitv([m, 0xffffffff], timeout 3)
    let e = futex_waitv([m + 2, 0])
    print a, b, c, d, e
  }
}`);
    expect(lines(s)).toEqual([`A/t: ${-EINVAL} ${-EINVAL} ${-EINVAL} ${-ETIMEDOUT} ${-EINVAL}`]);
  });

  it('a shared entry is woken by a wake from another process; a private one keys apart', () => {
    const s = run(`shm seg pages 1
process A {
  map m = shm seg rw pages 1
  thread w { let r = futex_waitv([m, 0, private], [m + 4, 0], timeout 30)
    print "w", r }
}
process B {
  map m = shm seg rw pages 1
  thread waker {
    let a = futex_wake(m, 1)
    let b = futex_wake(m + 4, 1)
    print "waker", a, b
  }
}`);
    expect(lines(s)).toEqual(['B/waker: waker 0 1', 'A/w: w 1']);
  });

  it('a signal interrupts it (-EINTR) and unqueues every entry; a thread killed in it leaves nothing queued', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread w { let r = futex_waitv([m, 0], [m + 4, 0])
    print "w", r }
  thread s { signal w }
}
process B {
  map m = anon private rw pages 1
  thread v { let r = futex_waitv([m, 0], [m + 4, 0]) }
  thread k { kill B }
}`);
    expect(lines(s)).toEqual([`A/w: w ${-EINTR}`]);
    expect(s.k.s.futex.queues.size).toBe(0);
    expect(s.result).toBe('ok');
  });

  it.each(STRATEGIES)('exists from 5.16 only (%s)', (strategy) => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t { store m, 1
    let a = futex_waitv([m, 0])
    print a }
}`, strategy);
    expect(lines(s)).toEqual([strategy === 'modern' ? `A/t: ${-EAGAIN}` : `A/t: ${-ENOSYS}`]);
  });
});

describe('futex2 wait, wake and requeue', () => {
  it('futex2_wake with nr = 0 wakes nobody and returns 0, while FUTEX_WAKE with 0 wakes one', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread w { let r = futex2_wait(m, 0, 0xffffffff, private)
    print "w", r }
  thread waker {
    let a = futex2_wake(m, 0xffffffff, 0, private)
    let b = futex_wake(m, 0, private)
    print "waker", a, b
  }
}`);
    expect(lines(s)).toEqual(['A/waker: waker 0 1', 'A/w: w 0']);
    expect(s.anomalies).toEqual([]);
  });

  it('sizes other than 32 bits are -EINVAL', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t {
    let a = futex2_wake(m, 1, 1, size 8)
    let b = futex2_wake(m, 1, 1, size 16)
    let c = futex2_wake(m, 1, 1, size 64)
    let d = futex2_wake(m, 1, 1, size 32)
    let e = futex2_wait(m, 0, 1, size 64)
    print a, b, c, d, e
  }
}`);
    expect(lines(s)).toEqual([`A/t: ${-EINVAL} ${-EINVAL} ${-EINVAL} 0 ${-EINVAL}`]);
  });

  it('a mask or value wider than the size, or a mask of 0, is -EINVAL', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t {
    let a = futex2_wake(m, 0x100000000, 1)
    let b = futex2_wait(m, -1, 1)
    let c = futex2_wait(m, 0, 0x1ffffffff)
    let d = futex2_wake(m, 0, 1)
    let e = futex2_wait(m, 0, 0)
    store m, -1
    let f = futex2_wait(m, 0xffffffff, 1, timeout 2)
    print a, b, c, d, e, f
  }
}`);
    expect(lines(s)).toEqual([`A/t: ${-EINVAL} ${-EINVAL} ${-EINVAL} ${-EINVAL} ${-EINVAL} ${-ETIMEDOUT}`]);
  });

  it('futex2_wait and futex2_wake use their masks as the bitset ops do', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread w1 { let r = futex2_wait(m, 0, 1, timeout 10)
    print "w1", r }
  thread w2 { let r = futex2_wait(m, 0, 2)
    print "w2", r }
  thread waker { let a = futex2_wake(m, 2, 5)
    print "waker", a }
}`);
    expect(lines(s)).toEqual(['A/waker: waker 1', 'A/w2: w2 0', `A/w1: w1 ${-ETIMEDOUT}`]);
  });

  it('futex2_requeue is CMP_REQUEUE against the value of its first entry', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread w1 { let r = futex_wait(m, 0, private)
    print "w1", r }
  thread w2 { let r = futex_wait(m, 0, private)
    print "w2", r }
  thread w3 { let r = futex_wait(m, 0, private)
    print "w3", r }
  thread waker {
    let bad = futex2_requeue([m, 1, private], [m + 4, private], 1, 1)
    let a = futex2_requeue([m, 0, private], [m + 4, private], 1, 1)
    let b = futex_wake(m + 4, 5, private)
    let c = futex_wake(m, 5, private)
    print "waker", bad, a, b, c
  }
}`);
    expect(lines(s)).toEqual([`A/waker: waker ${-EAGAIN} 2 1 1`, 'A/w1: w1 0', 'A/w2: w2 0', 'A/w3: w3 0']);
  });

  it('futex2_requeue with different flags on its two futexes is -EINVAL (19f94b390586, 2026)', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t {
    let a = futex2_requeue([m, 0, private], [m + 4], 1, 1)
    let b = futex2_requeue([m, 0], [m + 4, private], 1, 1)
    let c = futex2_requeue([m, 0], [m + 4, size 16], 1, 1)
    let d = futex2_requeue([m, 0], [m + 4], 1, 1)
    let e = futex2_requeue([m, 0], [m + 4], -1, 1)
    print a, b, c, d, e
  }
}`);
    expect(lines(s)).toEqual([`A/t: ${-EINVAL} ${-EINVAL} ${-EINVAL} 0 ${-EINVAL}`]);
  });

  it.each(STRATEGIES)('exist from 6.7 only (%s)', (strategy) => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t {
    let a = futex2_wake(m, 1, 1)
    let b = futex2_wait(m, 1, 1)
    let c = futex2_requeue([m, 0], [m + 4], 1, 1)
    print a, b, c }
}`, strategy);
    expect(lines(s)).toEqual([strategy === 'modern' ? `A/t: 0 ${-EAGAIN} 0` : `A/t: ${-ENOSYS} ${-ENOSYS} ${-ENOSYS}`]);
  });
});
