// Property (issues #16, #17): the pi_state table invariant of pi-property.test.ts, now with what
// ends or interrupts PI waiters and owners: signals to PI and requeue-PI waiters (their restarts
// and -EWOULDBLOCK, futex/pi-early.ts), `kill` of a process whose threads own or wait for PI
// locks in shared memory (exit_pi_state_list, the waiters' unqueue), threads that end holding
// locks, and requeue-PI with timeouts. Under `modern`, every PI word stays in a valid row and no
// rt_waiter dangles, in every state, under every schedule.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { auditPi, VALID_ROWS } from '../../src/kernel/futex/pi-state';

const FNS = `fn lock(m, t) {
  let me = gettid()
  let c = cas m, 0, me
  if c != 0 {
    let r = futex_lock_pi(m, timeout t)
    return r
  }
  return 0
}
fn unlock(m) {
  let me = gettid()
  let c = cas m, me, 0
  if c != me {
    futex_unlock_pi(m)
  }
}
`;

const word = fc.constantFrom('m', 'n');
/** A statement; `%` stands for a thread index of the same process, filled in when assembled. */
const item = fc.oneof(
  { arbitrary: fc.constantFrom('yield', 'sleep 1', 'sleep 3'), weight: 1 },
  { arbitrary: fc.constantFrom('signal t%', 'sleep 1\n    signal t%', 'sleep 4\n    signal t%'), weight: 3 },
  { arbitrary: fc.tuple(word, fc.constantFrom(3, 8, 30)).map(([w, t]) => `let r = lock(${w}, ${t})\n    if r == 0 {\n      sleep 2\n      unlock(${w})\n    }`), weight: 4 },
  // Takes the lock and ends holding it: the thread-end PI release.
  { arbitrary: word.map((w) => `let h = lock(${w}, 30)`), weight: 1 },
  { arbitrary: fc.constant('let s = futex_wait_requeue_pi(cv, 0, m, timeout 9)\n    if s == 0 {\n      unlock(m)\n    }'), weight: 2 },
  { arbitrary: fc.constant('let k = futex_cmp_requeue_pi(cv, 1, 1, m, 0)'), weight: 2 },
  { arbitrary: fc.constant('kill Q'), weight: 1 },
);
const sched = fc.constantFrom('', ' sched fifo 1', ' sched fifo 2');
const threads = (min: number, max: number) => fc.array(fc.tuple(sched, fc.array(item, { minLength: 1, maxLength: 4 }), fc.nat(3)), { minLength: min, maxLength: max });
const maps = '  map m = shm sm rw pages 1\n  map n = shm sn rw pages 1\n  map cv = shm scv rw pages 1\n';
const body = (ts: [string, string[], number][], self: boolean) => ts.map(([s, items, j], i) =>
  `  thread t${i}${s} {\n    ${items.map((x) => x.replace('%', String((i + 1 + j) % ts.length))).filter((x) => self || x !== 'kill Q').join('\n    ') || 'yield'}\n  }\n`).join('');
const scenario = fc.tuple(threads(2, 3), threads(1, 2)).map(([p, q]) =>
  `${FNS}shm sm pages 1\nshm sn pages 1\nshm scv pages 1\nprocess P {\n${maps}${body(p, true)}}\nprocess Q {\n${maps}${body(q, false)}}\n`);

describe('pi_state table invariant (modern) with signals, kill and owners that end holding locks', () => {
  it('holds in every state of random programs under random schedules', () => {
    const seen = { contended: 0, restarts: 0, killed: 0, ownerDied: 0, requeued: 0 };
    fc.assert(
      fc.property(scenario, fc.constantFrom('fifo', 'round-robin', 'random(3)'), (text, schedule) => {
        const r = loadProgram(text, 'prop.futex');
        if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('\n') + '\n' + text);
        const s = new Session(r.program, { strategy: 'modern', schedule, checkInvariants: true, options: { max_steps: '800' } });
        let steps = 0;
        while (s.step()) {
          const a = auditPi(s.k);
          if (a.words.length > 0) seen.contended++;
          for (const w of a.words) expect(VALID_ROWS.has(w.row), `row [${w.row}] at step ${s.k.s.step}\n${text}`).toBe(true);
          expect(a.dangling, text).toEqual([]);
          steps++;
        }
        seen.restarts += s.events.filter((e) => e.type === 'unqueue' && e.why === 'signal').length;
        seen.killed += s.events.filter((e) => e.type === 'kill').length;
        seen.ownerDied += s.events.filter((e) => e.type === 'pi-lock' && e.what === 'owner-died').length;
        seen.requeued += s.events.filter((e) => e.type === 'requeue').length;
        expect(s.anomalies.filter((x) => x.kind === 'pi-state-inconsistent' || x.kind === 'dangling-rt-waiter'), text).toEqual([]);
        return steps > 0;
      }),
      { numRuns: 200, seed: 17 },
    );
    // The generator must reach what it is about, or the property says little.
    expect(seen.contended).toBeGreaterThan(300);
    expect(seen.restarts).toBeGreaterThan(5);
    expect(seen.killed).toBeGreaterThan(10);
    expect(seen.ownerDied).toBeGreaterThan(5);
    expect(seen.requeued).toBeGreaterThan(3);
  });
});
