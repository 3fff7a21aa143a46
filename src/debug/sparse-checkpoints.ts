// The sparse tier of the history's checkpoints (history.ts): whole Session snapshots spaced
// `every` steps over the whole recorded run, so that any goto replays at most `every` steps after
// restoring one. Split from history.ts (one data structure per file); the dense tier near where
// the user works is local-checkpoints.ts.
//
// `every` is chosen so that a replay takes about REPLAY_MS at the measured stepping speed, unless
// checkpoints that often would cost more than MAX_OVERHEAD of the stepping time (large states: then
// replays get longer; both speeds are running averages, so one garbage collection does not stretch
// the interval). Memory stays bounded: when the checkpoints outgrow the budget, the interval
// doubles for good and the checkpoints it makes needless are dropped (thinning.ts: no gap grows
// past the new interval). A checkpoint's size is what it does not share with the one before it
// (snapshot-bytes.ts).
//
// Invariant: the first checkpoint is position 0, is never dropped, and the list is sorted by
// position (History's [3]).

import type { SessionSnapshot } from '../session/session';
import { snapshotBytes } from './snapshot-bytes';
import { thinned } from './thinning';
import type { Checkpoint } from './local-checkpoints';

/**
 * Replay from a checkpoint should take about this long at the measured stepping speed (the
 * gotoStep latency budget: the interval is rounded up to a power of two, so a replay takes up
 * to twice this; 6 ms let a far goto at 10M mutex3 steps replay 4,096 steps, p90 over 20 ms of
 * wall time on the loaded machine, issue 9).
 */
const REPLAY_MS = 3;
/** ... unless taking checkpoints that often would cost more than this share of the stepping. */
const MAX_OVERHEAD = 0.5;

const pow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

export class SparseCheckpoints {
  private cps: Checkpoint[] = [];
  /** Bytes the checkpoints hold (each counted as what it does not share with the one before). */
  bytes = 0;
  every: number;
  /** Raised by thinning: the interval never goes below it again. */
  private minEvery = 1;
  /** Milliseconds per step, measured by the runner (a running average). */
  private stepMs = 0.001;
  /**
   * Milliseconds per checkpoint (a running average, so that one snapshot slowed down by a
   * garbage collection does not stretch the interval, and with it the replay, 2^k-fold).
   */
  private snapMs = -1;

  /** `every`: the first interval; `maxEvery`: the longest ever chosen (tests ask for dense ones). */
  constructor(private readonly budget: number, every: number, private readonly maxEvery: number) {
    this.every = Math.min(every, maxEvery);
  }

  get size(): number {
    return this.cps.length;
  }

  /** Every checkpoint, oldest first. */
  get all(): readonly Checkpoint[] {
    return this.cps;
  }

  /** The runner's measure of stepping speed, for the interval. */
  noteSpeed(steps: number, ms: number): void {
    if (steps >= 100) this.stepMs = 0.8 * this.stepMs + 0.2 * (ms / steps);
  }

  /** A checkpoint is due at position `pos` (the end of the recorded run). */
  due(pos: number): boolean {
    return pos - this.cps[this.cps.length - 1].pos >= this.every;
  }

  /**
   * Keep a snapshot taken at `pos` (after the last one); `ms`: the time it took, a sample of the
   * snapshot cost (undefined for the first: cold code, issue 9).
   */
  add(pos: number, snap: SessionSnapshot, op: Checkpoint['op'], ms: number | undefined): void {
    if (ms !== undefined) {
      // A sample counts at most 4 times the average: one snapshot caught by a garbage collection
      // (50 ms) made the overhead term choose 8,192-step intervals at 10M mutex3 steps, and the
      // gotos there replayed 9,432 steps (157 ms).
      const t = Math.min(ms, this.snapMs < 0 ? Infinity : 4 * this.snapMs);
      this.snapMs = this.snapMs < 0 ? t : 0.8 * this.snapMs + 0.2 * t;
    }
    const bytes = snapshotBytes(snap, this.cps[this.cps.length - 1]?.snap);
    this.cps.push({ pos, snap, bytes, op });
    this.bytes += bytes;
    this.every = Math.max(this.minEvery, Math.min(this.maxEvery, pow2(Math.max(REPLAY_MS / this.stepMs, this.snapMs / (MAX_OVERHEAD * this.stepMs)))));
    if (this.bytes > this.budget) this.thin();
  }

  /**
   * Double the interval and drop the checkpoints it makes needless: one goes when the kept one
   * before it and the one after it are at most the new interval apart (never the first, nor the
   * last). The interval changes with the measured speed, so the gaps are not all alike: dropping
   * every other one, as before, made gaps of twice the largest past interval (8,192 steps
   * replayed at 10M mutex3 steps with `every` 4,096). Again while over the budget.
   */
  private thin(): void {
    let every = this.every;
    let keep = this.cps;
    do {
      every *= 2;
      keep = thinned(keep, every);
      keep.forEach((c, i) => (c.bytes = snapshotBytes(c.snap, keep[i - 1]?.snap)));
      this.bytes = keep.reduce((n, c) => n + c.bytes, 0);
    } while (this.bytes > this.budget && keep.length > 2);
    this.cps = keep;
    this.minEvery = every;
    this.every = every;
  }

  /** The last checkpoint at or before pos. */
  atOrBefore(pos: number): Checkpoint {
    // Binary search: at 10M steps there are thousands, and every dense snapshot asks.
    let lo = 0;
    let hi = this.cps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cps[mid].pos <= pos) lo = mid;
      else hi = mid - 1;
    }
    return this.cps[lo];
  }

  /** The positions of checkpoints, newest first, below `pos`. */
  below(pos: number): number[] {
    return this.cps.filter((c) => c.pos < pos).map((c) => c.pos).reverse();
  }

  /** Forget the checkpoints after position pos (never the first). */
  truncate(pos: number): void {
    while (this.cps.length > 1 && this.cps[this.cps.length - 1].pos > pos) this.bytes -= this.cps.pop()!.bytes;
  }
}
