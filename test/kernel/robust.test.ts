// Robust lists and thread end (GROUND-TRUTH.md §8.5; kernel/futex/robust.ts rules [R1]-[R5],
// [D1]-[D3]; issue #17). Layout: HEAD = next, futex_offset, list_op_pending (12 bytes); an
// entry's first word is its next; its lock word is at entry + futex_offset.
import { describe, it, expect } from 'vitest';
import { run, lines, STRATEGIES } from './v2-helpers';
import type { KernelEvent } from '../../src/kernel/events';

const EINVAL = 22, ENOSYS = 38, ESRCH = 3, ETIMEDOUT = 110;
const WAITERS = -2147483648, OWNER_DIED = 0x40000000;

/**
 * A shm segment shared by A and B. A/owner (TID 101) registers HEAD = m with one entry at m + 16
 * whose lock word is at m + 20 (futex_offset 4), holds the lock with WAITERS set, lets B's
 * waiters block, and ends. `waiters` are B's thread blocks.
 */
function ownerDies(opts: { word?: string; pending?: string; list?: string; waiters: string; ownerEnd?: string; strategy?: string }) {
  return run(`shm seg pages 1
process A {
  map m = shm seg rw pages 1
  thread owner {
    let me = gettid()
    store m + 0, ${opts.list ?? 'm + 16'}
    store m + 4, 4
    store m + 8, ${opts.pending ?? '0'}
    store m + 16, m
    store m + 20, ${opts.word ?? 'me | FUTEX_WAITERS'}
    let r = set_robust_list(m)
    print "set", r
    sleep 5
    ${opts.ownerEnd ?? ''}
  }
}
process B {
  map m = shm seg rw pages 1
  ${opts.waiters}
  thread check {
    sleep 20
    let w = load m + 20
    print "word", w
  }
}`, opts.strategy);
}

const waiter = (name: string, extra = '') => `thread ${name} {
    let v = load m + 20
    let r = futex_wait(m + 20, v${extra})
    print "${name}", r
  }`;

const of = <T extends KernelEvent['type']>(s: { events: readonly KernelEvent[] }, type: T) =>
  s.events.filter((e): e is Extract<KernelEvent, { type: T }> => e.type === type);

describe('handle_futex_death', () => {
  it('writes (word & WAITERS) | OWNER_DIED, clearing the TID, and wakes exactly one waiter, FIFO', () => {
    const s = ownerDies({ waiters: waiter('w1') + '\n' + waiter('w2', ', timeout 30') });
    expect(lines(s)).toEqual(['A/owner: set 0', 'B/w1: w1 0', `B/check: word ${WAITERS | OWNER_DIED}`, `B/w2: w2 ${-ETIMEDOUT}`]);
    const died = of(s, 'owner-died');
    expect(died).toHaveLength(1);
    expect(died[0]).toMatchObject({ old: (101 | WAITERS), word: WAITERS | OWNER_DIED, woke: 1, pi: false, pending: false });
    expect(s.anomalies).toEqual([]);
  });

  it('without WAITERS the word becomes OWNER_DIED and nobody is woken', () => {
    const s = ownerDies({ word: 'me', waiters: '' });
    expect(lines(s)).toEqual(['A/owner: set 0', `B/check: word ${OWNER_DIED}`]);
    expect(of(s, 'wake')).toEqual([]);
  });

  it('a word owned by another TID is left alone', () => {
    const s = ownerDies({ word: '999 | FUTEX_WAITERS', waiters: waiter('w1', ', timeout 30') });
    expect(lines(s)).toContain(`B/check: word ${999 | WAITERS}`);
    expect(lines(s)).toContain(`B/w1: w1 ${-ETIMEDOUT}`);
    expect(of(s, 'owner-died')).toEqual([]);
  });

  it('the wake is a shared wake: a private waiter is not woken, a shared one behind it is', () => {
    const s = ownerDies({ waiters: waiter('priv', ', timeout 30, private') + '\n' + waiter('shared') });
    expect(lines(s)).toEqual(['A/owner: set 0', 'B/shared: shared 0', `B/check: word ${WAITERS | OWNER_DIED}`, `B/priv: priv ${-ETIMEDOUT}`]);
    expect(s.anomalies).toEqual([]);
  });

  it('wakes even when OWNER_DIED is already set (recursive death)', () => {
    const s = ownerDies({ word: 'me | FUTEX_WAITERS | FUTEX_OWNER_DIED', waiters: waiter('w1') });
    expect(lines(s)).toContain('B/w1: w1 0');
  });

  it('a PI entry (bit 0) gets its word set but no wake here (exit_pi_state_list wakes PI waiters)', () => {
    const s = ownerDies({ list: '(m + 16) | 1', waiters: waiter('w1', ', timeout 30') });
    expect(lines(s)).toContain(`B/check: word ${WAITERS | OWNER_DIED}`);
    expect(lines(s)).toContain(`B/w1: w1 ${-ETIMEDOUT}`);
    expect(of(s, 'owner-died')[0]).toMatchObject({ pi: true, woke: 0 });
  });
});

describe('list_op_pending', () => {
  it('a pending non-PI word that is 0 (died between unlock store and wake): one waiter woken, the word stays 0', () => {
    // The owner took the entry off the list (head.next = head) and stored 0, but died before its wake.
    const s = ownerDies({ list: 'm', pending: 'm + 16', word: 'me | FUTEX_WAITERS', waiters: waiter('w1') + '\n' + waiter('w2', ', timeout 30'), ownerEnd: 'store m + 20, 0' });
    expect(lines(s)).toEqual(['A/owner: set 0', 'B/w1: w1 0', 'B/check: word 0', `B/w2: w2 ${-ETIMEDOUT}`]);
    expect(of(s, 'robust-wake')).toMatchObject([{ woke: 1 }]);
  });

  it('cleared before the unlocking store, nobody is woken: the lost wake-up the field prevents', () => {
    const s = ownerDies({ list: 'm', pending: '0', waiters: waiter('w1', ', timeout 30'), ownerEnd: 'store m + 20, 0' });
    expect(lines(s)).toEqual(['A/owner: set 0', 'B/check: word 0', `B/w1: w1 ${-ETIMEDOUT}`]);
    expect(of(s, 'wake')).toEqual([]);
  });

  it('a pending entry that is also on the list is handled once, last', () => {
    const s = ownerDies({ pending: 'm + 16', waiters: waiter('w1') + '\n' + waiter('w2', ', timeout 30') });
    const died = of(s, 'owner-died');
    expect(died).toHaveLength(1);
    expect(died[0]).toMatchObject({ pending: true, woke: 1 });
    expect(lines(s)).toContain(`B/w2: w2 ${-ETIMEDOUT}`);
  });
});

describe('exit_robust_list: the walk', () => {
  /** A/t4 is the fourth thread (TID 104): `body` runs in it with m mapped at 0x40000000. */
  const fourth = (body: string, pages = 1) => run(`process A {
  map m = anon private rw pages ${pages} at 0x40000000
  thread t1 { yield }
  thread t2 { yield }
  thread t3 { yield }
  thread t4 {
    let me = gettid()
    assert me == 104
    ${body}
  }
}`);

  it('reads next before handling an entry (the lock word here IS its next field)', () => {
    // HEAD at m + 0x68 = 0x40000068, whose TID part is 104. Entry e = m + 0x80 with futex_offset 0:
    // its lock word is its own next, = HEAD, "owned" by TID 104. A decoy word at m + 0 also owned
    // by 104: reading next after the store would follow 0x40000000 (OWNER_DIED) to it.
    const s = fourth(`
    store m + 0x68, m + 0x80
    store m + 0x6c, 0
    store m + 0x70, 0
    store m + 0x80, m + 0x68
    store m + 0, me
    let r = set_robust_list(m + 0x68)
    exit`);
    expect(s.result).toBe('ok');
    expect(of(s, 'owner-died')).toMatchObject([{ uaddr: 0x40000080, word: OWNER_DIED }]);
    expect(of(s, 'robust-walk')).toMatchObject([{ entries: 1, stop: 'end' }]);
  });

  it('stops after 2048 entries, then still handles the pending entry', () => {
    // 2049 entries at m + 16 * i, lock words at entry + 4; pending at m + 0x9000.
    const s = fourth(`
    store m, m + 16
    store m + 4, 4
    store m + 8, m + 0x9000
    store m + 0x9004, me
    let i = 1
    while i <= 2049 {
      let e = m + 16 * i
      if i == 2049 { store e, m } else { store e, e + 16 }
      store e + 4, me
      i = i + 1
    }
    let r = set_robust_list(m)
    exit`, 10);
    const died = of(s, 'owner-died');
    expect(died).toHaveLength(2049);
    expect(died[2047]!.uaddr).toBe(0x40000000 + 16 * 2048 + 4);
    expect(died[2048]).toMatchObject({ pending: true, uaddr: 0x40009004 });
    expect(of(s, 'robust-walk')).toMatchObject([{ entries: 2049, stop: 'limit' }]);
    expect(died.some((d) => d.uaddr === 0x40000000 + 16 * 2049 + 4)).toBe(false); // entry 2049 untouched
  });

  it('a circular list stops at the limit', () => {
    const s = fourth(`
    store m, m + 16
    store m + 4, 4
    store m + 16, m + 16
    store m + 20, me
    let r = set_robust_list(m)
    exit`);
    expect(of(s, 'owner-died')).toHaveLength(1);
    expect(of(s, 'robust-walk')).toMatchObject([{ entries: 2048, stop: 'limit' }]);
  });

  it('stops silently at a misaligned lock word, and the pending entry is then not handled', () => {
    const s = fourth(`
    store m, m + 16
    store m + 4, 4
    store m + 8, m + 48
    store m + 16, m + 30
    store m + 20, me
    store m + 52, me
    let r = set_robust_list(m)
    exit`);
    expect(of(s, 'owner-died')).toMatchObject([{ uaddr: 0x40000014 }]);
    expect(of(s, 'robust-walk')).toMatchObject([{ entries: 2, stop: 'misaligned' }]);
    expect(s.result).toBe('ok');
  });

  it('stops silently on a fault reading next (after handling the entry), without the pending one', () => {
    // The entry sits in an unmapped page (0x7000) but its lock word, at 0x7000 + futex_offset = m + 20,
    // is mapped: the kernel reads next (fault), handles the entry, then returns.
    const s = fourth(`
    store m, 0x7000
    store m + 4, m + 20 - 0x7000
    store m + 8, 0x7030
    store m + 20, me
    store m + 0x50, me
    let r = set_robust_list(m)
    exit`);
    expect(of(s, 'owner-died')).toMatchObject([{ uaddr: 0x40000014 }]);
    expect(of(s, 'robust-walk')).toMatchObject([{ entries: 1, stop: 'fault' }]);
  });

  it('a fault on a lock word stops the walk there (entries counts the one it failed on)', () => {
    const s = fourth(`
    store m, m + 16
    store m + 4, 4
    store m + 8, m + 48
    store m + 16, 0x7000
    store m + 20, me
    store m + 52, me
    let r = set_robust_list(m)
    exit`);
    expect(of(s, 'owner-died')).toMatchObject([{ uaddr: 0x40000014 }]);
    expect(of(s, 'robust-walk')).toMatchObject([{ entries: 2, stop: 'fault' }]);
  });

  it('an unreadable head means no walk (the head is not validated by set_robust_list)', () => {
    const s = fourth(`
    let r = set_robust_list(0x7000)
    let g = get_robust_list()
    print r, g`);
    expect(lines(s)).toEqual([`A/t4: 0 ${0x7000}`]);
    expect(of(s, 'robust-walk')).toMatchObject([{ entries: 0, stop: 'fault' }]);
    expect(s.result).toBe('ok');
  });
});

describe('set_robust_list / get_robust_list', () => {
  it('a length other than the head size is -EINVAL; get returns the head, 0 before, -ESRCH once ended', () => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread a {
    let g0 = get_robust_list()
    let e = set_robust_list(m, len 24)
    let r = set_robust_list(m, len 12)
    let g = get_robust_list()
    print g0, e, r, g == m
    sleep 5
  }
  thread b {
    let x = get_robust_list(a)
    sleep 10
    let y = get_robust_list(a)
    print x == m, y
  }
}`);
    expect(lines(s)).toEqual([`A/a: 0 ${-EINVAL} 0 1`, `A/b: 1 ${-ESRCH}`]);
  });

  it.each(STRATEGIES)('exists from 2.6.17 only (%s)', (strategy) => {
    const s = run(`process A {
  map m = anon private rw pages 1
  thread t { let a = set_robust_list(m)
    let b = get_robust_list()
    print a, b == m }
}`, strategy);
    const has = strategy === 'gorman-2013' || strategy === 'modern';
    expect(lines(s)).toEqual([has ? 'A/t: 0 1' : `A/t: ${-ENOSYS} 0`]);
  });

  it('the pre-2.6.17 eras do not walk a list at thread end', () => {
    const s = ownerDies({ waiters: waiter('w1', ', timeout 30'), strategy: 'jamie-2003' });
    expect(lines(s)).toContain(`B/w1: w1 ${-ETIMEDOUT}`);
    expect(of(s, 'owner-died')).toEqual([]);
  });
});

describe('thread end and kill', () => {
  it('the robust walk runs before the clear-tid store and wake', () => {
    // A sibling still uses the mm when the owner ends: mm_release stores and wakes (mm_users > 1).
    const s = ownerDies({ waiters: waiter('w1'), ownerEnd: 'spawn sibling { sleep 20 }\n    set_tid_address m + 40' });
    const order = s.events.filter((e) => e.type === 'owner-died' || (e.type === 'wake' && e.op.startsWith('exit'))).map((e) => e.type);
    expect(order).toEqual(['owner-died', 'wake']);
  });

  it('kill PROCESS ends a blocked owner, whose robust list is walked', () => {
    const s = run(`shm seg pages 1
process A {
  map m = shm seg rw pages 1
  thread owner {
    let me = gettid()
    store m + 0, m + 16
    store m + 4, 4
    store m + 16, m
    store m + 20, me | FUTEX_WAITERS
    let r = set_robust_list(m)
    let x = futex_wait(m + 100, 0)
    print "never", x
  }
}
process B {
  map m = shm seg rw pages 1
  thread w { let v = load m + 20
    let r = futex_wait(m + 20, v)
    let after = load m + 20
    print "w", r, after == (FUTEX_WAITERS | FUTEX_OWNER_DIED) }
  thread killer { sleep 3
    kill A
    kill A }
}`);
    expect(lines(s)).toEqual(['B/w: w 0 1']);
    expect(of(s, 'kill')).toHaveLength(1);
    expect(s.events.some((e) => e.type === 'syscall' && e.name === 'kill A' && e.ret === -ESRCH)).toBe(true);
    expect(s.k.s.tasks[0]!.state).toBe('killed');
    expect(s.result).toBe('ok');
  });

  it('exec walks the list of the caller in the old mm and unregisters it', () => {
    const s = ownerDies({ waiters: waiter('w1'), ownerEnd: 'exec\n    let g = get_robust_list()\n    print "after exec", g' });
    expect(lines(s)).toContain('A/owner: after exec 0');
    expect(lines(s)).toContain('B/w1: w1 0');
  });

  it('kill names a process: an unknown one is refused with its location', async () => {
    const { loadProgram } = await import('../../src/session/load');
    const r = loadProgram('process A {\n  thread t { kill Z }\n}\n', 'k.futex');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics[0]!.message).toContain("no process 'Z'");
      expect(r.diagnostics[0]!.range.start).toMatchObject({ line: 2, col: 19 });
    }
  });
});
