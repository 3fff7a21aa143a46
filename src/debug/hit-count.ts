// Hit counts by position (a breakpoint's hitCondition, guard.ts). The count of a hit is the number
// of times the breakpoint's condition held at positions up to it in the current timeline
// (history.ts), the hits of one position in the order the check meets them. So `==2` stops at the
// second hit only: going forward, going backward (a reverse search replays the same positions and
// runs the same check) and going forward again after a goto, wherever the session came from.
// Counting each check as it ran, as before, stopped at the third hit backward (the hit condition
// was not applied there) and never again after a goto back to the start (the count only grew).
//
// A breakpoint keeps the sorted positions of the hits found so far, and `counted`: every check at
// a position up to it has been seen in the current timeline since the breakpoint was set.
// [1] A hit at a position past `counted`, or a further hit at `counted` itself (the clock jump's
//     arrivals after the step's), is new: it is added, and `counted` moves there.
// [2] A hit at a position up to `counted` is read from the list: the k-th hit met at a position
//     since the session arrived there is the k-th hit found there. One the list does not have
//     was met before the breakpoint was set: it is not counted and does not stop.
// [3] A breakpoint set after the run passed a position counts from the position where it was set,
//     nothing is recounted by replay: from the position after the stop where it was set (whose
//     check had already run), or from position 0 when set at launch or at the entry stop (whose
//     check runs at the first continue). The hits before are never counted, forward or backward.
//     The runner keeps `counted` at or past the session's position: a live check passes each
//     position in order, and a gotoStep forward past it replays the positions in between with the
//     check (runner.ts goto), so no position after the one where it was set is skipped.
// [4] The history forgetting the positions after p (a new step or action there) forgets their
//     hits: `truncate`.
// [5] Bounded: a comparison (N, ==N, >N, >=N, <N, <=N) is decided by min(count, N + 1), so only
//     the first N + 1 hits are kept and any later hit counts as N + 1; %N keeps every hit's
//     position (8 bytes a hit).

export class HitCount {
  /** Positions of the hits found, sorted; a position once per hit there. */
  private readonly hits: number[] = [];
  private counted: number;
  /** The first position whose hits count [3]. */
  private readonly from: number;
  /** The position checked last, and the hits met there since the session arrived at it [2]. */
  private at = -1;
  private seen = 0;

  /** `origin`: the session's position when the breakpoint was set [3]; `cap`: N + 1, or Infinity [5]. */
  constructor(origin: number, private readonly cap: number) {
    this.counted = origin;
    this.from = origin === 0 ? 0 : origin + 1;
  }

  /** The condition held at position p: the count of this hit, or 0 for a hit not counted [2]. */
  hit(p: number): number {
    if (p < this.from) return 0;
    if (p !== this.at) {
      this.at = p;
      this.seen = 0;
    }
    const k = this.seen++;
    const before = this.below(p);
    const here = this.below(p + 1) - before;
    if (k < here) return before + k + 1;
    if (p >= this.counted) {
      this.counted = p;
      if (this.hits.length < this.cap) this.hits.push(p);
      return Math.min(before + k + 1, this.cap);
    }
    // Past the cap every hit counts as N + 1 [5]; otherwise one met before the breakpoint was set.
    return this.hits.length >= this.cap && p >= this.hits[this.hits.length - 1] ? this.cap : 0;
  }

  /** A check ran at position p (hit or not): a position past `counted` is counted now [1]. */
  passed(p: number): void {
    if (p > this.counted) this.counted = p;
  }

  /** The position every check up to which has been counted [3]. */
  get countedTo(): number {
    return this.counted;
  }

  /** The session moved: the hits met at the next position checked are numbered from its first. */
  moved(): void {
    this.at = -1;
  }

  /** Forget the hits at positions after pos [4]. */
  truncate(pos: number): void {
    this.hits.length = this.below(pos + 1);
    if (this.counted > pos) this.counted = pos;
  }

  /** How many hits were found at positions below p (binary search). */
  private below(p: number): number {
    let lo = 0;
    let hi = this.hits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.hits[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
