// The futex call a statement makes (futex_wait, futex_wake, the requeues, wake_op, futex_fd, the
// PI ops), its arguments evaluated, for do_futex (kernel/futex/syscalls.ts), which decodes it.
// The interpreter (interp.ts execSyscall) runs it.

import type { Kernel } from '../kernel/kernel';
import type { Task } from '../kernel/state';
import type { SysResult } from '../kernel/futex/core';
import { doFutex, type FutexCall } from '../kernel/futex/syscalls';
import type { EvalEnv } from './expr';
import type { CRhs } from './program';
import { evalTimeout } from './timeout';

/**
 * A wake or requeue count as the kernel reads it: sys_futex passes `u32 val` (and the second
 * count through `utime`, cut to u32 too), futex_wake takes `int nr_wake`, and futex2's counts are
 * `int`: a value wider than 32 bits keeps its low 32 bits, read as signed (2^32 is 0, 2^31
 * INT_MIN), as on Linux 6.18 (`futexlab diff`). ToInt32 is exactly that.
 */
export const count = (v: number): number => v | 0;

/** The futex call a statement makes, its arguments evaluated (decoded by kernel/futex/syscalls.ts). */
export function futexCall(rhs: CRhs, env: EvalEnv): FutexCall {
  switch (rhs.kind) {
    case 'futex_wait':
      return { cmd: 'wait', uaddr: rhs.addr(env), val: rhs.val(env), timeout: evalTimeout(rhs.timeout, env), priv: rhs.priv };
    case 'futex_wake': return { cmd: 'wake', uaddr: rhs.addr(env), n: count(rhs.n(env)), priv: rhs.priv };
    case 'futex_requeue': case 'futex_cmp_requeue':
      return {
        cmd: rhs.kind === 'futex_requeue' ? 'requeue' : 'cmp_requeue',
        uaddr: rhs.addr(env), nwake: count(rhs.nwake(env)), nrequeue: count(rhs.nrequeue(env)), uaddr2: rhs.addr2(env),
        cmpval: rhs.val ? rhs.val(env) : undefined, priv: rhs.priv,
      };
    case 'futex_wake_op': {
      const [uaddr, nwake, nwake2, uaddr2, op, oparg, cmp, cmparg] = rhs.args.map((a) => a(env));
      return { cmd: 'wake_op', uaddr, nwake: count(nwake), nwake2: count(nwake2), uaddr2, op, oparg, cmp, cmparg, priv: rhs.priv };
    }
    case 'futex_fd': return { cmd: 'fd', uaddr: rhs.addr(env), signal: rhs.signal ? rhs.signal(env) : 0 };
    default: throw new Error(`internal: rhs ${rhs.kind}`);
  }
}

export type PiRhs = Extract<CRhs, { kind: 'futex_lock_pi' | 'futex_lock_pi2' | 'futex_trylock_pi' | 'futex_unlock_pi' | 'futex_wait_requeue_pi' | 'futex_cmp_requeue_pi' }>;
const PI_KINDS: ReadonlySet<string> = new Set(['futex_lock_pi', 'futex_lock_pi2', 'futex_trylock_pi', 'futex_unlock_pi', 'futex_wait_requeue_pi', 'futex_cmp_requeue_pi']);
export const isPiRhs = (r: CRhs): r is PiRhs => PI_KINDS.has(r.kind);

/** PI futexes and requeue-PI (kernel/futex/pi.ts, requeue-pi.ts), through do_futex (its era gating). */
export function execPi(k: Kernel, t: Task, rhs: PiRhs, env: EvalEnv): SysResult {
  const timeout = 'timeout' in rhs ? evalTimeout(rhs.timeout, env) : undefined;
  switch (rhs.kind) {
    case 'futex_lock_pi': case 'futex_lock_pi2': case 'futex_trylock_pi': {
      const cmd = rhs.kind === 'futex_lock_pi' ? 'lock_pi' : rhs.kind === 'futex_lock_pi2' ? 'lock_pi2' : 'trylock_pi';
      return doFutex(k, t, { cmd, uaddr: rhs.addr(env), timeout, priv: rhs.priv });
    }
    case 'futex_unlock_pi': return doFutex(k, t, { cmd: 'unlock_pi', uaddr: rhs.addr(env), priv: rhs.priv });
    case 'futex_wait_requeue_pi':
      return doFutex(k, t, { cmd: 'wait_requeue_pi', uaddr: rhs.addr(env), val: rhs.val(env), uaddr2: rhs.addr2(env), timeout, priv: rhs.priv });
    case 'futex_cmp_requeue_pi':
      return doFutex(k, t, {
        cmd: 'cmp_requeue_pi', uaddr: rhs.addr(env), nwake: count(rhs.nwake(env)), nrequeue: count(rhs.nrequeue(env)), uaddr2: rhs.addr2(env), cmpval: rhs.val(env), priv: rhs.priv,
      });
  }
}
