// Signal delivery (kernel/signal.c signal_wake_up, and the futex side in kernel/futex/waitwake.c).
//
// The language's `signal THREAD` models a handler installed without SA_RESTART (GROUND-TRUTH.md
// S35, LANGUAGE.md `signal`). A signal never unqueues a futex waiter: it marks the signal pending
// and makes the task runnable (signal_wake_up -> try_to_wake_up). The futex_q stays on its hash
// chain until the waiter itself runs: Linux's futex_wait calls futex_unqueue after schedule()
// returns, "If we were woken (and unqueued), we succeeded, whatever", and 2.6.0's futex_wait has
// the same check (`if (!unqueue_me(&q)) return 0`). So a FUTEX_WAKE that comes between the signal
// and the waiter running finds it, counts it, and the wait returns 0; if the waiter runs first it
// unqueues itself and returns -EINTR. An hrtimer that expires in between only clears to->task:
// `if (to && !to->task) return -ETIMEDOUT` is checked before signal_pending, so -ETIMEDOUT wins.
// A task that is not in a futex wait runs the handler on its return to user space, i.e. before
// its next statement; its later waits block as usual.

import type { Kernel } from './kernel';
import type { Task } from './state';
import { EINTR, ETIMEDOUT } from './types';
import { cancelTimer, signalWakeUp, wakeTask } from './sched';
import { findQ, unqueueMe } from './futex/core';
import { isPiWaiter } from './futex/pi';
import { finishSignalledPiWait } from './futex/pi-early';
import { taskWritten } from './task-stamp';

/** `signal THREAD`: the signal is pending on t; a futex waiter or a poller is made runnable. */
export function deliverSignal(k: Kernel, fromTid: number, t: Task): void {
  let interrupted = false;
  if (t.state === 'ended' || t.state === 'killed') {
    // nothing: a dead task takes no signal
  } else if (t.state === 'blocked' && t.wait.kind === 'futex') {
    // PI and requeue-PI waiters too: rt_mutex_wait_proxy_lock sleeps TASK_INTERRUPTIBLE; what
    // their call returns is futex/pi-early.ts's.
    // Still queued: the wait's result is decided when the task runs (finishSignalledWait).
    t.sigpending = true;
    t.wait = { ...t.wait, signalled: true }; // a futex_waitv keeps its entries (futex/waitv.ts)
    t.retval = -EINTR;
    taskWritten(t);
    signalWakeUp(k, t);
    interrupted = true;
  } else if (t.state === 'blocked' && t.wait.kind === 'poll') {
    // poll is not keyed on a futex_q: do_poll sees signal_pending and returns -ERESTARTNOHAND,
    // which is -EINTR to a handler; the handler runs on that return.
    wakeTask(k, t, -EINTR, 'signal');
    interrupted = true;
  } else {
    // Running, sleeping, waiting on a page lock, or 2.6.0's queued-but-unchecked futex_wait
    // (whose second step sees signal_pending): the handler runs on the return to user space.
    t.sigpending = true;
    taskWritten(t);
  }
  k.emit({ type: 'signal', from: fromTid, tid: t.tid, interrupted });
}


/** A signalled futex waiter that a wake has not taken off the queue and whose timer has not fired. */
export function inSignalledWait(t: Readonly<Task>): boolean {
  return t.state === 'runnable' && t.wait.kind === 'futex' && t.wait.signalled === true;
}

/**
 * The signalled waiter runs: futex_unqueue, then the value futex_wait returns (0 if a wake took
 * it off the queue first, else -ETIMEDOUT if its timer expired, else -EINTR). The handler runs
 * on the return to user space, so the signal is no longer pending after this.
 */
export function finishSignalledWait(k: Kernel, t: Task): number {
  if (t.wait.kind !== 'futex') return t.retval;
  const q = findQ(k, t.wait.q);
  // A PI or requeue-PI waiter still queued: restart, -EWOULDBLOCK or -ETIMEDOUT (pi-early.ts).
  if (q && isPiWaiter(q)) {
    const v = finishSignalledPiWait(k, t, q);
    return v === 'block' ? t.retval : v;
  }
  t.wait = { kind: 'none' };
  cancelTimer(k, t);
  t.sigpending = false;
  const value = q ? t.retval : 0;
  if (q) unqueueMe(k, q, value === -ETIMEDOUT ? 'timeout' : 'signal');
  t.retval = value;
  taskWritten(t);
  k.emit({ type: 'wakeup', tid: t.tid, why: q ? 'signal' : 'futex wake before the signal handler', ret: value });
  return value;
}

/** The handler of a pending signal runs before the task's next statement (return to user space). */
export function runPendingHandler(t: Task): boolean {
  if (!t.sigpending || t.wait.kind === 'futex') return false;
  t.sigpending = false;
  taskWritten(t);
  return true;
}
