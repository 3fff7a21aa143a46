// The dense tier of the history's checkpoints (issue 9: "a checkpoint tree, dense near the
// current step, sparse far away"). History's own checkpoints are spaced evenly over the whole run
// (`every` steps, doubled when they outgrow the memory budget), which bounds any goto's replay by
// `every`. Near where the user works, the replays that a goto makes leave snapshots every
// `every / 16` steps (at least 64) here, over the last 8 spacings before its target, so that the
// stepBacks and gotos that follow in that neighbourhood replay at most that far. At most MAX of them, and the one farthest from the
// position asked for goes first; a state too large for the tier's share of the budget is not
// kept at all. They are copy-on-write snapshots like the sparse ones (kernel/clone.ts).

import type { SessionSnapshot } from '../session/session';
import type { KernelView } from '../kernel/snapshot';

export interface Checkpoint {
  pos: number;
  snap: SessionSnapshot;
  bytes: number;
  /** The last futex call at or before pos (History.futexOp). */
  op: KernelView['lastFutexOp'];
}

/** Snapshots kept in the dense tier. */
export const MAX = 32;

export class LocalCheckpoints {
  private cps: Checkpoint[] = [];

  /** `budget`: bytes the tier may hold in all. */
  constructor(private readonly budget: number) {}

  get size(): number {
    return this.cps.length;
  }

  get bytes(): number {
    return this.cps.reduce((n, c) => n + c.bytes, 0);
  }

  /** The spacing of the tier for a sparse interval of `every` steps. */
  static spacing(every: number): number {
    return Math.max(64, Math.floor(every / 16));
  }

  /**
   * How far before a goto's target its replay leaves snapshots: 8 spacings (half a sparse
   * interval), enough for the stepBacks and nearby gotos that follow. Leaving them over the whole
   * replay cost more than a third of a far goto at 10M mutex3 steps (16 snapshots, issue 9).
   */
  static window(spacing: number): number {
    return 8 * spacing;
  }

  /** The latest snapshot at or before pos, if any. */
  atOrBefore(pos: number): Checkpoint | undefined {
    let best: Checkpoint | undefined;
    for (const c of this.cps) if (c.pos <= pos && (!best || c.pos > best.pos)) best = c;
    return best;
  }

  has(pos: number): boolean {
    return this.cps.some((c) => c.pos === pos);
  }

  /** Keep `c`, dropping the snapshot farthest from `near` when the tier is full or over budget. */
  add(c: Checkpoint, near: number): void {
    if (c.bytes * MAX > this.budget) return;
    this.cps.push(c);
    while (this.cps.length > MAX) {
      let far = 0;
      this.cps.forEach((x, i) => {
        if (Math.abs(x.pos - near) > Math.abs(this.cps[far].pos - near)) far = i;
      });
      this.cps.splice(far, 1);
    }
  }

  /** Forget the snapshots after position pos (the history was truncated there). */
  truncate(pos: number): void {
    this.cps = this.cps.filter((c) => c.pos <= pos);
  }
}
