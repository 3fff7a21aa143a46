// Scenario families where partial-order reduction matters (issue #11): K independent parts, each
// on its own futex word, in one process. Without reduction the state space is the product of the
// parts' spaces (exponential in K); with DPOR the parts are explored one after the other.

/** Lock words and waiter/waker words: one word each, 64 bytes apart (distinct futex buckets with 256 buckets). */
const word = (i: number) => `mem + ${i * 64}`;

const HEADER = (title: string) => `scenario "${title}"
option buckets = 256
option max_steps = 100000
`;

/** K waiter/waker pairs: the waiter sleeps until its word is 1, the waker sets it and wakes. */
export function pairsScenario(k: number): string {
  const threads = Array.from({ length: k }, (_, i) => `  thread waiter${i} {
    let v = load ${word(i)}
    while v == 0 {
      futex_wait(${word(i)}, 0, private)
      v = load ${word(i)}
    }
  }
  thread waker${i} {
    store ${word(i)}, 1
    futex_wake(${word(i)}, 1, private)
  }`).join('\n');
  return `${HEADER(`${k} independent waiter/waker pairs`)}
process P {
  map mem = anon private rw pages 1
  store mem, 0
${threads}
}
`;
}

/** K locks (Drepper's mutex3), each taken once by two threads that bump its counter; an assert checks each counter. */
export function locksScenario(k: number): string {
  const thread = (i: number, j: number) => `  thread t${i}_${j} {
    lock(${word(i)})
    let v = load ${word(i)} + 4
    store ${word(i)} + 4, v + 1
    unlock(${word(i)})
  }`;
  const threads = Array.from({ length: k }, (_, i) => `${thread(i, 0)}\n${thread(i, 1)}`).join('\n');
  return `${HEADER(`${k} independent mutex3 locks, two threads each`)}
fn lock(m) {
  let c = cas m, 0, 1
  if c != 0 {
    if c != 2 {
      c = xchg m, 2
    }
    while c != 0 {
      futex_wait(m, 2, private)
      c = xchg m, 2
    }
  }
}

fn unlock(m) {
  let c = fetch_sub m, 1
  if c != 1 {
    store m, 0
    futex_wake(m, 1, private)
  }
}

process P {
  map mem = anon private rw pages 1
  store mem, 0
${threads}
}
`;
}

/** The pairs family with a bug in pair 0 (the waker wakes before it stores: a lost wake-up). */
export function lostWakeupScenario(k: number): string {
  return pairsScenario(k).replace(`    store ${word(0)}, 1
    futex_wake(${word(0)}, 1, private)`, `    futex_wake(${word(0)}, 1, private)
    store ${word(0)}, 1`).replace('independent waiter/waker pairs', 'waiter/waker pairs, pair 0 with a lost wake-up');
}
