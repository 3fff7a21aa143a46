// Differential soundness of the explorer's reductions on random PI and robust programs (issues
// #16, #17; the method of differential.test.ts): exhaustive search with every reduction (state
// hashing, thread symmetry, partial order, whose independence covers pi_states, rt_mutex wait
// lists and robust lists) gives the verdict of the search with state hashing only, keeps no
// more states, and every counterexample replays to its failure. The statements: glibc's PI
// lock protocol, trylock, requeue-PI, signals to PI waiters, a robust mutex whose owner ends, a
// user-space store into a PI word (the pi-state-inconsistent anomaly, so some verdicts fail).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import { explore, failureOf } from '../../src/explore/search';
import { replay } from '../../src/explore/trace';

const FNS = `fn lock(m) {
  let me = gettid()
  let c = cas m, 0, me
  if c != 0 {
    let r = futex_lock_pi(m, timeout 5)
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
fn robust_take(h, w) {
  let me = gettid()
  store h, h + 16
  store h + 4, 4
  store h + 16, h
  store w, me | FUTEX_WAITERS
  set_robust_list(h)
}
`;

const stmt = fc.constantFrom(
  'let r = lock(m)\n    if r == 0 {\n      unlock(m)\n    }',
  'let r = lock(m)',
  'let t = futex_trylock_pi(m)',
  'let s = futex_wait_requeue_pi(cv, 0, m, timeout 6)\n    if s == 0 {\n      unlock(m)\n    }',
  'let k = futex_cmp_requeue_pi(cv, 1, 1, m, 0)',
  'signal %',
  // user space clobbers the PI word: row [9] or [10] when kernel waiters exist (an anomaly)
  'let r = lock(m)\n    yield\n    store m, 0\n    yield',
  'robust_take(rb, rb + 20)',
  'let v = load rb + 20\n    let w = futex_wait(rb + 20, v, timeout 4)',
);
const thread = fc.array(stmt, { minLength: 1, maxLength: 3 });
const scenario = fc.tuple(thread, thread, fc.constantFrom('', ' sched fifo 2')).map(([a, b, prio]) =>
  `${FNS}process P {\n  map m = anon private rw pages 1\n  map cv = anon private rw pages 1\n  map rb = anon private rw pages 1\n` +
  `  thread a {\n    ${a.join('\n    ').replace(/%/g, 'b')}\n  }\n  thread b${prio} {\n    ${b.join('\n    ').replace(/%/g, 'a')}\n  }\n}\n`);

describe('reductions agree with the plain search on random PI and robust programs', () => {
  for (const strategy of ['modern', 'gorman-2013']) {
    it(strategy, async () => {
      const samples = fc.sample(scenario, { numRuns: 30, seed: strategy === 'modern' ? 16 : 17 });
      let compared = 0;
      const verdicts = new Set<string>();
      for (const [i, text] of samples.entries()) {
        const r = loadProgram(text, `pi-random-${i}.futex`);
        if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('\n') + '\n' + text);
        const reduced = await explore(r.program, { strategy, maxStates: 3000 });
        const plain = await explore(r.program, { strategy, maxStates: 3000, symmetry: false, partialOrder: false });
        for (const x of [reduced, plain]) {
          if (x.result !== 'counterexample') continue;
          const s = replay(r.program, { schedule: x.failure!.schedule, strategy });
          expect(failureOf(s)?.kind, `${text}: the counterexample replays to its failure`).toBe(x.failure!.kind);
        }
        if (reduced.result === 'incomplete' || plain.result === 'incomplete') continue;
        compared++;
        verdicts.add(plain.result);
        expect(reduced.result, `${strategy}: verdict with reductions = without\n${text}`).toBe(plain.result);
        if (plain.result === 'ok') expect(reduced.states, text).toBeLessThanOrEqual(plain.states);
      }
      expect(compared).toBeGreaterThan(12);
      expect([...verdicts].sort()).toEqual(['counterexample', 'ok']); // both kinds of program are compared
    }, 300_000);
  }
});
