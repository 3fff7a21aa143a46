// A breakpoint's guard: its condition (a debugger expression, expr.ts, run in the stopping
// thread's top frame) and its hit count. One class for every kind of breakpoint, so a condition
// that cannot run is reported the same way for lines, functions, filters and data.

import type { Session } from '../session/session';
import { compileDebugExpr, ExprError, type DebugExpr } from './expr';
import { exprScope } from './frames';

/** `>= 3`, `%2`, `5`: a hit condition, or an error message. */
function parseHit(text: string | undefined): ((hits: number) => boolean) | string | undefined {
  if (!text || !text.trim()) return undefined;
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) return `hit count '${text}' is not N, ==N, >N, >=N, <N, <=N or %N`;
  const n = Number(m[2]);
  // Verified, it never stopped: every count is a multiple of nothing.
  if (m[1] === '%' && n === 0) return `hit count '${text}' never hits: %N needs N >= 1`;
  switch (m[1]) {
    case '>': return (h) => h > n;
    case '>=': return (h) => h >= n;
    case '<': return (h) => h < n;
    case '<=': return (h) => h <= n;
    case '%': return (h) => n > 0 && h % n === 0;
    default: return (h) => h === n;
  }
}

/** A condition and hit count, compiled per code unit on first use. */
export class Guard {
  hits = 0;
  private readonly compiled = new Map<number, DebugExpr>();
  readonly hit: ((hits: number) => boolean) | undefined;

  constructor(readonly condition: string | undefined, hitCondition: string | undefined, private readonly regNames: string[][]) {
    const h = parseHit(hitCondition);
    if (typeof h === 'string') throw new ExprError(h);
    this.hit = h;
    if (condition?.trim()) compileDebugExpr(condition, []); // syntax errors now, names when it runs
  }

  /**
   * True when the condition holds in tid's top frame. A condition that cannot run stops, and
   * `log` says why (in the Debug Console, for every kind of breakpoint).
   */
  test(session: Session, tid: number, count: boolean, log: (text: string) => void): boolean {
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
    if (!count) return true;
    this.hits++;
    return !this.hit || this.hit(this.hits);
  }
}
