// poll(2) on descriptors that are not open, and negative timeouts in ticks, as Linux 6.18 answers
// them (`futexlab diff` agreed after the change; before it the simulator said -EBADF for both
// polls below, 0 for a negative poll timeout, and -ETIMEDOUT for futex_wait's negative timeout).

import { describe, it, expect } from 'vitest';
import { run, lines } from './v2-helpers';

describe('poll', () => {
  it('an fd that is not open is POLLNVAL: 1 at once; a negative fd is ignored: 0 after the timeout', () => {
    const s = run(`process P {
  thread t {
    let a = poll(7, timeout 3)
    let b = poll(-1, timeout 3)
    let c = poll(-38, timeout 0)
    print "poll", a, b, c
  }
}`);
    expect(lines(s)).toEqual(['P/t: poll 1 0 0']);
    expect(s.k.s.clock).toBeGreaterThanOrEqual(3); // b slept its timeout
  });

  it('a negative timeout waits for good: the thread is left blocked (hung)', () => {
    const s = run(`process P {
  thread t {
    let a = poll(-1, timeout -5)
    print "never", a
  }
}`);
    expect(lines(s)).toEqual([]);
    expect(s.anomalies.map((a) => a.kind)).toEqual(['hung']);
  });
});

describe('a negative timeout in ticks', () => {
  const text = `process P {
  map w = anon private rw pages 1
  thread t {
    let c = futex_wait_bitset(w, 0, 1, timeout -5)
    let d = futex_wait(w, 0, timeout -1)
    print "bitset", c, "wait", d
  }
}`;
  it('an absolute op times out at once; futex_wait\'s relative timespec is -EINVAL (modern, gorman-2013)', () => {
    expect(lines(run(text, 'modern'))).toEqual(['P/t: bitset -110 wait -22']);
    expect(lines(run(text, 'gorman-2013'))).toEqual(['P/t: bitset -110 wait -22']);
  });

  it('2.6.0 does not check it: timespec_to_jiffies clamps it to MAX_SEC_IN_JIFFIES, and the wait sleeps', () => {
    const s = run(`process P {
  map w = anon private rw pages 1
  thread t {
    let d = futex_wait(w, 0, timeout -1)
    print "wait", d
  }
  thread k {
    sleep 10
    let n = futex_wake(w, 1)
    print "woke", n
  }
}`, 'jamie-2003');
    expect(lines(s)).toEqual(['P/k: woke 1', 'P/t: wait 0']);
  });
});
