// FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET (2.6.25; kernel/futex/waitwake.c futex_wait/futex_wake
// with a bitset). A waiter carries its mask on its futex_q; a wake counts only the waiters whose
// mask meets its own (`if (!(this->bitset & bitset)) continue;`), so a wake of N skips the
// others without counting them. A mask of 0 is -EINVAL for both, checked before the key
// (GROUND-TRUTH.md §8.6). The plain ops are the same calls with FUTEX_BITSET_MATCH_ANY.
// Masks take the low 32 bits of the scenario's value (LANGUAGE.md "Arguments").

import type { Kernel } from '../kernel';
import type { Task } from '../state';
import { EINVAL } from '../types';
import { ret, type SysResult } from './core';
import { futexWait, futexWake } from './waitwake';

export function futexWaitBitset(k: Kernel, t: Task, uaddr: number, val: number, mask: number, timeout: number | undefined, priv: boolean): SysResult {
  // Era gating (-ENOSYS) is do_futex's: syscalls.ts opSupported.
  const bitset = mask >>> 0;
  if (bitset === 0) return ret(-EINVAL);
  return futexWait(k, t, uaddr, val, timeout, priv, bitset, 'futex_wait_bitset');
}

export function futexWakeBitset(k: Kernel, t: Task, uaddr: number, n: number, mask: number, priv: boolean): SysResult {
  // Era gating (-ENOSYS) is do_futex's: syscalls.ts opSupported.
  const bitset = mask >>> 0;
  if (bitset === 0) return ret(-EINVAL);
  return futexWake(k, t, uaddr, n, priv, 'futex_wake_bitset', bitset);
}
