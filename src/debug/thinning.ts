// Thinning the history's sparse checkpoints when they outgrow the memory budget (history.ts
// thin, issue 9). The interval between checkpoints follows the measured stepping speed, so the
// gaps of a long run are not all alike: dropping every other checkpoint made gaps of twice the
// largest past interval (8,192 steps replayed by one goto at 10M mutex3 steps while the interval
// was 4,096). Dropping only the checkpoints whose neighbours are close enough keeps every gap
// within the new interval wherever it was before.

/**
 * The checkpoints kept for an interval of `every` steps: one is dropped when the kept one before
 * it and the one after it are at most `every` apart. The first and the last are always kept, and
 * no gap exceeds max(every, the largest gap in `cps`).
 */
export function thinned<T extends { pos: number }>(cps: readonly T[], every: number): T[] {
  const keep = cps.slice(0, 1);
  for (let i = 1; i < cps.length; i++) {
    const next = cps[i + 1];
    if (next && next.pos - keep[keep.length - 1].pos <= every) continue;
    keep.push(cps[i]);
  }
  return keep;
}
