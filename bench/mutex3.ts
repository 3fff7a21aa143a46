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

/**
 * The same loop as a direct state machine (issue #11's baseline): per thread a pc and its
 * registers in typed arrays, one `switch` case per step of mutex3Plain (so both count the same
 * steps), a FIFO futex queue and a run queue as rings, no generators and no scans.
 */
export function mutex3Direct(threads: number, iterations: number, roundRobin: boolean): { steps: number; counter: number } {
  let m0 = 0;
  let m1 = 0;
  const pc = new Int32Array(threads);
  const c = new Int32Array(threads);
  const cu = new Int32Array(threads);
  const iv = new Int32Array(threads);
  const vv = new Int32Array(threads);
  const wq = new Int32Array(threads); // futex waiters, a ring
  let wh = 0;
  let wn = 0;
  const rq = new Int32Array(threads); // runnable threads, a ring
  let rh = 0;
  let rn = threads;
  for (let t = 0; t < threads; t++) rq[t] = t;
  const push = (t: number) => { rq[(rh + rn) % threads] = t; rn++; };
  let steps = 0;
  let cur = -1;
  for (;;) {
    if (cur < 0) {
      if (rn === 0) break;
      cur = rq[rh]!;
      rh = (rh + 1) % threads;
      rn--;
    }
    const t = cur;
    steps++;
    let out = 0; // 0 runs on, 1 blocked, 2 ended
    switch (pc[t]) {
      case 0: iv[t] = 0; pc[t] = 1; break; //                                    let i = 0
      case 1: pc[t] = 2; break; //                                               while
      case 2: if (iv[t]! >= iterations) out = 2; else pc[t] = 3; break; //       (test) / call lock
      case 3: c[t] = m0; if (m0 === 0) m0 = 1; pc[t] = 4; break; //              cas
      case 4: pc[t] = 5; break; //                                               if c != 0
      case 5: if (c[t] !== 0) pc[t] = 6; else { vv[t] = m1; pc[t] = 10; } break; // if c != 2 / load
      case 6: if (c[t] !== 2) { c[t] = m0; m0 = 2; pc[t] = 7; } else pc[t] = 8; break; // xchg / while
      case 7: pc[t] = 8; break; //                                               while c != 0
      case 8: //                                                                 futex_wait / load
        if (c[t] === 0) { vv[t] = m1; pc[t] = 10; break; }
        if (m0 === 2) { wq[(wh + wn) % threads] = t; wn++; out = 1; }
        pc[t] = 9;
        break;
      case 9: c[t] = m0; m0 = 2; pc[t] = 7; break; //                            xchg
      case 10: m1 = vv[t]! + 1; pc[t] = 11; break; //                            store
      case 11: pc[t] = 12; break; //                                             call unlock
      case 12: cu[t] = m0; m0 = m0 - 1; pc[t] = 13; break; //                    fetch_sub
      case 13: pc[t] = 14; break; //                                             if c != 1
      case 14: if (cu[t] !== 1) { m0 = 0; pc[t] = 15; } else { iv[t]++; pc[t] = 1; } break; // store / i = i + 1
      case 15: if (wn > 0) { push(wq[wh]!); wh = (wh + 1) % threads; wn--; } pc[t] = 16; break; // futex_wake
      case 16: iv[t]++; pc[t] = 1; break; //                                     i = i + 1
    }
    if (out !== 0) cur = -1;
    else if (roundRobin) { push(t); cur = -1; }
  }
  return { steps, counter: m1 };
}
