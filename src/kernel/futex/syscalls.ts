// The futex system call (kernel/futex/syscalls.c): which op runs, and whether this era has it.
//
// A scenario names its op (futex_wait, futex_cmp_requeue, ...) rather than passing an op word, so
// there is no `op & FUTEX_CMD_MASK` to take apart: the interpreter evaluates the arguments and
// hands the call over as a FutexCall, and do_futex below is the one place that turns it into an
// op. What Linux's do_futex decides before an op runs is decided here:
//   - era gating: an op the modelled era does not have is -ENOSYS, before any argument is looked
//     at (do_futex's `default: return -ENOSYS`). The eras (Strategy.ops): FUTEX_FD 2.5.40 ..
//     2.6.25 (removed in 2.6.26), FUTEX_REQUEUE 2.5.70, FUTEX_CMP_REQUEUE 2.6.7, FUTEX_WAKE_OP
//     2.6.14;
//   - FUTEX_PRIVATE_FLAG (2.6.22+): passed through as `priv`; the strategy's honorsPrivate says
//     whether the era knows it (effectivePrivate, core.ts). FUTEX_FD never takes it.
// Argument checks that belong to an op (alignment in get_futex_key, FUTEX_WAKE_OP's encoding, the
// requeue counts) stay with the op, in the order that era's source checks them.

import type { Kernel } from '../kernel';
import type { Task } from '../state';
import { ENOSYS } from '../types';
import { ret, type SysResult } from './core';
import { futexWait, futexWake, futexWakeOp, type WakeOpArgs } from './waitwake';
import { futexRequeue, type RequeueArgs } from './requeue';
import { futexFd } from './fd';

/** One futex call with its arguments evaluated. `timeout` is in ticks, relative. */
export type FutexCall =
  | { cmd: 'wait'; uaddr: number; val: number; timeout?: number; priv: boolean }
  | { cmd: 'wake'; uaddr: number; n: number; priv: boolean }
  | ({ cmd: 'requeue' | 'cmp_requeue' } & RequeueArgs)
  | ({ cmd: 'wake_op' } & WakeOpArgs)
  | { cmd: 'fd'; uaddr: number; signal: number };

/** Whether the modelled era has the op at all (do_futex's switch). */
export function opSupported(k: Kernel, cmd: FutexCall['cmd']): boolean {
  switch (cmd) {
    case 'wait': case 'wake': return true;
    case 'requeue': return k.strategy.ops.requeue;
    case 'cmp_requeue': return k.strategy.ops.cmpRequeue;
    case 'wake_op': return k.strategy.ops.wakeOp;
    case 'fd': return k.strategy.ops.fd;
  }
}

/** do_futex: run one futex call for task t. */
export function doFutex(k: Kernel, t: Task, c: FutexCall): SysResult {
  if (!opSupported(k, c.cmd)) return ret(-ENOSYS);
  switch (c.cmd) {
    case 'wait': return futexWait(k, t, c.uaddr, c.val, c.timeout, c.priv);
    case 'wake': return futexWake(k, t, c.uaddr, c.n, c.priv);
    case 'requeue': case 'cmp_requeue': return futexRequeue(k, t, c);
    case 'wake_op': return futexWakeOp(k, t, c);
    case 'fd': return futexFd(k, t, c.uaddr, c.signal);
  }
}
