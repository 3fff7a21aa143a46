// Random scenarios for the explorer's differential soundness checks (issue #11): straight-line
// threads (test/explore/dpor.test.ts), the same with spin loops and checked updates (`looping`),
// and twins, threads sharing one body (test/explore/differential.test.ts); bench/soundness.ts
// runs all of them longer.
import fc from 'fast-check';

// Straight-line threads (no loops, so no cycles: DPOR runs rather than falling back) over three
// words of one page, one of them a PI lock word.
const word = fc.constantFrom('m', 'm + 4', 'm + 64');
const val = fc.integer({ min: 0, max: 2 });
const op = fc.oneof(
  fc.tuple(word, val).map(([a, v]) => `store ${a}, ${v}`),
  word.map((a) => `let x = load ${a}`),
  fc.tuple(word, val, val).map(([a, o, n]) => `let x = cas ${a}, ${o}, ${n}`),
  fc.tuple(word, val).map(([a, v]) => `let x = xchg ${a}, ${v}`),
  fc.tuple(word, val).map(([a, v]) => `let x = fetch_add ${a}, ${v}`),
  fc.tuple(word, val).map(([a, v]) => `let x = futex_wait(${a}, ${v}, private)`),
  fc.tuple(word, val).map(([a, n]) => `let x = futex_wake(${a}, ${n}, private)`),
  fc.tuple(word, word).map(([a, b]) => `let x = futex_requeue(${a}, 1, 1, ${b}, private)`),
  fc.tuple(word, val).map(([a, v]) => `let x = load ${a}\n    assert x != ${v + 3}, "never"`),
  fc.constant('pilock(m + 128)\n    let y = fetch_add m + 132, 1\n    piunlock(m + 128)'),
  fc.constant('let x = futex_trylock_pi(m + 128, private)'),
  fc.constant('yield'),
);
export const straight = fc.array(op, { minLength: 1, maxLength: 4 }).map((ss) => ss.join('\n    '));
export const prio = fc.constantFrom('', '', ' sched fifo 10', ' sched fifo 20');

export function straightScenario(threads: [string, string][]): string {
  return `option buckets = 64
fn pilock(w) {
  let me = gettid()
  let c = cas w, 0, me
  if c != 0 {
    futex_lock_pi(w, private)
  }
}
fn piunlock(w) {
  let me = gettid()
  let c = cas w, me, 0
  if c != me {
    futex_unlock_pi(w, private)
  }
}
process P {
  map m = anon private rw pages 1
  store m, 0
${threads.map(([body, sched], i) => `  thread t${i}${sched} {\n    ${body}\n  }`).join('\n')}
}
`;
}

/**
 * A critical section under a spin lock on a word of its own, asserting that it holds the lock
 * alone: a loop, so cycles for the livelock check (and DPOR falls back); a twin whose `cas` lost
 * its 0 (twins, below) breaks the lock.
 */
const spin = fc.constant('while 1 {\n      let z = cas m + 8, 0, 1\n      if z == 0 { break }\n    }\n    let c = fetch_add m + 12, 1\n    assert c == 0, "two threads in the spin lock"\n    fetch_sub m + 12, 1\n    store m + 8, 0');

/**
 * A read-modify-write in two steps, checked: it fails only when another thread's step falls
 * between the load and the second load, so it finds a reduction that drops interleavings of
 * threads that are not interchangeable in that state (twins in different places).
 */
const racy = fc.constant('let a = load m + 16\n    store m + 16, a + 1\n    let b = load m + 16\n    assert b == a + 1, "an update was lost"');

/** Straight-line threads with spin loops and checked updates among their operations. */
export const looping = fc.array(fc.oneof(op, spin, racy), { minLength: 1, maxLength: 4 }).map((ss) => ss.join('\n    '));

/**
 * Three or four threads of one body, some with its first small constant or its word `m + 4`
 * changed, priorities mostly equal: thread symmetry and the twin reduction must tell a changed
 * twin apart (issue #11's first unsoundness: threads that differ in one constant were merged).
 */
export const twins = fc.tuple(looping, fc.array(fc.tuple(fc.nat(3), fc.constantFrom('', '', '', ' sched fifo 10')), { minLength: 3, maxLength: 4 })).map(([body, ts]) =>
  ts.map(([v, sched]): [string, string] => [
    v === 0 ? body.replace(/, ([0-2])/, (_, d: string) => `, ${(Number(d) + 1) % 3}`) : v === 1 ? body.replace('m + 4', 'm + 64') : body,
    sched,
  ]));
