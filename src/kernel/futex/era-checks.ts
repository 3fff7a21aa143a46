// The argument checks and counting rules that differ between the eras the strategies model, as
// one table (docs/era-argument-checks.md has it with its sources). The ops ask it instead of
// testing a strategy's other properties.
//
// FUTEX_REQUEUE / FUTEX_CMP_REQUEUE, walking the matching waiters of key1 in bucket order:
//   'after-move'  2.5.70 .. 2.6.30 (kernel/futex.c futex_requeue):
//                     if (++ret <= nr_wake) wake_futex(this);
//                     else { move this to key2; if (ret - nr_wake >= nr_requeue) break; }
//                 The limit is tested after a move, so a call with nr_requeue <= 0 still moves
//                 one waiter (when one is left after the wakes).
//   'before-move' 2.6.31 on (the requeue_pi rework, kept by today's kernel/futex/requeue.c):
//                     if (task_count - nr_wake >= nr_requeue) break;   (at the top of the loop)
//                     if (++task_count <= nr_wake) wake; else move;
//                 so at most nr_wake + nr_requeue waiters are visited.
//   Negative counts: -EINVAL from 4.15 on (fbe0e839d1e2, "futex: Prevent overflow by strengthen
//   input validation", CVE-2018-6927); before, they only change where the loop stops.
// FUTEX_WAKE and FUTEX_WAKE_OP count `if (++ret >= nr_wake) break` after the wake in every era
// modelled, so nr_wake <= 0 wakes one (waitwake.ts collectWake).
//
// Each era of era.ts's table names its checks (FutexEra.checks): one of the constants below.

export interface EraChecks {
  requeueLimit: 'after-move' | 'before-move';
  /** Negative nr_wake or nr_requeue is -EINVAL. */
  requeueNegativeEinval: boolean;
}

/** 2.5.70 .. 2.6.30: pinned-page, vcache, rusty-2003, jamie-2003 (its 2006 -rt FIFO variant too). */
export const ERA_2_5_TO_2_6_30: EraChecks = { requeueLimit: 'after-move', requeueNegativeEinval: false };
/** 2.6.31 .. 4.14: gorman-2013. */
export const ERA_2_6_31_TO_4_14: EraChecks = { requeueLimit: 'before-move', requeueNegativeEinval: false };
/** 4.15 on: modern. */
export const ERA_4_15_ON: EraChecks = { requeueLimit: 'before-move', requeueNegativeEinval: true };

/**
 * How many of the `n` matching waiters a requeue wakes, and up to how many moves it makes (a
 * 2.5.70 requeue to self may move the same waiter more than once: requeue.ts).
 */
export function requeueCounts(e: EraChecks, nwake: number, nrequeue: number, n: number): { wake: number; moveLimit: number } {
  if (e.requeueLimit === 'after-move') {
    const wake = Math.min(Math.max(nwake, 0), n);
    // ret - nr_wake >= nr_requeue, tested after each move: at least one move.
    return { wake, moveLimit: Math.max(1, nrequeue + Math.min(nwake, 0)) };
  }
  const visited = Math.min(Math.max(nwake + nrequeue, 0), n);
  const wake = Math.min(visited, Math.max(nwake, 0));
  return { wake, moveLimit: visited - wake };
}
