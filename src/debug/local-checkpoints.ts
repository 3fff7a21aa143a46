// The dense tier of the history's checkpoints (issue 9: "a checkpoint tree, dense near the
// current step, sparse far away"). History's own checkpoints are spaced evenly over the whole run
// (`every` steps, doubled when they outgrow the memory budget), which bounds any goto's replay by
// `every`. Near where the user works, the replays that a goto makes leave snapshots every
// `every / 16` steps (at least 64) here, over the last 8 spacings before its target, so that the
// stepBacks and gotos that follow in that neighbourhood replay at most that far. At most MAX of
// them and the tier's budget of bytes, the one farthest from the position asked for going first;
// a state too large for a quarter of that budget is not kept at all. They are copy-on-write
// snapshots like the sparse ones (kernel/clone.ts).

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
/** A snapshot is kept only if this many of its size fit the tier's budget. */
export const MIN_FIT = 4;

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

  /**
   * Keep `c`, dropping the snapshots farthest from `near` while the tier holds more than MAX or
   * more bytes than its budget. A snapshot is refused only when fewer than MIN_FIT of its size fit
   * the budget: refusing any that did not fit MAX times (as before) refused every one in the setup
   * phase of the many-waiters bench (1.3 MB estimated each, 1,000 threads opening 10,000 fds), and
   * each stepBack there replayed from a sparse checkpoint, up to 8,192 steps: 24-55 ms against
   * issue #4's 20 ms.
   */
  add(c: Checkpoint, near: number): void {
    if (c.bytes * MIN_FIT > this.budget) return;
    this.cps.push(c);
    let bytes = this.bytes;
    while (this.cps.length > MAX || bytes > this.budget) {
      let far = 0;
      this.cps.forEach((x, i) => {
        if (Math.abs(x.pos - near) > Math.abs(this.cps[far].pos - near)) far = i;
      });
      bytes -= this.cps[far].bytes;
      this.cps.splice(far, 1);
    }
  }

  /** Forget the snapshots after position pos (the history was truncated there). */
  truncate(pos: number): void {
    this.cps = this.cps.filter((c) => c.pos <= pos);
  }
}
