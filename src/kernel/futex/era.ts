// Which version-2 futex operations each strategy's era has (GROUND-TRUTH.md §8.1, from the man
// page's VERSIONS): robust lists 2.6.17, bitset ops 2.6.25, futex_waitv 5.16, the futex2 calls
// 6.7, and the futex2_requeue flag check of the 2026 fix 19f94b390586. The 2002-2003 strategies
// predate all of them (-ENOSYS); gorman-2013 (the 2013 kernel the RFC patched) has robust lists
// and bitsets but neither waitv nor futex2; modern has everything.
// (PI, requeue-PI and LOCK_PI2 are the PI issue's, kernel/futex/pi.ts.)

import type { Kernel } from '../kernel';
import type { StrategyId } from './variants';

export interface V2Ops {
  robust: boolean;
  bitset: boolean;
  waitv: boolean;
  futex2: boolean;
  /** futex2_requeue refuses two futexes with different flags (19f94b390586, 2026). */
  futex2RequeueFlagCheck: boolean;
}

const NONE: V2Ops = { robust: false, bitset: false, waitv: false, futex2: false, futex2RequeueFlagCheck: false };

const ERAS: Record<StrategyId, V2Ops> = {
  'pinned-page': NONE,
  vcache: NONE,
  'rusty-2003': NONE,
  'jamie-2003': NONE,
  'gorman-2013': { robust: true, bitset: true, waitv: false, futex2: false, futex2RequeueFlagCheck: false },
  modern: { robust: true, bitset: true, waitv: true, futex2: true, futex2RequeueFlagCheck: true },
};

export function v2Ops(k: Kernel): V2Ops {
  return ERAS[k.strategy.id];
}
