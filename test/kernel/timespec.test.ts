// Timeouts written as a struct timespec (kernel/futex/timeout.ts, docs/era-argument-checks.md
// "Timeouts"): relative for FUTEX_WAIT, absolute for the others, -EINVAL for an invalid one from
// 2.6.31 on (before the op's own checks), unchecked and converted by timespec_to_jiffies + 1 before.

import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { lines, run, STRATEGIES } from './v2-helpers';
import { EINVAL, ENOSYS, ETIMEDOUT } from '../../src/kernel/types';

const one = (call: string, pre = '') => `process P {
  map m = anon private rw pages 1
  thread a {
    ${pre}
    let r = ${call}
    print r
    let c = 0
    print c
  }
}
`;

/** The clock at the end of the run with the call written with `timeout T` instead (T ticks from now). */
const ticksEnd = (call: string, strategy: string, pre = '') => run(one(call, pre), strategy).k.s.clock;

describe('timespec timeouts', () => {
  it('a valid relative timespec times FUTEX_WAIT out after ceil(ns / 1 ms) ticks in every era; 2.5/2.6.0 add one jiffy', () => {
    for (const st of STRATEGIES) {
      const s = run(one('futex_wait(m, 0, timeout {0, 4500000})'), st);
      expect(lines(s)[0]).toBe(`P/a: ${-ETIMEDOUT}`);
      const old = st !== 'gorman-2013' && st !== 'modern';
      // timespec_to_jiffies(&t) + 1 before 2.6.31; the hrtimer's exact 5 ms after.
      expect(s.k.s.clock, st).toBe(ticksEnd(`futex_wait(m, 0, timeout ${old ? 6 : 5})`, st));
    }
  });

  it('an invalid timespec is -EINVAL from 2.6.31 on, and a wait before (negative seconds: clamped to MAX_SEC_IN_JIFFIES)', () => {
    for (const bad of ['{-1, 0}', '{0, 1000000000}', '{0, -1}']) {
      for (const st of ['gorman-2013', 'modern']) {
        expect(lines(run(one(`futex_wait(m, 0, timeout ${bad})`), st))[0], `${st} ${bad}`).toBe(`P/a: ${-EINVAL}`);
      }
    }
    // 2.6.0: {0, 1e9} is one second (+1 jiffy); {-1, 0} waits MAX_SEC_IN_JIFFIES seconds.
    const s = run(one('futex_wait(m, 0, timeout {0, 1000000000})'), 'jamie-2003');
    expect(lines(s)[0]).toBe(`P/a: ${-ETIMEDOUT}`);
    expect(s.k.s.clock).toBe(ticksEnd('futex_wait(m, 0, timeout 1001)', 'jamie-2003'));
    const neg = run(one('futex_wait(m, 0, timeout {-1, 0})'), 'jamie-2003');
    expect(lines(neg)[0]).toBe(`P/a: ${-ETIMEDOUT}`);
    expect(neg.k.s.clock).toBe(ticksEnd(`futex_wait(m, 0, timeout ${2_147_483 * 1000 + 1})`, 'jamie-2003'));
  });

  it('the timespec check comes before the op\'s own checks (a misaligned address), and after -ENOSYS', () => {
    expect(lines(run(one('futex_wait(m + 1, 0, timeout {0, -5})'), 'modern'))[0]).toBe(`P/a: ${-EINVAL}`);
    expect(lines(run(one('futex_wait(m, 1, timeout {-3, 0})'), 'modern'))[0]).toBe(`P/a: ${-EINVAL}`); // not -EAGAIN
    // gorman-2013 has no FUTEX_LOCK_PI2: -ENOSYS, whatever the timespec.
    expect(lines(run(one('futex_lock_pi2(m, timeout {-1, 0})'), 'gorman-2013'))[0]).toBe(`P/a: ${-ENOSYS}`);
    expect(lines(run(one('futex_lock_pi2(m, timeout {-1, 0})'), 'modern'))[0]).toBe(`P/a: ${-EINVAL}`);
  });

  it('WAIT_BITSET and LOCK_PI read an absolute time; one in the past times out at once', () => {
    // The clock is at 20 when the wait starts: an absolute 30 ms deadline is 10 ticks away.
    const s = run(one('futex_wait_bitset(m, 0, 1, timeout {0, 30000000})', 'sleep 20'), 'modern');
    expect(lines(s)[0]).toBe(`P/a: ${-ETIMEDOUT}`);
    expect(s.k.s.clock).toBe(ticksEnd('futex_wait_bitset(m, 0, 1, timeout 10)', 'modern', 'sleep 20'));
    const past = run(one('futex_wait_bitset(m, 0, 1, timeout {0, 5000000})', 'sleep 20'), 'modern');
    expect(lines(past)[0]).toBe(`P/a: ${-ETIMEDOUT}`);
    expect(past.k.s.clock).toBe(ticksEnd('futex_wait_bitset(m, 0, 1, timeout 0)', 'modern', 'sleep 20'));
    // The same timespec for FUTEX_WAIT is relative: 20 + 30.
    const rel = run(one('futex_wait(m, 0, timeout {0, 30000000})', 'sleep 20'), 'modern');
    expect(rel.k.s.clock).toBe(ticksEnd('futex_wait(m, 0, timeout 30)', 'modern', 'sleep 20'));
    // LOCK_PI on a word the other thread owns and holds until tick 1000.
    // The clock when a's `print r` runs, stepping one statement at a time.
    const piEnd = (t: string, sleep = 20): { r: string; clock: number } => {
      const r = loadProgram(`process P {
  map m = anon private rw pages 1
  thread o { let x = futex_lock_pi(m)
    sleep 1000 }
  thread a { sleep ${sleep}
    let r = futex_lock_pi(m, timeout ${t})
    print r }
}
`, 'pi.futex');
      if (!r.ok) throw new Error(r.diagnostics[0]!.message);
      const ss = new Session(r.program, { strategy: 'modern' });
      while (ss.output.length === 0 && ss.step());
      return { r: ss.output[0]!.text, clock: ss.k.s.clock };
    };
    // Started 10 ticks later, an absolute deadline ends at the same tick, a relative one 10 later.
    const abs = piEnd('{0, 40000000}');
    expect(abs.r).toBe(String(-ETIMEDOUT));
    expect(piEnd('{0, 40000000}', 30).clock).toBe(abs.clock);
    expect(piEnd('20', 30).clock - piEnd('20').clock).toBe(10);
    expect(abs.clock).toBeGreaterThanOrEqual(40);
    expect(abs.clock).toBeLessThan(piEnd('20').clock);
  });

  it('futex_waitv and futex2_wait: absolute on clock C, which must be CLOCK_MONOTONIC or CLOCK_REALTIME', () => {
    expect(lines(run(one('futex_waitv([m, 0], timeout {0, 60000000}, clock 7)'), 'modern'))[0]).toBe(`P/a: ${-EINVAL}`);
    expect(lines(run(one('futex2_wait(m, 0, 1, timeout {0, 60000000}, clock 7)'), 'modern'))[0]).toBe(`P/a: ${-EINVAL}`);
    for (const clock of ['CLOCK_MONOTONIC', 'CLOCK_REALTIME']) {
      const s = run(one(`futex_waitv([m, 0], timeout {0, 60000000}, clock ${clock})`, 'sleep 20'), 'modern');
      expect(lines(s)[0]).toBe(`P/a: ${-ETIMEDOUT}`);
      expect(s.k.s.clock).toBe(ticksEnd('futex_waitv([m, 0], timeout 40)', 'modern', 'sleep 20'));
    }
    // futex_waitv with no entries: -EINVAL before the timeout is read (either way -EINVAL), and
    // an invalid entry after a valid timeout is still -EINVAL.
    expect(lines(run(one('futex_waitv([m, 0, size 8], timeout {0, 1})'), 'modern'))[0]).toBe(`P/a: ${-EINVAL}`);
    expect(lines(run(one('futex2_wait(m, 0, 1, timeout {-1, 0})'), 'modern'))[0]).toBe(`P/a: ${-EINVAL}`);
  });

  it('`timeout T` keeps its meaning: T ticks from now for every op', () => {
    const a = run(one('futex_wait_bitset(m, 0, 1, timeout 30)', 'sleep 20'), 'modern').k.s.clock;
    const b = run(one('futex_wait_bitset(m, 0, 1, timeout 30)', 'sleep 40'), 'modern').k.s.clock;
    expect(b - a).toBe(20);
  });

  it('bad forms are errors with a location', () => {
    const errs = (text: string) => {
      const r = loadProgram(text, 't.futex');
      return r.ok ? [] : r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col}: ${d.message}`);
    };
    expect(errs(one('poll(3, timeout {0, 1})')).join('\n')).toMatch(/poll takes its timeout in ticks/);
    expect(errs(one('futex_waitv([m, 0], clock 1)')).join('\n')).toMatch(/'clock' goes with a timespec timeout/);
    expect(errs(one('futex_wait(m, 0, timeout {1})')).join('\n')).toMatch(/5:\d+: .*between the seconds and nanoseconds/);
    expect(errs(one('futex_wait(m, 0, timeout 3, timeout {1, 0})')).join('\n')).toMatch(/'timeout' is given twice/);
  });
});
