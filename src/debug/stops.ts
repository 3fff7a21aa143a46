// Why the debugger stops, and which reason wins when several coincide in one step (issue 9, "One
// priority order for stop reasons"): an anomaly, a failed assert, a deadlock or a hung thread
// first; then a data breakpoint; then a function breakpoint or an event filter; then a line
// breakpoint. A step (next, stepIn, ...) is below all of them: the runner checks breakpoints first.
//
// The checks of one step give causes (breakpoints.ts). Causes of one thread that its statement
// made (anomaly, data, event) are one stop, shown on that statement's line; a thread's line
// breakpoints are another stop, on the line it arrived at. The stops are ordered by their highest
// cause: the first is reported, with `reason` its highest cause and a description that names every
// cause of the step; the others wait for the next continue, in that order.

/** The kinds of cause, highest priority first. */
export const STOP_PRIORITY = ['anomaly', 'data', 'event', 'line'] as const;
export type StopKind = (typeof STOP_PRIORITY)[number];

/** The `reason` of a DAP stopped event, as this adapter uses it. */
export type StopReason =
  | 'entry' | 'step' | 'pause' | 'goto' | 'end' | 'terminated'
  | 'breakpoint' | 'function breakpoint' | 'data breakpoint' | 'exception';

/** Where a statement is: the code unit and pc of the instruction. */
export interface StatementAt {
  unit: number;
  pc: number;
}

export interface StopInfo {
  reason: StopReason;
  tid: number;
  description: string;
  hitBreakpointIds?: number[];
  /** For exception stops: the filter id and the full message (exceptionInfo). */
  exception?: { id: string; message: string };
  /** A stop made by a statement: the thread's top frame shows this statement's line. */
  statement?: StatementAt;
  /** The causes this stop stands for, highest first (stops found by the breakpoint check). */
  causes?: Cause[];
}

/** One reason to stop found by the check after a step. */
export interface Cause {
  kind: StopKind;
  tid: number;
  reason: StopReason;
  description: string;
  hitBreakpointIds?: number[];
  exception?: { id: string; message: string };
  /**
   * The anomaly this cause reports, by its index in Session.anomalies: the anomaly filter's cause
   * and a replayed trace's failure on that anomaly carry the same index. Absent for a cause that
   * reports no one anomaly (a breakpoint, an event, the hung threads together, a deadlock).
   */
  anomaly?: number;
  /**
   * The kernel event this cause describes, by its absolute index in the event log: a function
   * breakpoint and an event filter hit by one event (`pi_boost` and 'Priority boosted') describe
   * it once.
   */
  event?: number;
}

export const rank = (k: StopKind): number => STOP_PRIORITY.indexOf(k);

/**
 * One anomaly found twice in a step (a replayed trace's failure, and the anomaly filter), or one
 * kernel event that a function breakpoint and an event filter both stop on, is described once:
 * the stop's description said its long message twice. Compared by the anomaly's or the event's
 * index, not by its text: two anomalies of one step can have the same words (two threads of one
 * name woken wrongly by one wake, test/debug/priority.test.ts), and both are described.
 */
function sameReportBefore(g: readonly Cause[], i: number): boolean {
  const a = g[i].anomaly;
  const e = g[i].event;
  return (a !== undefined && g.slice(0, i).some((x) => x.anomaly === a)) || (e !== undefined && g.slice(0, i).some((x) => x.event === e));
}

/**
 * The stops of one step, in the order they are delivered. `stepped`: the thread that ran the
 * step and the statement it ran (null when no step ran: a clock jump, the launch position).
 */
export function orderStops(causes: readonly Cause[], stepped: ({ tid: number } & StatementAt) | null): StopInfo[] {
  if (causes.length === 0) return [];
  const sorted = [...causes].sort((a, b) => rank(a.kind) - rank(b.kind)); // stable: found order within a kind
  const groups = new Map<string, Cause[]>();
  for (const c of sorted) {
    const key = `${c.kind === 'line' ? 'line' : 'statement'}:${c.tid}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  const stops = [...groups.values()].map((g): StopInfo => {
    const top = g[0];
    const ids = [...new Set(g.flatMap((c) => c.hitBreakpointIds ?? []))];
    const exception = g.find((c) => c.exception)?.exception;
    const byStatement = top.kind !== 'line' && stepped !== null && stepped.tid === top.tid;
    return {
      reason: top.reason,
      tid: top.tid,
      description: g.filter((c, i) => !sameReportBefore(g, i)).map((c) => c.description).join('; '),
      ...(ids.length > 0 ? { hitBreakpointIds: ids } : {}),
      ...(exception && top.reason === 'exception' ? { exception } : {}),
      ...(byStatement ? { statement: { unit: stepped.unit, pc: stepped.pc } } : {}),
      causes: g,
    };
  });
  if (stops.length > 1) {
    const first = stops[0];
    first.description += ` (also in this step: ${stops.slice(1).map((s) => s.description).join('; ')})`;
  }
  return stops;
}
