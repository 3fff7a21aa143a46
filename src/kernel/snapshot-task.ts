// A task as the views see it: one entry of the snapshot's task list (snapshot.ts), also made on
// its own for one thread, so that the debugger reads a thread (its name, state, what it waits on)
// from the projection and never from the live Task (session/inspect.ts taskView).

import type { Kernel } from './kernel';
import type { Task, TaskWait } from './state';
import { keyLabel } from './futex/futex';
import { robustListView, type RobustListView } from './futex/robust-view';
import { taskPrioView } from './snapshot-pi';

export interface TaskView {
  tid: number;
  name: string;
  process: string;
  pid: number;
  state: string;
  /** Who killed it (`kill A` from B/t, a fault...), '' unless killed. */
  killedBy: string;
  /** When its timer (timeout or sleep) expires, in ticks; -1 without one. */
  timerExpires: number;
  /** `futex q3`, `futex_waitv q3,q4`, `poll`, ...: '' when not waiting. */
  wait: string;
  /** What it waits in, as data: the decisions (a page-lock retry, a futex waiter) read this. */
  waitKind: TaskWait['kind'];
  /** The futex_q ids it waits on (futex_waitv: every entry's, in entry order); [] otherwise. */
  queued: number[];
  /** What a blocked or sleeping task waits on: `futex_wait on (mm#1, 0x10000000), bucket 17`. */
  waitLabel: string;
  /** A signal is pending: on a futex waiter, runnable but still queued until it runs (kernel/signal.ts). */
  sigpending: boolean;
  /** Its robust list (set_robust_list), or null (futex/robust-view.ts). */
  robust: RobustListView | null;
  /** Policy (`fifo 10`, `other`), normal and effective priority (PI boosting; snapshot-pi.ts). */
  sched: string;
  prio: number;
  effectivePrio: number;
}

/** What a blocked or sleeping task waits on: `futex_wait on (mm#1, 0x10000000), bucket 17`. */
export function waitLabel(k: Kernel, t: Task): string {
  if (t.wait.kind === 'futex') {
    const q = k.s.futex.queues.get(t.wait.q);
    if (!q) return 'futex_wait';
    // The call the task is in, from the futex_q as the kernel marks it: q->requeue_pi_key
    // (futex_wait_requeue_pi), q->pi_state (futex_lock_pi), the futex_waitv entry; a PI waiter
    // labelled futex_wait misled the Call Stack.
    const call = q.requeuePi ? 'futex_wait_requeue_pi' : q.pi !== undefined ? 'futex_lock_pi' : q.vindex >= 0 ? 'futex_waitv' : 'futex_wait';
    return `${call} on ${keyLabel(q.key)}, bucket ${q.bucket}`;
  }
  if (t.wait.kind === 'poll') return `poll(fd ${t.wait.fd})`;
  if (t.wait.kind === 'page-lock') return `lock_page(pfn ${t.wait.pfn})`;
  if (t.wait.kind === 'sleep') return 'sleep';
  return '';
}

export function taskView(k: Kernel, t: Task): TaskView {
  const queued = t.wait.kind === 'futex' ? (t.wait.v ? [...t.wait.v] : [t.wait.q]) : [];
  return {
    tid: t.tid, name: t.name, process: k.s.procs[t.pid].name, pid: t.pid, state: t.state, killedBy: t.killedBy,
    timerExpires: t.timer >= 0 ? k.s.timers.find((x) => x.id === t.timer)?.expires ?? -1 : -1,
    wait: t.wait.kind === 'none' ? '' : t.wait.kind === 'futex' ? (t.wait.v ? `futex_waitv q${t.wait.v.join(',q')}` : `futex q${t.wait.q}`) : t.wait.kind,
    waitKind: t.wait.kind,
    queued,
    waitLabel: waitLabel(k, t),
    // A signal pending on it; on a futex waiter it is still queued until it runs (kernel/signal.ts).
    sigpending: t.sigpending,
    robust: robustListView(k, t),
    ...taskPrioView(k, t),
  };
}
