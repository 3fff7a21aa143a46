// Priorities on the one CPU (LANGUAGE.md "Version 2 additions", Priorities), priority-ordered
// futex queues from 2.6.22 (GROUND-TRUTH.md §8.1, §8.2) and PI boosting, transitive.
import { describe, it, expect } from 'vitest';
import { run, lines, session } from './pi-helpers';

describe('the scheduler', () => {
  it('runs the highest priority first; nice changes no order', () => {
    const s = run(`process P {
  thread a nice -20 {
    print "a"
  }
  thread b sched fifo 5 {
    print "b"
  }
  thread c sched fifo 50 {
    print "c"
  }
  thread d nice 19 {
    print "d"
  }
}
`);
    expect(lines(s)).toEqual(['c: c', 'b: b', 'a: a', 'd: d']);
  });

  it('a thread woken with a higher priority preempts at the next step boundary; the preempted one resumes first of its priority', () => {
    const s = run(`process P {
  thread lo1 sched fifo 1 {
    print "lo1 start"
    let i = 0
    while i < 5 {
      i = i + 1
    }
    print "lo1 end"
  }
  thread lo2 sched fifo 1 {
    print "lo2"
  }
  thread hi sched fifo 9 {
    sleep 3
    print "hi"
  }
}
`);
    expect(lines(s)).toEqual(['lo1: lo1 start', 'hi: hi', 'lo1: lo1 end', 'lo2: lo2']);
  });

  it('spawn takes sched fifo P too', () => {
    const s = run(`process P {
  thread main {
    spawn helper sched fifo 20 {
      print "helper"
    }
    print "main"
  }
}
`);
    expect(lines(s)).toEqual(['helper: helper', 'main: main']);
  });

  it('an out-of-range priority is an error with its location', async () => {
    const { loadProgram } = await import('../../src/session/load');
    const r = loadProgram('process P {\n  thread t sched fifo 100 {\n    yield\n  }\n}\n', 'bad.futex');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics[0]!.message).toContain('out of range 1..99');
      expect(r.diagnostics[0]!.range.start.line).toBe(2);
    }
  });
});

const waitOrder = `process P {
  map f = anon private rw pages 1
  thread w1 sched fifo 5 {
    futex_wait(f, 0)
    print "w1"
  }
  thread w2 sched fifo 5 {
    futex_wait(f, 0)
    print "w2"
  }
  thread w3 sched fifo 7 {
    sleep 5
    futex_wait(f, 0)
    print "w3"
  }
  thread waker {
    sleep 10
    let n = futex_wake(f, 1)
    let n2 = futex_wake(f, 1)
    let n3 = futex_wake(f, 1)
  }
}
`;

describe('futex queue order', () => {
  it('from 2.6.22 (plist): higher priority first, FIFO among equals', () => {
    for (const era of ['gorman-2013', 'modern']) expect(lines(run(waitOrder, era))).toEqual(['w3: w3', 'w1: w1', 'w2: w2']);
  });
  it('before 2.6.22: FIFO whatever the priority', () => {
    for (const era of ['pinned-page', 'vcache', 'rusty-2003', 'jamie-2003']) expect(lines(run(waitOrder, era))).toEqual(['w1: w1', 'w2: w2', 'w3: w3']);
  });
});

describe('PI boosting', () => {
  it('boosts the owner to its top waiter, transitively through a chain, and drops the boost on unlock', () => {
    // c owns B; b owns A and blocks on B; a (fifo 40) blocks on A: b and then c run at 40.
    const s = session(`process P {
  map A = anon private rw pages 1
  map B = anon private rw pages 1
  thread c sched fifo 1 {
    futex_lock_pi(B)
    let i = 0
    while i < 20 {
      i = i + 1
    }
    futex_unlock_pi(B)
    print "c released B"
  }
  thread b sched fifo 2 {
    sleep 5
    futex_lock_pi(A)
    futex_lock_pi(B)
    print "b has B"
    futex_unlock_pi(B)
    futex_unlock_pi(A)
  }
  thread a sched fifo 40 {
    sleep 10
    futex_lock_pi(A)
    print "a has A"
  }
  thread m sched fifo 20 {
    sleep 15
    print "m ran"
  }
}
`);
    s.run();
    expect(s.result).toBe('ok');
    // m (20) never runs before a (40) gets A: c is boosted to 40 through b.
    expect(lines(s)).toEqual(['b: b has B', 'a: a has A', 'm: m ran', 'c: c released B']);
    expect(s.k.s.tasks.find((t) => t.name === 'P/m')!.state).toBe('ended');
    const boosts = s.events.filter((e) => e.type === 'pi-boost').map((e) => e.type === 'pi-boost' && `${s.k.s.tasks[e.tid].name.split('/')[1]} ${e.from}->${e.to}`);
    expect(boosts).toContain('b 2->40');
    expect(boosts).toContain('c 2->40');
    expect(s.anomalies).toEqual([]);
  });
});

describe('owner death (exit_pi_state_list)', () => {
  it('hands the lock to the waiter: LOCK_PI returns 0, word = waiter | WAITERS | OWNER_DIED', () => {
    const s = run(`process P {
  map f = anon private rw pages 1
  thread owner {
    futex_lock_pi(f)
    sleep 3
  }
  thread waiter {
    sleep 1
    let r = futex_lock_pi(f)
    let v = load f
    let me = gettid()
    print r, v == (me | FUTEX_WAITERS | FUTEX_OWNER_DIED)
  }
}
`);
    expect(lines(s)).toEqual(['waiter: 0 1']);
    expect(s.events.some((e) => e.type === 'pi-lock' && e.what === 'owner-died')).toBe(true);
    expect(s.anomalies).toEqual([]);
  });

  it('a LOCK_PI waiter that times out leaves; the owner unlocks to 0', () => {
    const s = run(`process P {
  map f = anon private rw pages 1
  thread owner {
    futex_lock_pi(f)
    sleep 10
    let u = futex_unlock_pi(f)
    let v = load f
    print u, v
  }
  thread waiter {
    sleep 1
    let r = futex_lock_pi(f, timeout 3)
    print r == -ETIMEDOUT
  }
}
`);
    expect(lines(s)).toEqual(['waiter: 1', 'owner: 0 0']);
  });
});

describe('exec releases the PI locks of the caller', () => {
  it('the waiter gets the lock with OWNER_DIED when its owner calls exec', () => {
    const s = run(`shm seg pages 1
process P {
  map f = shm seg rw pages 1
  thread owner {
    futex_lock_pi(f)
    sleep 3
    exec
    sleep 20
  }
}
process Q {
  map f = shm seg rw pages 1
  thread waiter {
    sleep 1
    let r = futex_lock_pi(f)
    let v = load f
    let me = gettid()
    print r, v == (me | FUTEX_WAITERS | FUTEX_OWNER_DIED)
  }
}
`);
    expect(lines(s)).toEqual(['waiter: 0 1']);
    const exec = s.events.find((e) => e.type === 'exec')!;
    const handed = s.events.find((e) => e.type === 'pi-lock' && e.what === 'owner-died')!;
    const ownerExit = s.events.find((e) => e.type === 'exit' && s.k.s.tasks[e.tid].name === 'P/owner')!;
    expect(handed.step).toBe(exec.step);
    expect(handed.step).toBeLessThan(ownerExit.step);
  });
});
