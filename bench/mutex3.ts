// The benchmark workload: Drepper's mutex3 (GROUND-TRUTH.md §3.3), contended by N threads doing
// `iterations` lock / critical section / unlock rounds. Once as a .futex scenario for the
// simulator, once as a plain JavaScript state machine with a minimal scheduler and futex queue, so
// the two can be timed side by side in one process.

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
option max_steps = 10000000
${LOCKS.mutex3}
${UNLOCK}
process P {
  map mem = anon private rw pages 1
${Array.from({ length: threads }, (_, i) => body(i)).join('\n')}
}
`;
}

/**
 * The same loop in plain JavaScript, as a direct state machine (issue #11: the baseline is a
 * straightforward loop, no generators, no O(T^2) run-queue scan): each thread a pc naming the step
 * it is at, one `switch` case per step of the scenario (statements, loop and branch tests, calls;
 * a jump back to a loop head and a return folded into the step before them, as the simulator
 * counts), a FIFO futex queue, a ring-buffer run queue, and the same fifo / round-robin policies.
 * Returns the number of steps and the final counter.
 */
export function mutex3Plain(threads: number, iterations: number, roundRobin: boolean): { steps: number; counter: number } {
  let word = 0;
  let counter = 0;
  const pc = new Int32Array(threads);
  const c = new Int32Array(threads);
  const v = new Int32Array(threads);
  const it = new Int32Array(threads);
  const waiters = new Int32Array(threads);
  let wHead = 0;
  let wLen = 0;
  const runq = new Int32Array(threads);
  let rHead = 0;
  let rLen = 0;
  const enqueue = (t: number) => { runq[(rHead + rLen++) % threads] = t; };
  const dequeue = () => { const t = runq[rHead]; rHead = (rHead + 1) % threads; rLen--; return t; };
  for (let t = 0; t < threads; t++) enqueue(t);
  // The steps, by pc: 0 let i = 0; 1 while i < N; 2 lock(mem); 3 cas; 4 if c != 0; 5 if c != 2;
  // 6 xchg; 7 while c != 0; 8 futex_wait; 9 xchg; 10 let v = load; 11 store; 12 unlock(mem);
  // 13 fetch_sub; 14 if c != 1; 15 store 0; 16 futex_wake; 17 i = i + 1; 18 let total = load;
  // 19 print total (the thread ends with it). -1: ended.
  const BLOCKED = 1;
  const ENDED = 2;
  /** One step of thread t; returns 0, BLOCKED or ENDED. */
  const step = (t: number): number => {
    switch (pc[t]) {
      case 0: it[t] = 0; pc[t] = 1; return 0;
      case 1: pc[t] = it[t] >= iterations ? 18 : 2; return 0;
      case 2: pc[t] = 3; return 0;
      case 3: { const x = word; if (x === 0) word = 1; c[t] = x; pc[t] = 4; return 0; }
      case 4: pc[t] = c[t] !== 0 ? 5 : 10; return 0;
      case 5: pc[t] = c[t] !== 2 ? 6 : 7; return 0;
      case 6: c[t] = word; word = 2; pc[t] = 7; return 0;
      case 7: pc[t] = c[t] !== 0 ? 8 : 10; return 0;
      case 8:
        pc[t] = 9;
        if (word === 2) { waiters[(wHead + wLen++) % threads] = t; return BLOCKED; }
        return 0;
      case 9: c[t] = word; word = 2; pc[t] = 7; return 0;
      case 10: v[t] = counter; pc[t] = 11; return 0;
      case 11: counter = v[t] + 1; pc[t] = 12; return 0;
      case 12: pc[t] = 13; return 0;
      case 13: c[t] = word; word = c[t] - 1; pc[t] = 14; return 0;
      case 14: pc[t] = c[t] !== 1 ? 15 : 17; return 0;
      case 15: word = 0; pc[t] = 16; return 0;
      case 16:
        if (wLen > 0) { const w = waiters[wHead]; wHead = (wHead + 1) % threads; wLen--; enqueue(w); }
        pc[t] = 17;
        return 0;
      case 17: it[t]++; pc[t] = 1; return 0;
      case 18: v[t] = counter; pc[t] = 19; return 0;
      case 19: pc[t] = -1; return ENDED;
    }
    return ENDED;
  };
  let steps = 0;
  while (rLen > 0) {
    const t = dequeue();
    if (roundRobin) {
      steps++;
      if (step(t) === 0) enqueue(t);
    } else {
      let r = 0;
      do { steps++; r = step(t); } while (r === 0);
    }
  }
  return { steps, counter };
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
option max_steps = 10000000
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
