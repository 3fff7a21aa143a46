// The futex2 system calls of 6.7: futex_wait, futex_wake, futex_requeue (kernel/futex/syscalls.c).
//
// What differs from the multiplexed futex(2) ops (GROUND-TRUTH.md §8.6):
//   - sizes: FUTEX2_SIZE_U8..U64 exist in the ABI, but futex_flags_valid accepts only 32 bits
//     today: every other size is -EINVAL;
//   - futex_validate_input: a value or mask with bits above the size is -EINVAL (values are
//     passed whole, so -1 is not 0xffffffff; LANGUAGE.md "Arguments");
//   - futex_wake is FLAGS_STRICT: nr = 0 wakes nobody and returns 0 (after the key lookup),
//     where FUTEX_WAKE with 0 wakes one (waitwake.ts case [6]);
//   - futex_requeue takes two futex_waitv entries; since 19f94b390586 (2026) their flags must be
//     equal, else -EINVAL; plain 6.7 keyed each futex with its own flags.
// A mask of 0 is -EINVAL (futex_wait/futex_wake's `if (!bitset)`), checked after the timeout:
// sys_futex_wait validates the flags and inputs, then futex2_setup_timeout (an absolute timespec
// on `clockid`, timeout.ts), then __futex_wait tests the bitset.

import type { Kernel } from '../kernel';
import type { Task } from '../state';
import { EINVAL } from '../types';
import { futexEra } from './era';
import { isSysResult, lookupKey, ret, type SysResult } from './core';
import { futexWait, futexWake } from './waitwake';
import { futexRequeue } from './requeue';
import { futexTimeout, type Timeout } from './timeout';

/** A futex2 operand: `[ADDR, VAL [, private] [, size BITS]]`. */
export interface Futex2Operand {
  uaddr: number;
  val: number;
  priv: boolean;
  /** Bits: 8, 16, 32 or 64 in the ABI; only 32 is accepted. */
  size: number;
}

/** futex_flags_valid + futex_validate_input: false means -EINVAL. */
export function futex2Valid(size: number, ...values: number[]): boolean {
  if (size !== 32) return false; // "Only 32bit futexes are implemented -- for now"
  return values.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff);
}

export function futex2Wait(k: Kernel, t: Task, a: Futex2Operand, mask: number, timeout: Timeout | undefined): SysResult {
  // Era gating (-ENOSYS) is do_futex's: syscalls.ts opSupported.
  if (!futex2Valid(a.size, a.val, mask)) return ret(-EINVAL);
  const ticks = futexTimeout(k, timeout, 'absolute', true);
  if (typeof ticks === 'object') return ret(-ticks.errno);
  if (mask === 0) return ret(-EINVAL);
  return futexWait(k, t, a.uaddr, a.val, ticks, a.priv, mask >>> 0, 'futex2_wait');
}

export function futex2Wake(k: Kernel, t: Task, uaddr: number, mask: number, n: number, priv: boolean, size: number): SysResult {
  // Era gating (-ENOSYS) is do_futex's: syscalls.ts opSupported.
  if (!futex2Valid(size, mask)) return ret(-EINVAL);
  if (mask === 0) return ret(-EINVAL);
  if (n === 0) {
    // FLAGS_STRICT: the key is still looked up (a bad address is still an error), then 0.
    if (uaddr % 4 !== 0) return ret(-EINVAL);
    const found = lookupKey(k, t, uaddr, 'read', priv, 'futex2_wake');
    return isSysResult(found) ? found : ret(0);
  }
  return futexWake(k, t, uaddr, n, priv, 'futex2_wake', mask >>> 0);
}

/** futex_requeue(waiters[2], flags = 0, nr_wake, nr_requeue): CMP_REQUEUE against waiters[0].val. */
export function futex2Requeue(k: Kernel, t: Task, from: Futex2Operand, to: Futex2Operand, nwake: number, nrequeue: number): SysResult {
  const era = futexEra(k); // era gating (-ENOSYS) is syscalls.ts opSupported
  // futex_parse_waitv checks both entries (the second entry's value is not used).
  if (!futex2Valid(from.size, from.val) || !futex2Valid(to.size, to.val)) return ret(-EINVAL);
  // 19f94b390586 (2026); `option modern.requeue_flags = 6.7` is the code before it.
  if (era.futex2RequeueFlagCheck && !k.strategy.futex2RequeueFlagCheckOff && (from.priv !== to.priv || from.size !== to.size)) return ret(-EINVAL);
  return futexRequeue(k, t, {
    uaddr: from.uaddr, uaddr2: to.uaddr, nwake, nrequeue, cmpval: from.val, priv: from.priv, priv2: to.priv, op: 'futex2_requeue',
  });
}
