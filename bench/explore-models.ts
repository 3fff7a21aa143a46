// The scenarios the explorer is measured on (and SPIN's Promela twins in bench/spin.ts): N threads
// each doing one lock, critical section, unlock of Drepper's mutex2 or mutex3 (GROUND-TRUTH.md
// §3.2, §3.3). The critical section counts its occupants and asserts mutual exclusion.

export const LOCKS: Record<'mutex2' | 'mutex3', string> = {
  mutex2: `fn lock(m) {
  let c = cas m, 0, 1
  if c != 0 {
    while 1 {
      if c == 2 {
        futex_wait(m, 2, private)
      } else {
        let d = cas m, 1, 2
        if d != 0 {
          futex_wait(m, 2, private)
        }
      }
      c = cas m, 0, 2
      if c == 0 {
        break
      }
    }
  }
}`,
  mutex3: `fn lock(m) {
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
}`,
};

export const UNLOCK = `fn unlock(m) {
  let c = fetch_sub m, 1
  if c != 1 {
    store m, 0
    futex_wake(m, 1, private)
  }
}`;

export function mutexModel(kind: 'mutex2' | 'mutex3', n: number): string {
  const thread = (i: number) => `  thread t${i} {
    lock(mem)
    let inside = fetch_add mem + 4, 1
    assert inside == 0, "two threads in the critical section"
    fetch_sub mem + 4, 1
    unlock(mem)
  }`;
  return `scenario "${kind}, ${n} threads: lock, critical section, unlock"
${LOCKS[kind]}
${UNLOCK}
process P {
  map mem = anon private rw pages 1
${Array.from({ length: n }, (_, i) => thread(i)).join('\n')}
}
`;
}
