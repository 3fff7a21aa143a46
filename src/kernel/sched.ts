// Tasks, the run queue, virtual time and timers (LANGUAGE.md "Execution").
//
// Invariants: `runq` holds exactly the runnable tasks, each once, in the order they became
// runnable (the running task keeps its place until it blocks, yields or ends); a task has at
// most one pending timer; timers fire in (expires, id) order, so timers that expire on the same
// tick fire in the order they were set.

import type { Kernel } from './kernel';
import { futexFast } from './futex/fast';
import type { Task, Timer } from './state';
import { BUG_ON } from './types';
import { candidatesView } from './prio';
import { taskWritten } from './task-stamp';

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
  taskWritten(t);
  k.s.runq.push(t.tid);
  if (futexFast.enabled) k.emitStamped({ type: 'wakeup', tid: t.tid, why, ret: retval, step: k.s.step, by: k.currentTid });
  else k.emit({ type: 'wakeup', tid: t.tid, why, ret: retval });
}

/**
 * signal_wake_up: a blocked task becomes runnable at the tail of the run queue, but keeps its
 * wait and its timer; what its blocking call returns is decided when it runs (kernel/signal.ts).
 */
export function signalWakeUp(k: Kernel, t: Task): void {
  if (t.state !== 'blocked') return;
  t.state = 'runnable';
  taskWritten(t);
  k.s.runq.push(t.tid);
}

/** Take the running task off the run queue: it waits (blocked) or sleeps. */
export function blockTask(k: Kernel, t: Task, state: 'blocked' | 'sleeping', why: string): void {
  if (t.state !== 'runnable') BUG_ON(true, `blocking ${t.name} in state ${t.state}`);
  t.state = state;
  taskWritten(t);
  removeFromRunq(k, t.tid);
  if (!k.quiet('block')) k.emit({ type: 'block', tid: t.tid, why });
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

/**
 * A cache beside the state: for a timer list (by identity), its earliest expiry (Infinity when
 * empty). With it, a step with no timer due does not walk every pending timer, and a cancel finds
 * its timer by binary search (the list is in id order: timers are appended with increasing ids,
 * and removals keep the order), so 10,000 waiters with timeouts cost no more per step than one
 * (issue #11). Only this file writes the list: addTimer and cancelTimer keep the cache, dueTimers
 * makes new lists. `timerCache.enabled = false` is the plain walk (test/session/fast-paths.test.ts).
 */
const earliestExpiry = new WeakMap<Timer[], number>();
export const timerCache = { enabled: true };

function earliestOf(list: Timer[]): number {
  let e = timerCache.enabled ? earliestExpiry.get(list) : undefined;
  if (e !== undefined) return e;
  e = Infinity;
  for (const x of list) if (x.expires < e) e = x.expires;
  earliestExpiry.set(list, e);
  return e;
}

export function addTimer(k: Kernel, t: Task | null, kind: Timer['kind'], ticks: number, pfn = -1): number {
  const id = k.s.nextTimer++;
  const expires = k.s.clock + Math.max(0, ticks);
  const list = k.s.timers;
  list.push({ id, expires, kind, tid: t ? t.tid : -1, pfn });
  const e = earliestExpiry.get(list);
  if (e !== undefined && expires < e) earliestExpiry.set(list, expires);
  if (t) {
    t.timer = id;
    taskWritten(t);
  }
  return id;
}

/** The index of timer `id` in a list in id order, or -1. */
function timerIndex(list: Timer[], id: number): number {
  if (!timerCache.enabled) return list.findIndex((x) => x.id === id);
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = list[mid]!.id;
    if (m === id) return mid;
    if (m < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function cancelTimer(k: Kernel, t: Task): void {
  if (t.timer < 0) return;
  const list = k.s.timers;
  const i = timerIndex(list, t.timer);
  if (i >= 0) {
    const [gone] = list.splice(i, 1);
    if (gone!.expires === earliestExpiry.get(list)) earliestExpiry.delete(list);
  }
  t.timer = -1;
  taskWritten(t);
}

const NO_TIMERS: Timer[] = [];

/** Timers due at the current clock, removed from the list, in firing order (do not write the result). */
export function dueTimers(k: Kernel): Timer[] {
  // Most steps have no timer due: answer without a walk or an allocation (this runs after every step).
  if (earliestOf(k.s.timers) > k.s.clock) return NO_TIMERS;
  const due = k.s.timers.filter((x) => x.expires <= k.s.clock);
  k.s.timers = k.s.timers.filter((x) => x.expires > k.s.clock);
  return due.sort((a, b) => a.expires - b.expires || a.id - b.id);
}

export function earliestTimer(k: Kernel): number | undefined {
  const e = earliestOf(k.s.timers);
  return e === Infinity ? undefined : e;
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
      // With no priority in play the candidates are the run queue, which holds every runnable
      // task: no walk of it on every step (10,000 threads, issue #11).
      if (!switchNow && current >= 0 && k.s.tasks[current].state === 'runnable' && (cands === rq || cands.includes(current))) return current;
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
