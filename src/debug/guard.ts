// A breakpoint's guard: its condition (a debugger expression, expr.ts, run in the stopping
// thread's top frame) and its hit count, counted by position (hit-count.ts). One class for every
// kind of breakpoint, so a condition that cannot run is reported the same way for lines,
// functions, filters and data.

import type { Session } from '../session/session';
import { compileDebugExpr, ExprError, type DebugExpr } from './expr';
import { exprScope } from './frames';
import { HitCount } from './hit-count';

/** A hit condition: its test of a count, and the count past which the answer no longer changes. */
interface HitTest {
  test: (hits: number) => boolean;
  /** min(count, cap) decides the test (hit-count.ts [5]): N + 1 for comparisons, none for %N. */
  cap: number;
}

/** `>= 3`, `%2`, `5`: a hit condition, or an error message. */
function parseHit(text: string | undefined): HitTest | string | undefined {
  if (!text || !text.trim()) return undefined;
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) return `hit count '${text}' is not N, ==N, >N, >=N, <N, <=N or %N`;
  const n = Number(m[2]);
  // Verified, it never stopped: every count is a multiple of nothing.
  if (m[1] === '%' && n === 0) return `hit count '${text}' never hits: %N needs N >= 1`;
  const cap = n + 1;
  switch (m[1]) {
    case '>': return { test: (h) => h > n, cap };
    case '>=': return { test: (h) => h >= n, cap };
    case '<': return { test: (h) => h < n, cap };
    case '<=': return { test: (h) => h <= n, cap };
    case '%': return { test: (h) => n > 0 && h % n === 0, cap: Infinity };
    default: return { test: (h) => h === n, cap };
  }
}

/** A condition and hit count, compiled per code unit on first use. */
export class Guard {
  private readonly compiled = new Map<number, DebugExpr>();
  /** With a hit condition: its test, and the hits counted by position. */
  private readonly hits: { test: (n: number) => boolean; count: HitCount } | undefined;

  /** `origin`: the position the session is at when the breakpoint is set (hit-count.ts [3]). */
  constructor(readonly condition: string | undefined, readonly hitCondition: string | undefined, private readonly regNames: string[][], origin = 0) {
    const h = parseHit(hitCondition);
    if (typeof h === 'string') throw new ExprError(h);
    this.hits = h && { test: h.test, count: new HitCount(origin, h.cap) };
    if (condition?.trim()) compileDebugExpr(condition, []); // syntax errors now, names when it runs
  }

  /**
   * True when the condition holds in tid's top frame at the session's position and the hit
   * condition holds for this hit's count there. A condition that cannot run stops, and `log`
   * says why (in the Debug Console, for every kind of breakpoint).
   */
  test(session: Session, tid: number, log: (text: string) => void): boolean {
    if (this.condition?.trim()) {
      const th = session.threads[tid];
      const unit = th?.frames[th.frames.length - 1]?.unit ?? -1;
      let f = this.compiled.get(unit);
      try {
        if (!f) this.compiled.set(unit, (f = compileDebugExpr(this.condition, this.regNames[unit] ?? [])));
        if (f(exprScope(session, tid)) === 0) return false;
      } catch (e) {
        if (!(e instanceof ExprError)) throw e;
        log(`condition '${this.condition}': ${e.message}`);
      }
    }
    if (!this.hits) return true;
    const n = this.hits.count.hit(session.steps);
    return n > 0 && this.hits.test(n);
  }

  /** The hit count by position (hit-count.ts), with a hit condition only. */
  get count(): HitCount | undefined {
    return this.hits?.count;
  }
}
