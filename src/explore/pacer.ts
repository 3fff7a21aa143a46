// When a search checks its budgets (time, memory, Ctrl-C: the caller's `cancelled`) and reports
// its progress. A check every 256 transitions kept the check's cost out of a fast search, but a
// slow transition made the interval long: in a scenario of 20,000 threads (~60 ms a transition)
// `explore --max-time 3` ran 15 s, and random mode, which checked every 64 runs and only with a
// progress callback, ran past 100 s (the seventeenth session's probe). The pacer starts at one
// transition, doubles the interval while an interval takes under CHECK_MS of wall time and halves
// it when one takes longer, up to MAX_INTERVAL transitions: a budget is seen within about twice
// CHECK_MS, or one transition when a single one takes longer.

/** Wall time one interval between checks aims to stay under. */
const CHECK_MS = 100;
/** The longest interval, in transitions (the old fixed one: the check's cost stays negligible). */
const MAX_INTERVAL = 256;
/** Progress is reported at every PROGRESS_EVERY-th check. */
const PROGRESS_EVERY = 16;

export class Pacer {
  private interval = 1;
  private count = 0;
  private checks = 0;
  private last: number;

  constructor(private readonly now: () => number = Date.now) {
    this.last = now();
  }

  /** One transition taken: whether the budgets are due for a check now. */
  tick(): boolean {
    if (++this.count < this.interval) return false;
    this.count = 0;
    const t = this.now();
    const took = t - this.last;
    this.last = t;
    this.interval = took > CHECK_MS ? Math.max(1, this.interval >> 1) : Math.min(MAX_INTERVAL, this.interval * 2);
    this.checks++;
    return true;
  }

  /** Whether the check tick() just asked for should also report progress. */
  progressDue(): boolean {
    return this.checks % PROGRESS_EVERY === 0;
  }
}
