// The benchmark workload: Drepper's mutex3 (GROUND-TRUTH.md §3.3), contended by N threads doing
// `iterations` lock / critical section / unlock rounds. Once as a .futex scenario for the
// simulator, once as plain JavaScript generators with a minimal scheduler and futex queue, so the
// two can be timed side by side in one process.

import { LOCKS, UNLOCK } from './explore-models';

export function mutex3Scenario(threads: number, iterations: number, schedule: string): string {
  const body = (i: number) => `  thread t${i} {
    let i = 0
    while i < ${iterations} {
      lock(mem)
      let v = load mem + 4
      store mem + 4, v + 1
      unlock(mem)
      i = i + 1
    }
    let total = load mem + 4
    print total
  }`;
  return `scenario "mutex3, ${threads} threads x ${iterations}"
option schedule = ${schedule}
option max_steps = 1000000000
${LOCKS.mutex3}
${UNLOCK}
process P {
  map mem = anon private rw pages 1
${Array.from({ length: threads }, (_, i) => body(i)).join('\n')}
}
`;
}

/**
 * The same loop in plain JavaScript: each thread a generator that yields after every statement
 * the scenario counts as a step (statements, loop and branch tests, calls), a FIFO futex queue,
 * and the same fifo / round-robin policies. Returns the number of steps and the final counter.
 */
export function mutex3Plain(threads: number, iterations: number, roundRobin: boolean): { steps: number; counter: number } {
  const mem = new Int32Array(2);
  const waiters: number[] = [];
  const blocked = new Uint8Array(threads);
  function* lock(me: number): Generator<void, void, void> {
    let c = mem[0]; if (c === 0) mem[0] = 1; yield; // cas
    yield; // if c != 0
    if (c !== 0) {
      yield; // if c != 2
      if (c !== 2) { c = mem[0]; mem[0] = 2; yield; }
      for (;;) {
        yield; // while c != 0
        if (c === 0) break;
        if (mem[0] === 2) { waiters.push(me); blocked[me] = 1; }
        yield; // futex_wait
        c = mem[0]; mem[0] = 2; yield; // xchg
      }
    }
  }
  function* unlock(): Generator<void, void, void> {
    const c = mem[0]; mem[0] = c - 1; yield; // fetch_sub
    yield; // if c != 1
    if (c !== 1) {
      mem[0] = 0; yield; // store
      const w = waiters.shift(); if (w !== undefined) blocked[w] = 0;
      yield; // futex_wake
    }
  }
  function* thread(me: number): Generator<void, void, void> {
    let i = 0; yield; // let i = 0
    for (;;) {
      yield; // while
      if (i >= iterations) break;
      yield; yield* lock(me); // call
      const v = mem[1]; yield; // load
      mem[1] = v + 1; yield; // store
      yield; yield* unlock(); // call
      i = i + 1; yield;
    }
  }
  const gens = Array.from({ length: threads }, (_, i) => thread(i));
  const done = new Uint8Array(threads);
  const runq: number[] = Array.from({ length: threads }, (_, i) => i);
  let steps = 0;
  let cur = -1;
  let live = threads;
  while (live > 0) {
    if (cur < 0 || blocked[cur] || done[cur] || roundRobin) {
      if (cur >= 0 && !blocked[cur] && !done[cur]) runq.push(cur);
      let next = -1;
      while (runq.length) { const t = runq.shift()!; if (!blocked[t] && !done[t]) { next = t; break; } }
      if (next < 0) { for (let t = 0; t < threads; t++) if (!blocked[t] && !done[t]) { next = t; break; } }
      cur = next;
      if (cur < 0) break;
    }
    const r = gens[cur].next();
    steps++;
    if (r.done) { done[cur] = 1; live--; cur = -1; }
    else if (blocked[cur]) { const b = cur; cur = -1; void b; }
    for (let t = 0; t < threads; t++) if (!blocked[t] && !done[t] && !runq.includes(t) && t !== cur) runq.push(t);
  }
  return { steps, counter: mem[1] };
}

/**
 * mutex3 contended by `threads` threads that one thread spawns in a loop (the scenario text
 * stays small at 10,000 threads): the interpreter under many threads (issue #11).
 */
export function mutex3ManyScenario(threads: number, iterations: number, schedule: string): string {
  const body = `let i = 0
      while i < ${iterations} {
        lock(mem)
        let v = load mem + 4
        store mem + 4, v + 1
        unlock(mem)
        i = i + 1
      }`;
  return `scenario "mutex3, ${threads} spawned threads x ${iterations}"
option schedule = ${schedule}
option max_steps = 1000000000
${LOCKS.mutex3}
${UNLOCK}
process P {
  map mem = anon private rw pages 1
  thread main {
    let n = 1
    while n < ${threads} {
      spawn w {
      ${body}
      }
      n = n + 1
    }
    ${body}
  }
}
`;
}
