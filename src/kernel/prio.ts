// Scheduling priorities on the one CPU (LANGUAGE.md "Version 2 additions", Priorities; sched(7)).
//
// A task's normal priority is its SCHED_FIFO priority (1..99), or 0 for SCHED_OTHER whatever its
// nice value: the simulator has no fair scheduler, and the kernel's futex plists and rt_mutex
// wait lists treat every SCHED_OTHER task alike (futex_q prio = min(normal_prio, MAX_RT_PRIO)).
// Its effective priority adds PI boosting: an rt_mutex owner runs at the priority of its highest
// waiter, transitively through chains of owners blocked on other rt_mutexes (rt_mutex_adjust_prio_chain).
//
// The runnable tasks with the highest effective priority are the only ones that may run; among
// them the `schedule` option decides as before. A scenario without priorities has every task at
// 0, so the candidates are the whole run queue, in its order: it runs exactly as in version 1.

import type { Kernel } from './kernel';
import type { SchedAttr, Task } from './state';
import { taskWritten } from './task-stamp';

export const SCHED_OTHER: SchedAttr = { policy: 'other', prio: 0, nice: 0 };

/** normal_prio as this simulator orders it: higher runs first. */
export const basePrio = (t: Readonly<Task>): number => (t.sched.policy === 'fifo' ? t.sched.prio : 0);

/** A waiter's rt_waiter counts for boosting while its task is blocked on it. */
function boostingWaiters(k: Kernel, owner: number): Task[] {
  const out: Task[] = [];
  for (const ps of k.s.pi.states) {
    if (ps.owner !== owner) continue;
    for (const w of ps.waiters) {
      const t = k.s.tasks[w.tid];
      // A signalled waiter (runnable, call still in the kernel) keeps boosting until it runs and
      // removes its rt_waiter (futex/pi-early.ts), as rt_mutex_wait_proxy_lock's cleanup does.
      const inCall = t.state === 'blocked' || (t.state === 'runnable' && t.wait.kind === 'futex' && t.wait.signalled === true);
      if (inCall && t.wait.kind === 'futex' && t.wait.q === w.q) out.push(t);
    }
  }
  return out;
}

/** The task's effective priority: its own, or its highest PI waiter's (transitively). */
export function effectivePrio(k: Kernel, t: Readonly<Task>): number {
  if (k.s.pi.states.length === 0) return basePrio(t);
  return prioWalk(k, t, 0);
}

function prioWalk(k: Kernel, t: Readonly<Task>, depth: number): number {
  let p = basePrio(t);
  // rt_mutex deadlock detection refuses cycles (-EDEADLK); the bound guards a simulator bug.
  if (depth > 1024) return p;
  for (const w of boostingWaiters(k, t.tid)) p = Math.max(p, prioWalk(k, w, depth + 1));
  return p;
}

/** Give a task its policy (thread declaration, spawn). */
export function setSched(k: Kernel, t: Task, s: SchedAttr): void {
  t.sched = s;
  taskWritten(t);
  if (basePrio(t) !== 0) k.s.prioTasks++;
}

/** Some task has a priority other than 0: the scheduler and the PI oracle must compare. */
export const prioritiesInPlay = (k: Kernel): boolean => k.s.prioTasks > 0;

/** Any task with a priority, or any pi_state: the scheduler must compare. */
const prioritiesMatter = (k: Kernel): boolean => k.s.prioTasks > 0 || k.s.pi.states.length > 0;

/** May tid run now (runnable, and of the highest effective priority)? */
export function mayRun(k: Kernel, tid: number): boolean {
  if (!prioritiesMatter(k)) return k.s.runq.includes(tid);
  return runCandidates(k).includes(tid);
}

/**
 * The runnable tasks that may run now, in run-queue order: those of the highest effective
 * priority. The preempted task keeps its place in the run queue, so it is again the first of its
 * priority when it may run (sched(7): a preempted SCHED_FIFO thread stays at the head of its list).
 */
export function runCandidates(k: Kernel): number[] {
  return candidatesView(k).slice();
}

/** runCandidates without the copy: the run queue itself when no priority is in play (read only). */
export function candidatesView(k: Kernel): readonly number[] {
  const rq = k.s.runq;
  if (rq.length <= 1 || !prioritiesMatter(k)) return rq;
  let best = -1;
  const prios = rq.map((tid) => effectivePrio(k, k.s.tasks[tid]));
  for (const p of prios) if (p > best) best = p;
  return rq.filter((_, i) => prios[i] === best);
}

/** Effective priorities of every task, for boost events (pi.ts) and the views. */
export function allPrios(k: Kernel): number[] {
  return k.s.tasks.map((t) => effectivePrio(k, t));
}

/** Describe a task's policy for the views: `fifo 10`, `other`, `other nice 5`. */
export function schedLabel(s: SchedAttr): string {
  if (s.policy === 'fifo') return `fifo ${s.prio}`;
  return s.nice !== 0 ? `other nice ${s.nice}` : 'other';
}
