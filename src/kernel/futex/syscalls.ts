// The futex system call (kernel/futex/syscalls.c): which op runs, and whether this era has it.
//
// A scenario names its op (futex_wait, futex_cmp_requeue, ...) rather than passing an op word, so
// there is no `op & FUTEX_CMD_MASK` to take apart: the interpreter evaluates the arguments and
// hands the call over as a FutexCall, and do_futex below is the one place that turns it into an
// op. What Linux's do_futex decides before an op runs is decided here:
//   - era gating: an op the modelled era does not have is -ENOSYS, before any argument is looked
//     at (do_futex's `default: return -ENOSYS`). The eras (era.ts's table): FUTEX_FD 2.5.40 ..
//     2.6.25 (removed in 2.6.26), FUTEX_REQUEUE 2.5.70, FUTEX_CMP_REQUEUE 2.6.7, FUTEX_WAKE_OP
//     2.6.14; the bitset, waitv, futex2 and PI ops from era.ts's per-strategy record (bitset
//     2.6.25, PI 2.6.18, requeue-PI 2.6.31, LOCK_PI2 5.14, futex_waitv 5.16, futex2 6.7). One
//     table, OP_ERA below, answers for every op; set_robust_list and get_robust_list (2.6.17) are
//     separate system calls in Linux (kernel/futex/syscalls.c), outside do_futex, but are gated
//     from the same table (robustCall);
//   - FUTEX_PRIVATE_FLAG (2.6.22+): passed through as `priv`; the era's privateFlag says
//     whether the era knows it (effectivePrivate, core.ts). FUTEX_FD never takes it;
//   - the timeout (sys_futex's futex_init_timeout, timeout.ts): read for FUTEX_WAIT (relative),
//     WAIT_BITSET, LOCK_PI, LOCK_PI2 and WAIT_REQUEUE_PI (absolute); an invalid timespec is
//     -EINVAL from 2.6.31 on, before the op runs. futex_waitv and futex2's futex_wait are their own
//     system calls and read theirs after their own first checks (waitv.ts, futex2.ts).
// Argument checks that belong to an op (alignment in get_futex_key, FUTEX_WAKE_OP's encoding, the
// requeue counts) stay with the op, in the order that era's source checks them.

import type { Kernel } from '../kernel';
import type { Task } from '../state';
import { ENOSYS } from '../types';
import { ret, type SysResult } from './core';
import { futexFast } from './fast';
import { futexWait, futexWake, futexWakeOp, type WakeOpArgs } from './waitwake';
import { futexRequeue, type RequeueArgs } from './requeue';
import { futexFd } from './fd';
import { futexWaitBitset, futexWakeBitset } from './bitset';
import { futexWaitv } from './waitv';
import { futex2Requeue, futex2Wait, futex2Wake, type Futex2Operand } from './futex2';
import { futexLockPi, futexUnlockPi } from './pi';
import { futexCmpRequeuePi, futexWaitRequeuePi, type CmpRequeuePiArgs } from './requeue-pi';
import { getRobustList, setRobustList } from './robust';
import { futexEra } from './era';
import { futexTimeout, type Timeout, type TimespecMode } from './timeout';

/** One futex call with its arguments evaluated; `timeout` as the scenario wrote it (timeout.ts). */
export type FutexCall =
  | { cmd: 'wait'; uaddr: number; val: number; timeout?: Timeout; priv: boolean }
  | { cmd: 'wake'; uaddr: number; n: number; priv: boolean }
  | ({ cmd: 'requeue' | 'cmp_requeue' } & RequeueArgs)
  | ({ cmd: 'wake_op' } & WakeOpArgs)
  | { cmd: 'fd'; uaddr: number; signal: number }
  | { cmd: 'wait_bitset'; uaddr: number; val: number; mask: number; timeout?: Timeout; priv: boolean }
  | { cmd: 'wake_bitset'; uaddr: number; n: number; mask: number; priv: boolean }
  | { cmd: 'waitv'; entries: Futex2Operand[]; timeout?: Timeout }
  | { cmd: 'futex2_wait'; entry: Futex2Operand; mask: number; timeout?: Timeout }
  | { cmd: 'futex2_wake'; uaddr: number; mask: number; n: number; priv: boolean; size: number }
  | { cmd: 'futex2_requeue'; from: Futex2Operand; to: Futex2Operand; nwake: number; nrequeue: number }
  | { cmd: 'lock_pi' | 'lock_pi2' | 'trylock_pi'; uaddr: number; timeout?: Timeout; priv: boolean }
  | { cmd: 'unlock_pi'; uaddr: number; priv: boolean }
  | { cmd: 'wait_requeue_pi'; uaddr: number; val: number; uaddr2: number; timeout?: Timeout; priv: boolean }
  | ({ cmd: 'cmp_requeue_pi' } & CmpRequeuePiArgs);

/** set_robust_list / get_robust_list: their own system calls, gated from the same table. */
export type RobustCall =
  | { cmd: 'set_robust_list'; head: number; len: number }
  | { cmd: 'get_robust_list'; target: Task | undefined };

export type OpName = FutexCall['cmd'] | RobustCall['cmd'];

/** Whether the modelled era has each op: every answer from era.ts's table (ERAS), none from a strategy. */
const OP_ERA: Record<OpName, (k: Kernel) => boolean> = {
  wait: () => true,
  wake: () => true,
  requeue: (k) => futexEra(k).requeue,
  cmp_requeue: (k) => futexEra(k).cmpRequeue,
  wake_op: (k) => futexEra(k).wakeOp,
  fd: (k) => futexEra(k).fd,
  wait_bitset: (k) => futexEra(k).bitset,
  wake_bitset: (k) => futexEra(k).bitset,
  waitv: (k) => futexEra(k).waitv,
  futex2_wait: (k) => futexEra(k).futex2,
  futex2_wake: (k) => futexEra(k).futex2,
  futex2_requeue: (k) => futexEra(k).futex2,
  lock_pi: (k) => futexEra(k).pi,
  trylock_pi: (k) => futexEra(k).pi,
  unlock_pi: (k) => futexEra(k).pi,
  lock_pi2: (k) => futexEra(k).pi && futexEra(k).lockPi2,
  wait_requeue_pi: (k) => futexEra(k).requeuePi,
  cmp_requeue_pi: (k) => futexEra(k).requeuePi,
  set_robust_list: (k) => futexEra(k).robust,
  get_robust_list: (k) => futexEra(k).robust,
};

/** Whether the modelled era has the op at all (do_futex's switch; the syscall table for the rest). */
export function opSupported(k: Kernel, cmd: OpName): boolean {
  return OP_ERA[cmd](k);
}

/**
 * The ops whose timeout sys_futex reads (futex_cmd_has_timeout), and how: FUTEX_WAIT's is relative
 * (`ktime_add_safe(ktime_get(), t)`), the others' absolute. FUTEX_TRYLOCK_PI takes none.
 */
const SYS_FUTEX_TIMEOUT: Partial<Record<FutexCall['cmd'], TimespecMode>> = {
  wait: 'relative', wait_bitset: 'absolute', lock_pi: 'absolute', lock_pi2: 'absolute', wait_requeue_pi: 'absolute',
};

/** do_futex: run one futex call for task t. */
export function doFutex(k: Kernel, t: Task, c: FutexCall): SysResult {
  // FUTEX_WAKE and a FUTEX_WAIT without a timeout first: every era has them (OP_ERA), and
  // neither reads a timeout, so the tables below would change nothing (fast.ts).
  if (futexFast.enabled) {
    if (c.cmd === 'wake') return futexWake(k, t, c.uaddr, c.n, c.priv);
    if (c.cmd === 'wait' && c.timeout === undefined) return futexWait(k, t, c.uaddr, c.val, undefined, c.priv);
  }
  if (!opSupported(k, c.cmd)) return ret(-ENOSYS);
  const mode = SYS_FUTEX_TIMEOUT[c.cmd];
  let ticks: number | undefined;
  if (mode !== undefined && 'timeout' in c) {
    const to = futexTimeout(k, c.timeout, mode);
    if (typeof to === 'object') return ret(-to.errno);
    ticks = to;
  }
  switch (c.cmd) {
    case 'wait': return futexWait(k, t, c.uaddr, c.val, ticks, c.priv);
    case 'wake': return futexWake(k, t, c.uaddr, c.n, c.priv);
    case 'requeue': case 'cmp_requeue': return futexRequeue(k, t, c);
    case 'wake_op': return futexWakeOp(k, t, c);
    case 'fd': return futexFd(k, t, c.uaddr, c.signal);
    case 'wait_bitset': return futexWaitBitset(k, t, c.uaddr, c.val, c.mask, ticks, c.priv);
    case 'wake_bitset': return futexWakeBitset(k, t, c.uaddr, c.n, c.mask, c.priv);
    case 'waitv': return futexWaitv(k, t, c.entries, c.timeout);
    case 'futex2_wait': return futex2Wait(k, t, c.entry, c.mask, c.timeout);
    case 'futex2_wake': return futex2Wake(k, t, c.uaddr, c.mask, c.n, c.priv, c.size);
    case 'futex2_requeue': return futex2Requeue(k, t, c.from, c.to, c.nwake, c.nrequeue);
    case 'lock_pi': return futexLockPi(k, t, c.uaddr, ticks, c.priv, 'lock');
    case 'lock_pi2': return futexLockPi(k, t, c.uaddr, ticks, c.priv, 'lock2');
    case 'trylock_pi': return futexLockPi(k, t, c.uaddr, undefined, c.priv, 'trylock');
    case 'unlock_pi': return futexUnlockPi(k, t, c.uaddr, c.priv);
    case 'wait_requeue_pi': return futexWaitRequeuePi(k, t, c.uaddr, c.val, c.uaddr2, ticks, c.priv);
    case 'cmp_requeue_pi': return futexCmpRequeuePi(k, t, c);
  }
}

/** sys_set_robust_list / sys_get_robust_list (kernel/futex/syscalls.c), era-gated from OP_ERA. */
export function robustCall(k: Kernel, t: Task, c: RobustCall): SysResult {
  if (!opSupported(k, c.cmd)) return ret(-ENOSYS);
  return c.cmd === 'set_robust_list' ? setRobustList(k, t, c.head, c.len) : getRobustList(k, c.target);
}
