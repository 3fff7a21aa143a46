// Tasks, the run queue, virtual time and timers (LANGUAGE.md "Execution").
//
// Invariants: `runq` holds exactly the runnable tasks, each once, in the order they became
// runnable (the running task keeps its place until it blocks, yields or ends); a task has at
// most one pending timer; timers fire in (expires, id) order, so timers that expire on the same
// tick fire in the order they were set.

import type { Kernel } from './kernel';
import type { Task, Timer } from './state';
import { BUG_ON } from './types';
import { candidatesView } from './prio';

export type SchedPolicy = { kind: 'fifo' } | { kind: 'round-robin' } | { kind: 'random'; seed: number };

export function task(k: Kernel, tid: number): Task {
  const t = k.s.tasks[tid];
  if (!t) BUG_ON(true, `no task ${tid}`);
  return t;
}

/** Make a task runnable at the tail of the run queue, with the value its blocking call returns. */
export function wakeTask(k: Kernel, t: Task, retval: number, why: string): void {
  if (t.state !== 'blocked' && t.state !== 'sleeping') return;
  cancelTimer(k, t);
  t.state = 'runnable';
  t.wait = { kind: 'none' };
  t.retval = retval;
  k.s.runq.push(t.tid);
  k.emit({ type: 'wakeup', tid: t.tid, why, ret: retval });
}

/**
 * signal_wake_up: a blocked task becomes runnable at the tail of the run queue, but keeps its
 * wait and its timer; what its blocking call returns is decided when it runs (kernel/signal.ts).
 */
export function signalWakeUp(k: Kernel, t: Task): void {
  if (t.state !== 'blocked') return;
  t.state = 'runnable';
  k.s.runq.push(t.tid);
}

/** Take the running task off the run queue: it waits (blocked) or sleeps. */
export function blockTask(k: Kernel, t: Task, state: 'blocked' | 'sleeping', why: string): void {
  if (t.state !== 'runnable') BUG_ON(true, `blocking ${t.name} in state ${t.state}`);
  t.state = state;
  removeFromRunq(k, t.tid);
  k.emit({ type: 'block', tid: t.tid, why });
}

export function removeFromRunq(k: Kernel, tid: number): void {
  const rq = k.s.runq;
  // The running task is nearly always the head: shift() (V8 trims the array's start in place)
  // instead of splice(0, 1), which moves every other entry (10,000 threads, issue #11).
  if (rq[0] === tid) {
    rq.shift();
    return;
  }
  const i = rq.indexOf(tid);
  if (i >= 0) rq.splice(i, 1);
}

/** sched_yield: to the tail of the run queue. */
export function yieldTask(k: Kernel, t: Task): void {
  removeFromRunq(k, t.tid);
  k.s.runq.push(t.tid);
}

// --- timers ------------------------------------------------------------------------------------

export function addTimer(k: Kernel, t: Task | null, kind: Timer['kind'], ticks: number, pfn = -1): number {
  const id = k.s.nextTimer++;
  k.s.timers.push({ id, expires: k.s.clock + Math.max(0, ticks), kind, tid: t ? t.tid : -1, pfn });
  if (t) t.timer = id;
  return id;
}

export function cancelTimer(k: Kernel, t: Task): void {
  if (t.timer < 0) return;
  const i = k.s.timers.findIndex((x) => x.id === t.timer);
  if (i >= 0) k.s.timers.splice(i, 1);
  t.timer = -1;
}

const NO_TIMERS: Timer[] = [];

/** Timers due at the current clock, removed from the list, in firing order (do not write the result). */
export function dueTimers(k: Kernel): Timer[] {
  // Most steps have no timer due: answer without allocating (this runs after every step).
  let any = false;
  for (const x of k.s.timers) if (x.expires <= k.s.clock) { any = true; break; }
  if (!any) return NO_TIMERS;
  const due = k.s.timers.filter((x) => x.expires <= k.s.clock);
  k.s.timers = k.s.timers.filter((x) => x.expires > k.s.clock);
  return due.sort((a, b) => a.expires - b.expires || a.id - b.id);
}

export function earliestTimer(k: Kernel): number | undefined {
  let best: number | undefined;
  for (const x of k.s.timers) if (best === undefined || x.expires < best) best = x.expires;
  return best;
}

// --- choosing the next task --------------------------------------------------------------------

/** mulberry32's output for a state word already advanced by 0x6d2b79f5: a number in [0, 1). */
function mulberry32(state: number): number {
  let a = Math.imul(state ^ (state >>> 15), state | 1);
  a ^= a + Math.imul(a ^ (a >>> 7), a | 61);
  return ((a ^ (a >>> 14)) >>> 0) / 4294967296;
}

/** A seeded generator over a state word held by the caller (the explorer's own schedules). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => mulberry32((state = (state + 0x6d2b79f5) >>> 0));
}

/** The kernel's generator for random(SEED): its state word is part of the kernel state. */
export function nextRandom(k: Kernel): number {
  return mulberry32((k.s.rng = (k.s.rng + 0x6d2b79f5) >>> 0));
}

/**
 * The task to run next, among the runnable tasks of the highest effective priority (prio.ts; all
 * of the run queue when no task has a priority). fifo keeps the current task while it can run
 * and no higher priority is runnable; round-robin moves it to the tail after every step; random
 * picks uniformly among the candidates.
 */
export function pickNext(k: Kernel, policy: SchedPolicy, current: number, switchNow: boolean): number {
  const rq = k.s.runq;
  if (rq.length === 0) return -1;
  let cands = candidatesView(k);
  switch (policy.kind) {
    case 'fifo':
      if (!switchNow && current >= 0 && k.s.tasks[current].state === 'runnable' && cands.includes(current)) return current;
      return cands[0];
    case 'round-robin':
      if (current >= 0 && !switchNow && k.s.tasks[current].state === 'runnable') {
        yieldTask(k, k.s.tasks[current]);
        cands = candidatesView(k);
      }
      return cands[0];
    case 'random':
      return cands[Math.floor(nextRandom(k) * cands.length)];
  }
}
