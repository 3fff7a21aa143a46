// The random-scenario generator (test/kernel/random-scenario.ts) restricted to what the native
// runner carries out (docs/native.md "What is carried out"): one process, anonymous private and
// shared rw maps, threads of store/load, the atomics, futex_wait/futex_wake, the bitset ops, the
// requeue ops and FUTEX_WAKE_OP, sleep, the PI ops, and an `if` on a result; every result is
// printed so that the kernel's answer is compared, not just the result. (Processes, fork, files
// and kernel events are covered by the examples and test/native/scenarios/.)
import fc from 'fast-check';
import { createHash } from 'node:crypto';

// Mapped addresses only for load/store (a wild load kills the native process, the simulator
// kills the thread: a different run, not a futex difference); the futex calls also get an
// unmapped (0x10: -EFAULT) and a misaligned (pa + 2: -EINVAL) address.
const mem = fc.constantFrom('pa', 'pa + 4', 'sa', 'sa + 8', 'pa + 4096');
const addr = fc.oneof({ weight: 6, arbitrary: mem }, { weight: 1, arbitrary: fc.constantFrom('0x10', 'pa + 2') });
const small = fc.integer({ min: -2, max: 3 });
const pi = fc.constantFrom('qi', 'qi + 4');
const timeout = fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined });
const flags = (t: number | undefined, p: boolean) => `${t === undefined ? '' : `, timeout ${t}`}${p ? ', private' : ''}`;

const show = (what: string) => `\n    print "${what}", x`;
const stmt = fc.oneof(
  fc.tuple(mem, small).map(([a, v]) => `store ${a}, ${v}`),
  mem.map((a) => `let x = load ${a}${show(`load ${a}`)}`),
  fc.tuple(addr, small, timeout, fc.boolean()).map(([a, v, t, p]) => `let x = futex_wait(${a}, ${v}${flags(t, p)})${show(`wait ${a}`)}`),
  fc.tuple(addr, small, fc.boolean()).map(([a, k, p]) => `let x = futex_wake(${a}, ${k}${flags(undefined, p)})${show(`wake ${a}`)}`),
  fc.tuple(addr, small, fc.constantFrom(1, 2, 3, -1), timeout).map(([a, v, m, t]) => `let x = futex_wait_bitset(${a}, ${v}, ${m}${flags(t, false)})${show(`waitb ${a}`)}`),
  fc.tuple(addr, small, fc.constantFrom(1, 2, 3, -1)).map(([a, k, m]) => `let x = futex_wake_bitset(${a}, ${k}, ${m})${show(`wakeb ${a}`)}`),
  fc.constantFrom('sleep 2', 'sleep 1'),
  // PI ops on their own map: its words hold real TIDs natively (the simulator's are its own), so
  // nothing loads them or waits on them with a value; `store qi, 0` is towelroot's move.
  fc.tuple(pi, fc.constantFrom('futex_lock_pi', 'futex_lock_pi2', 'futex_trylock_pi', 'futex_unlock_pi'), fc.boolean())
    .map(([a, op, p]) => `let x = ${op}(${a}${p ? ', private' : ''})${show(`${op.slice(6)} ${a}`)}`),
  fc.tuple(pi, fc.constantFrom('futex_lock_pi', 'futex_lock_pi2', 'futex_trylock_pi'), fc.nat(2))
    .map(([a, op, k]) => `let x = ${op}(${a})${show(`${op.slice(6)} ${a}`)}${'\n    sleep 1'.repeat(k)}\n    let x = futex_unlock_pi(${a})${show(`unlock_pi ${a}`)}`),
  fc.tuple(fc.constantFrom('pa', 'sa'), fc.constantFrom(0, 0, 0, 1), pi, timeout).map(([a, v, b, t]) => `let x = futex_wait_requeue_pi(${a}, ${v}, ${b}${flags(t, false)})${show(`wrq ${a}`)}`),
  fc.tuple(fc.constantFrom('pa', 'sa'), fc.integer({ min: 0, max: 2 }), small, pi, fc.constantFrom(0, 0, 0, 1)).map(([a, w, r, b, v]) => `let x = futex_cmp_requeue_pi(${a}, ${w}, ${r}, ${b}, ${v})${show(`crq ${a}`)}`),
  pi.map((a) => `store ${a}, 0`),
  fc.tuple(fc.constantFrom('cas', 'xchg', 'fetch_add', 'fetch_sub'), mem, small, small).map(([op, a, v, w]) =>
    `let x = ${op} ${a}, ${op === 'cas' ? `${v}, ${w}` : v}${show(`${op} ${a}`)}`),
  fc.tuple(addr, fc.nat(2), fc.integer({ min: -1, max: 2 }), mem, fc.boolean()).map(([a, w, r, b, p]) =>
    `let x = futex_requeue(${a}, ${w}, ${r}, ${b}${p ? ', private' : ''})${show(`requeue ${a}`)}`),
  fc.tuple(addr, fc.nat(2), fc.integer({ min: -1, max: 2 }), mem, small).map(([a, w, r, b, v]) =>
    `let x = futex_cmp_requeue(${a}, ${w}, ${r}, ${b}, ${v})${show(`cmp_requeue ${a}`)}`),
  fc.tuple(mem, fc.nat(2), fc.nat(2), mem, fc.nat(4), small, fc.nat(5), small).map(([a, w, w2, b, op, oa, cmp, ca]) =>
    `let x = futex_wake_op(${a}, ${w}, ${w2}, ${b}, ${op}, ${oa}, ${cmp}, ${ca})${show(`wake_op ${a}`)}`),
  fc.tuple(mem, small).map(([a, v]) => `let x = load ${a}\n    if x == ${v} {\n      print "equal", x\n    } else {\n      store ${a}, ${v}\n    }`),
);
const thread = fc.array(stmt, { minLength: 1, maxLength: 5 }).map((ss) => ss.join('\n    '));

export function nativeScenario(threads: string[]): string {
  return `scenario "random native"
process P {
  map pa = anon private rw pages 2
  map sa = anon shared rw pages 1
  map qi = anon private rw pages 1
${threads.map((t, i) => `  thread t${i} {\n    ${t}\n  }`).join('\n')}
}
`;
}

/** `count` scenarios of two or three threads, the same ones for the same seed. */
export function nativeScenarios(count: number, seed: number): string[] {
  return fc.sample(fc.array(thread, { minLength: 2, maxLength: 3 }), { numRuns: count, seed }).map(nativeScenario);
}

/** A scenario's name in the known-differences table: its text's hash. */
export function scenarioId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
