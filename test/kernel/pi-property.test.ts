// Property (issue #16): under `modern`, programs that use PI locks by glibc's protocol (cas in
// user space, FUTEX_LOCK_PI / TRYLOCK_PI / UNLOCK_PI in the kernel, requeue-PI condvars) keep
// every PI word in a valid row of the pi_state table, and leave no rt_waiter dangling, in every
// state they pass through, whatever the priorities and the schedule. The kernel invariants
// (pi_state lifetime, no dangling waiter under modern) are checked after every step too.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { auditPi, VALID_ROWS } from '../../src/kernel/futex/pi-state';

const FNS = `fn lock(m) {
  let me = gettid()
  let c = cas m, 0, me
  if c != 0 {
    let r = futex_lock_pi(m)
    return r
  }
  return 0
}
fn timedlock(m) {
  let me = gettid()
  let c = cas m, 0, me
  if c != 0 {
    let r = futex_lock_pi(m, timeout 4)
    return r
  }
  return 0
}
fn trylock(m) {
  let me = gettid()
  let c = cas m, 0, me
  if c != 0 {
    let r = futex_trylock_pi(m)
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
const locker = fc.constantFrom('lock', 'timedlock', 'trylock');
const inner = fc.oneof(
  fc.constant('yield'),
  fc.constant('sleep 1'),
  fc.tuple(locker, word).map(([l, w]) => `let q = ${l}(${w})\n    if q == 0 {\n      yield\n      unlock(${w})\n    }`),
  fc.constant('let k = futex_cmp_requeue_pi(cv, 1, 1, m, 0)'),
);
const item = fc.oneof(
  { arbitrary: fc.constantFrom('yield', 'sleep 1', 'sleep 3'), weight: 1 },
  { arbitrary: fc.tuple(locker, word, inner).map(([l, w, i]) => `let r = ${l}(${w})\n    if r == 0 {\n      sleep 2\n    ${i}\n      unlock(${w})\n    }`), weight: 5 },
  { arbitrary: fc.constant('let s = futex_wait_requeue_pi(cv, 0, m, timeout 6)\n    if s == 0 {\n      unlock(m)\n    }'), weight: 1 },
  { arbitrary: fc.constant('let k = futex_cmp_requeue_pi(cv, 1, 1, m, 0)'), weight: 1 },
);
const sched = fc.constantFrom('', ' sched fifo 1', ' sched fifo 2', ' sched fifo 3');
const threadDecl = fc.tuple(sched, fc.array(item, { minLength: 1, maxLength: 4 }));
const scenario = fc.array(threadDecl, { minLength: 2, maxLength: 4 }).map((ts) =>
  `${FNS}process P {\n  map m = anon private rw pages 1\n  map n = anon private rw pages 1\n  map cv = anon private rw pages 1\n` +
  ts.map(([s, items], i) => `  thread t${i}${s} {\n    ${items.join('\n    ')}\n  }\n`).join('') + '}\n');

describe('pi_state table invariant (modern)', () => {
  it('holds in every state of random PI programs under random schedules', () => {
    // The generator must reach contended PI words, hand-offs and requeues, or the property says little.
    const seen = { contended: 0, handoffs: 0, requeued: 0 };
    fc.assert(
      fc.property(scenario, fc.constantFrom('fifo', 'round-robin', 'random(1)', 'random(7)'), (text, schedule) => {
        const r = loadProgram(text, 'prop.futex');
        if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('\n') + '\n' + text);
        const s = new Session(r.program, { strategy: 'modern', schedule, checkInvariants: true, options: { max_steps: '600' } });
        let steps = 0;
        while (s.step()) {
          const a = auditPi(s.k);
          if (a.words.length > 0) seen.contended++;
          for (const w of a.words) expect(VALID_ROWS.has(w.row), `row [${w.row}] at step ${s.k.s.step}\n${text}`).toBe(true);
          expect(a.dangling).toEqual([]);
          steps++;
        }
        seen.handoffs += s.events.filter((e) => e.type === 'pi-lock' && e.what === 'handoff').length;
        seen.requeued += s.events.filter((e) => e.type === 'requeue').length;
        expect(s.anomalies.filter((x) => x.kind === 'pi-state-inconsistent' || x.kind === 'dangling-rt-waiter')).toEqual([]);
        return steps > 0;
      }),
      { numRuns: 250, seed: 16 },
    );
    expect(seen.contended).toBeGreaterThan(300);
    expect(seen.handoffs).toBeGreaterThan(20);
    expect(seen.requeued).toBeGreaterThan(3);
  });
});
