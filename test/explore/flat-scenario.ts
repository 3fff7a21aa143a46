// Random programs of the flat class (src/explore/flat-program.ts) for the flat machine's
// differential tests (test/explore/flat.test.ts, bench/soundness.ts): one process, a private and a
// shared anonymous mapping, threads doing atomics, branches, calls, asserts and private futex
// waits and wakes (counts below one too), spin loops and checked updates. One in forty steps is
// outside the class at run time (an unaligned store, a division by a word that may be zero), for
// the fallback to the interpreter. A last thread stores 7 to each futex word and wakes its
// waiters, so that most runs end rather than deadlock (a search stops at its first failure).
import fc from 'fast-check';

const word = fc.constantFrom('m', 'm + 4', 'm + 64', 's', 's + 4');
const val = fc.integer({ min: 0, max: 2 });
/** Futex words: fewer, so that waits and wakes meet. */
const fword = fc.constantFrom('m', 's', 'm + 4');
const op = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(word, val).map(([a, v]) => `store ${a}, ${v}`) },
  { weight: 3, arbitrary: word.map((a) => `let x = load ${a}`) },
  { weight: 3, arbitrary: fc.tuple(word, val, val).map(([a, o, n]) => `let x = cas ${a}, ${o}, ${n}`) },
  { weight: 2, arbitrary: fc.tuple(word, val).map(([a, v]) => `let x = xchg ${a}, ${v}`) },
  { weight: 2, arbitrary: fc.tuple(word, val).map(([a, v]) => `let x = fetch_add ${a}, ${v}`) },
  { weight: 2, arbitrary: fc.tuple(word, val).map(([a, v]) => `fetch_sub ${a}, ${v}`) },
  { weight: 4, arbitrary: fc.tuple(fword, fc.constantFrom(0, 0, 1)).map(([a, v]) => `let x = futex_wait(${a}, ${v}, private)`) },
  { weight: 4, arbitrary: fc.tuple(fword, fc.integer({ min: -1, max: 2 })).map(([a, n]) => `let x = futex_wake(${a}, ${n}, private)`) },
  { weight: 2, arbitrary: fc.tuple(word, val).map(([a, v]) => `let x = load ${a}\n    assert x != ${v + 1}, "saw ${v + 1}"`) },
  { weight: 2, arbitrary: word.map((a) => `let r = bump(${a})\n    if r > 1 {\n      futex_wait(${a}, r + 1, private)\n    }`) },
  {
    weight: 1,
    arbitrary: fc.constant('while 1 {\n      let z = cas m + 8, 0, 1\n      if z == 0 { break }\n    }\n    let c = fetch_add m + 12, 1\n    assert c == 0, "two threads in the spin lock"\n    fetch_sub m + 12, 1\n    store m + 8, 0'),
  },
  { weight: 1, arbitrary: fc.constant('let a = load m + 16\n    store m + 16, a + 1\n    let b = load m + 16\n    assert b == a + 1, "an update was lost"') },
  { weight: 1, arbitrary: fc.constantFrom('yield', 'let p = load m\n    print "m is", p') },
  { weight: 1, arbitrary: fc.constantFrom('store m + 2, 1', 'let q = load s\n    let d = 4 / q') },
);

export const flatBody = fc.array(op, { minLength: 1, maxLength: 4 }).map((ss) => ss.join('\n    '));

/** `shared`: every futex op without `private` (keys on the page, or the shmem inode). */
export function flatScenario(bodies: string[], shared = false): string {
  const text = `fn bump(w) {
  let c = fetch_add w, 1
  if c > 0 {
    futex_wake(w, 1, private)
  }
  return c
}
process P {
  map m = anon private rw pages 1
  map s = anon shared rw pages 1
  store s + 4, 1
${bodies.map((body, i) => `  thread t${i} {\n    ${body}\n  }`).join('\n')}
  thread z {
    store m, 7
    futex_wake(m, 3, private)
    store s, 7
    futex_wake(s, 3, private)
    store m + 4, 7
    futex_wake(m + 4, 3, private)
  }
}
`;
  return shared ? text.replace(/, private\)/g, ')') : text;
}

/**
 * Two to four threads of one body, some with its first small constant or its word `m + 4`
 * changed (straight-scenario.ts twins): symmetry and the twin reduction must tell a changed one
 * apart.
 */
export const flatTwins = fc.tuple(flatBody, fc.array(fc.nat(3), { minLength: 2, maxLength: 4 })).map(([body, vs]) =>
  vs.map((v) => (v === 0 ? body.replace(/, ([0-2])/, (_, d: string) => `, ${(Number(d) + 1) % 3}`) : v === 1 ? body.replace('m + 4', 'm + 64') : body)));

