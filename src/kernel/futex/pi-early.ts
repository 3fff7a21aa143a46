// A PI waiter or a requeue-PI waiter that a signal made runnable while its futex_q was still
// queued and its rt_waiter still linked (kernel/signal.ts): what its call returns when it runs.
//
// The kernel's paths (kernel/futex/pi.c futex_lock_pi, requeue.c futex_wait_requeue_pi and
// handle_early_requeue_pi_wakeup, locking/rtmutex_api.c rt_mutex_wait_proxy_lock and
// rt_mutex_cleanup_proxy_lock; the same since 2.6.31 for requeue-PI):
//   [E1] an unlock, an owner's death or the proxy trylock took the futex_q off first: the waiter
//        owns the lock and returns 0 (rt_mutex_cleanup_proxy_lock finds it the owner; for the
//        requeue-PI waiter Q_REQUEUE_PI_LOCKED) - kernel/signal.ts finishSignalledWait, q gone;
//   [E2] the timeout fired: -ETIMEDOUT, checked before the signal (rt_mutex_slowlock_block tests
//        `timeout && !timeout->task` first; handle_early_requeue_pi_wakeup likewise);
//   [E3] FUTEX_LOCK_PI / LOCK_PI2: the rt_waiter is removed (the owner is deboosted) and the call
//        returns -EINTR as -ERESTARTNOINTR: the handler runs and the same syscall is issued
//        again, whatever SA_RESTART says, with the same absolute deadline. The restarted call
//        takes its place at the tail of its priority in the rt_mutex and the hash;
//   [E4] FUTEX_WAIT_REQUEUE_PI before the requeue (Q_REQUEUE_PI_IGNORE): unqueued from uaddr,
//        -ERESTARTNOINTR, restarted: blocks again if *uaddr still equals val, else -EWOULDBLOCK;
//   [E5] FUTEX_WAIT_REQUEUE_PI after the requeue (Q_REQUEUE_PI_DONE): the rt_waiter is removed
//        from uaddr2's rt_mutex and -EINTR becomes -EWOULDBLOCK: "We've already been requeued,
//        but cannot restart by calling futex_lock_pi() directly ... return -EWOULDBLOCK directly".
// A timeout without a signal is the timer path (kernel/task.ts runTimers): -ETIMEDOUT in every
// requeue state, the waiter unqueued through unqueuePi (deboosting the owner).

import type { Kernel } from '../kernel';
import type { FutexQ, Task } from '../state';
import { EAGAIN, ETIMEDOUT } from '../types';
import { cancelTimer } from '../sched';
import { futexLockPi, unqueuePi } from './pi';
import { futexWaitRequeuePi } from './requeue-pi';
import { taskWritten } from '../task-stamp';

/**
 * The signalled PI waiter runs with its futex_q still queued. Returns the value of its call, or
 * 'block' when the restarted call blocked again (its register gets the value of that wait).
 */
export function finishSignalledPiWait(k: Kernel, t: Task, q: FutexQ): number | 'block' {
  const timedOut = t.retval === -ETIMEDOUT;
  const tm = k.s.timers.find((x) => x.id === t.timer);
  const remaining = tm ? Math.max(0, tm.expires - k.s.clock) : undefined;
  const hadTimeout = tm !== undefined || timedOut;
  const call = q.piCall;
  const requeued = q.requeuePi?.state === 'requeued';
  // The rt_waiter leaves while the task still counts as in its call, so the deboost is reported.
  unqueuePi(k, q, timedOut ? 'timeout' : 'signal');
  t.wait = { kind: 'none' };
  cancelTimer(k, t);
  t.sigpending = false; // the handler runs on this return (-ERESTARTNOINTR or the value)
  taskWritten(t);
  let value: number | 'block';
  if (timedOut) value = -ETIMEDOUT; //                                                          [E2]
  else if (requeued || !call) value = -EAGAIN; //                                               [E5]
  else {
    // -ERESTARTNOINTR: the same call again, with what is left of its absolute deadline.
    const timeout = hadTimeout ? remaining ?? 0 : undefined;
    const r = call.op === 'wait_requeue_pi' //                                                  [E4]
      ? futexWaitRequeuePi(k, t, q.uaddr, call.val, q.requeuePi!.uaddr2, timeout, call.priv)
      : futexLockPi(k, t, q.uaddr, timeout, call.priv, call.op); //                             [E3]
    // A restart that meets a locked page (gorman-2013, lock_page always) waits for it as a
    // blocked call would; the page lock is not retried here (docs/pi.md, Not modelled).
    value = r.kind === 'ret' ? r.value : 'block';
  }
  if (value !== 'block') {
    t.retval = value;
    taskWritten(t);
    k.emit({ type: 'wakeup', tid: t.tid, why: timedOut ? 'timeout' : 'signal', ret: value });
  }
  return value;
}
