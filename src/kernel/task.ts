// Processes and threads: creation, fork, exec, exit and exit_group; the timers' effects; the
// page lock held by `lock_page`. (kernel/fork.c, kernel/exit.c, fs/exec.c in miniature.)
//
// Invariants: a process's mm has one mm_users per live thread; a process whose last thread ends
// closes its fds and drops its mm (exit_mmap on the last user); an ended task is on no queue.

import type { Kernel } from './kernel';
import type { Process, Task } from './state';
import { EAGAIN, EFAULT, ENOMEM, ETIMEDOUT, TID_BASE } from './types';
import { limits, ptesInUse, PTES_PER_FRAME } from './limits';
import { dupMmap, mm, mmAlloc, mmput } from './mm';
import { gup, storeWord } from './fault';
import { addTimer, blockTask, cancelTimer, dueTimers, removeFromRunq, wakeTask } from './sched';
import { unqueueWaits } from './futex/waitv';
import { findQ } from './futex/core';
import { exitRobustList } from './futex/robust';
import { dupFds, fput, ownFds } from './futex/fd';
import { futexWake } from './futex/waitwake';
import { exitPiStateList, isPiWaiter, unqueuePi } from './futex/pi';
import { closeHandoffWindow } from './futex/pi-steal';
import { newTaskStamp, taskWritten } from './task-stamp';
import { mmsWritten, pagesWritten, procsWritten } from './vm-stamp';

/** The task's TID as user space sees it (LANGUAGE.md: from 101 in creation order, never reused). */
export const taskTid = (t: Task): number => TID_BASE + t.tid;

/** The task whose TID is `tid`, if it was ever created. */
export function taskOfTid(k: Kernel, tid: number): Task | undefined {
  return k.s.tasks[tid - TID_BASE];
}

/** A process's PID is its first thread's TID. */
export const processPid = (p: Process): number => TID_BASE + p.tids[0];

export function createProcess(k: Kernel, name: string): Process {
  procsWritten(k.s);
  const pid = k.s.procs.length;
  const p: Process = { pid, name, mm: -1, tids: [], fds: new Map(), fdsOwner: k.s.epoch, nextFd: 3, alive: true };
  k.s.procs.push(p);
  k.s.nrProcs++;
  p.mm = mmAlloc(k, pid).id;
  return p;
}

export function createTask(k: Kernel, p: Process, name: string): Task {
  mmsWritten(k.s); procsWritten(k.s);
  const t: Task = {
    tid: k.s.tasks.length, name, pid: p.pid, state: 'runnable', wait: { kind: 'none' },
    timer: -1, retval: 0, sigpending: false, clearTid: 0, killedBy: '', sched: { policy: 'other', prio: 0, nice: 0 },
    robustHead: 0, robustLen: 0, stamp: newTaskStamp(),
  };
  k.s.tasks.push(t);
  k.s.nrThreads++;
  p.tids.push(t.tid);
  mm(k, p.mm).users++;
  k.s.runq.push(t.tid);
  return t;
}

/**
 * fork: a new process with a copy of the caller's mm (COW) and fd table, and one thread. Fails
 * before copying anything: -EAGAIN past RLIMIT_NPROC or threads-max (copy_process), -ENOMEM when
 * the child's page tables would pass the machine's page-table budget (dup_mmap).
 */
export function doFork(k: Kernel, parent: Task, childName: string): Task | number {
  procsWritten(k.s);
  const pp = k.s.procs[parent.pid];
  const lim = limits(k);
  if (k.s.nrProcs >= lim.maxProcesses || k.s.nrThreads >= lim.maxThreads) return -EAGAIN;
  if (ptesInUse(k) + mm(k, pp.mm).pt.size > lim.maxFrames * PTES_PER_FRAME) return -ENOMEM;
  const cp = createProcess(k, childName);
  dupMmap(k, mm(k, pp.mm), mm(k, cp.mm));
  cp.fds = dupFds(k, pp.fds);
  cp.nextFd = pp.nextFd;
  cp.fdsOwner = k.s.epoch;
  const child = createTask(k, cp, `${childName}/main`);
  k.emit({ type: 'fork', tid: parent.tid, parent: pp.pid, child: cp.pid, mm: cp.mm, childTid: child.tid });
  return child;
}

/** clone(CLONE_THREAD): -EAGAIN past threads-max (option max_threads). */
export function doSpawn(k: Kernel, parent: Task, name: string): Task | number {
  if (k.s.nrThreads >= limits(k).maxThreads) return -EAGAIN;
  const p = k.s.procs[parent.pid];
  const t = createTask(k, p, `${p.name}/${name}`);
  k.emit({ type: 'spawn', tid: parent.tid, childTid: t.tid });
  return t;
}

/** exec: the other threads die (de_thread), the caller gets a new, empty mm. */
export function doExec(k: Kernel, t: Task): void {
  mmsWritten(k.s); procsWritten(k.s);
  const p = k.s.procs[t.pid];
  for (const tid of p.tids) if (tid !== t.tid) exitTask(k, k.s.tasks[tid], 'exec');
  // exec_mm_release -> futex_exec_release: the caller's robust list is walked in the old mm and
  // unregistered then its PI locks are released (exit_pi_state_list).
  exitRobustList(k, t);
  closeHandoffWindow(k, t);
  exitPiStateList(k, t);
  // then mm_release on the old mm (exec_mm_release): the CLONE_CHILD_CLEARTID store and shared
  // wake, and clear_child_tid is reset, so the thread's later end stores nothing in the new mm
  // (LANGUAGE.md "Thread end": exec does the three in the same order as an exit).
  if (t.clearTid !== 0) clearChildTid(k, t, p);
  const old = mm(k, p.mm);
  const fresh = mmAlloc(k, p.pid);
  fresh.users = 1;
  p.mm = fresh.id;
  mmput(k, old);
  k.emit({ type: 'exec', tid: t.tid, pid: p.pid, mm: fresh.id });
}

/**
 * A thread ends (its block ended, `exit`, a fatal fault, or exit_group/exec of a sibling). With
 * CLONE_CHILD_CLEARTID the kernel stores 0 at the address and does a shared futex_wake(addr, 1)
 * if another thread still uses the mm (mm_release; GROUND-TRUTH.md §3.7; clearChildTid).
 */
export function exitTask(k: Kernel, t: Task, how: 'ended' | 'killed' | 'exit_group' | 'exec', why = ''): void {
  if (t.state === 'ended' || t.state === 'killed') return;
  // Blocked, or (2.6.0) queued but not checked yet; a waker may already have dequeued it.
  dropWaits(k, t, 'exit');
  cancelTimer(k, t);
  removeFromRunq(k, t.tid);
  const p = k.s.procs[t.pid];
  // The dying task runs this work itself (do_exit), also when another thread's kill, exit_group
  // or exec ended it: its wakes and hand-offs are its own (the events' `by`), so a waiter woken by
  // its robust-list wake or handed its PI lock was woken by it, not by the killer (the oracle's
  // priority-inversion takes L from the wake-up's `by`, GROUND-TRUTH §8.7).
  const stepping = k.currentTid;
  k.currentTid = t.tid;
  try {
    // futex_exit_release, then mm_release (LANGUAGE.md "Thread end"): the robust list first,
    exitRobustList(k, t);
    // then the PI locks it still owns (exit_pi_state_list), one handed to it but not yet taken too,
    closeHandoffWindow(k, t);
    exitPiStateList(k, t);
    // then the CLONE_CHILD_CLEARTID store and wake.
    if (t.clearTid !== 0) clearChildTid(k, t, p);
  } finally {
    k.currentTid = stepping;
  }
  t.state = how === 'killed' ? 'killed' : 'ended';
  k.s.nrThreads--;
  t.killedBy = why;
  t.wait = { kind: 'none' };
  taskWritten(t);
  k.emit({ type: 'exit', tid: t.tid, how });
  mmput(k, mm(k, p.mm));
  if (p.tids.every((tid) => k.s.tasks[tid].state === 'ended' || k.s.tasks[tid].state === 'killed')) exitProcess(k, p);
}

/** Take t's futex_qs off their queues: a PI or requeue-PI waiter through its rt_mutex (pi.ts). */
function dropWaits(k: Kernel, t: Task, why: 'timeout' | 'exit'): void {
  if (t.wait.kind === 'futex' && t.wait.v === undefined) {
    const q = findQ(k, t.wait.q);
    if (q && isPiWaiter(q)) return unqueuePi(k, q, why);
  }
  unqueueWaits(k, t, why);
}

/**
 * mm_release's CLONE_CHILD_CLEARTID: only while another thread still uses the mm (mm_users > 1,
 * this thread's own use not yet dropped): the last thread of a process, or an exec with no
 * thread left beside it, stores nothing and wakes nobody (kernel/fork.c mm_release, 2.6 to
 * today; checked on Linux 6.18 by `futexlab diff`). clear_child_tid is reset either way.
 */
function clearChildTid(k: Kernel, t: Task, p: Process): void {
  const m = mm(k, p.mm);
  const addr = t.clearTid;
  t.clearTid = 0;
  taskWritten(t);
  if (m.users <= 1) return;
  if ('errno' in gup(k, m, addr, true)) return;
  if (storeWord(k, m, addr, 0) === undefined) futexWake(k, t, addr, 1, false, 'exit: clear_child_tid');
}

function exitProcess(k: Kernel, p: Process): void {
  procsWritten(k.s);
  p.alive = false;
  k.s.nrProcs--;
  for (const [, file] of p.fds) fput(k, file);
  ownFds(k, p).clear();
  k.emit({ type: 'process-exit', pid: p.pid });
}

export function exitGroup(k: Kernel, t: Task): void {
  const p = k.s.procs[t.pid];
  for (const tid of p.tids) if (tid !== t.tid) exitTask(k, k.s.tasks[tid], 'exit_group');
  exitTask(k, t, 'exit_group');
}

// --- sleep, timers, the page lock ---------------------------------------------------------------

export function doSleep(k: Kernel, t: Task, ticks: number): void {
  t.wait = { kind: 'sleep' };
  taskWritten(t);
  blockTask(k, t, 'sleeping', `sleep ${ticks}`);
  addTimer(k, t, 'sleep', ticks);
}

/** `lock_page ADDR, ticks T`: another kernel path holds PG_locked on that page for T ticks. */
export function doLockPage(k: Kernel, t: Task, addr: number, ticks: number): number {
  pagesWritten(k.s);
  const g = gup(k, mm(k, k.s.procs[t.pid].mm), addr, false);
  if ('errno' in g) return -EFAULT;
  const p = k.s.pages[g.pfn]!;
  p.locked = true;
  p.lockedUntil = Math.max(p.lockedUntil, k.s.clock + ticks);
  addTimer(k, null, 'page-unlock', ticks, p.pfn);
  k.emit({ type: 'page-lock', tid: t.tid, pfn: p.pfn, op: 'lock', ticks });
  return 0;
}

/** Fire the timers due now: sleeps end, waits time out, page locks are released. */
export function runTimers(k: Kernel): void {
  for (const tm of dueTimers(k)) {
    if (tm.kind === 'page-unlock') {
      unlockPage(k, tm.pfn);
      continue;
    }
    const t = k.s.tasks[tm.tid];
    if (t.timer !== tm.id) continue;
    t.timer = -1;
    taskWritten(t);
    k.emit({ type: 'timer', tid: t.tid, kind: tm.kind });
    if (tm.kind === 'sleep') wakeTask(k, t, 0, 'sleep over');
    else if (t.wait.kind === 'futex' && t.wait.signalled) {
      // hrtimer_wakeup only clears to->task; the signalled waiter stays queued until it runs and
      // then returns -ETIMEDOUT, which futex_wait checks before signal_pending (kernel/signal.ts).
      t.retval = -ETIMEDOUT;
      taskWritten(t);
    } else if (t.wait.kind === 'futex') {
      dropWaits(k, t, 'timeout'); // one futex_q (a PI waiter's through unqueuePi), or each entry of a futex_waitv
      wakeTask(k, t, -ETIMEDOUT, 'timeout');
    } else if (t.wait.kind === 'poll') wakeTask(k, t, 0, 'poll timeout');
  }
}

function unlockPage(k: Kernel, pfn: number): void {
  const p = k.s.pages[pfn];
  if (!p || !p.locked || p.lockedUntil > k.s.clock) return;
  pagesWritten(k.s);
  p.locked = false;
  k.emit({ type: 'page-lock', tid: -1, pfn, op: 'unlock', ticks: 0 });
  for (const t of k.s.tasks) {
    if (t.state !== 'blocked' || t.wait.kind !== 'page-lock' || t.wait.pfn !== pfn) continue;
    const waited = k.s.clock - t.wait.since;
    k.s.stats.pageLockWaitTicks += waited;
    k.emit({ type: 'page-lock', tid: t.tid, pfn, op: 'acquired', ticks: waited });
    wakeTask(k, t, 0, 'page unlocked');
  }
}
