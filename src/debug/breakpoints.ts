// Every kind of breakpoint, and the one check that runs after each step to decide whether to stop.
// The check gathers every cause of the step; stops.ts orders them (anomaly, data, event, line)
// and the first is the stop, the others wait in `pending` for the next continue.
//
// A stop is decided after a step has committed (STYLE.md habit 7), from what the step did:
// [1] line breakpoints: a thread *arrives* at a breakpoint's statement (arrivals.ts: one rule over
//     thread positions, whatever moved them). A thread stops before it executes the statement;
//     the statement it sleeps in is not an arrival. Every arrival of a step is checked (hit
//     counts and logpoints see all of them).
// [2] function breakpoints name kernel events and system calls (`futex_wake`, `cow`, `fork`, ...):
//     the step emitted one.
// [3] exception filters: a wake, a wake that woke nobody, a thread blocking (events); an anomaly
//     of a kind (the oracle's list grew); deadlock and a failed assert (the run's result).
//     [2] and the event filters of [3] are checked in event-breakpoints.ts, with their tables.
// [4] data breakpoints: a watched memory word has a different value than before the step.
// Conditions are debugger expressions (expr.ts) in the stopping thread's top frame. Hit counts
// count the times the condition held at the positions up to this one in the current timeline
// (hit-count.ts), so a hit condition means the same forward, backward and after a goto; a
// breakpoint set again unchanged (clients send a file's whole list when one changes) keeps its
// count. Logpoints print and never stop. Running backwards the same check runs over replayed
// steps ("scan" mode): no logpoint output.

import { posix } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Session } from '../session/session';
import { threadName } from '../session/inspect';
import { compileDebugExpr } from './expr';
import { Guard } from './guard';
import { Arrivals } from './arrivals';
import { exprScope, LineIndex, type LineTarget } from './frames';
import { peekWord } from '../session/inspect';
import { orderStops, type Cause, type StopInfo } from './stops';
import { deadlockCause, hungCause } from './stuck';
import type { Anomaly } from '../session/oracle';
import { checkEvents, EVENT_NAMES, EXCEPTION_FILTERS, normEventName, type NamedBp } from './event-breakpoints';
import type { HitCount } from './hit-count';

export type { StopInfo } from './stops';
// The filter table and the function breakpoint names live with the event check (event-breakpoints.ts).
export { EVENT_NAMES, EXCEPTION_FILTERS } from './event-breakpoints';

interface LineBp {
  id: number;
  line: number;
  guard: Guard;
  logMessage?: string;
}

interface DataBp {
  id: number;
  mm: number;
  addr: number;
  label: string;
  guard: Guard;
  last: number | undefined;
}

/** What the check needs to know about the step just run. */
export interface StepFacts {
  /** Index of the first event, anomaly of this step. */
  eventsFrom: number;
  anomaliesFrom: number;
  /** 'live': print logpoints; 'scan': a replayed step of a reverse search (or of a goto, runner.ts). */
  mode: 'live' | 'scan';
  /** Logpoint output and condition problems, for the Debug Console. */
  log(text: string, tid: number): void;
}

export class Breakpoints {
  private nextId = 1;
  private readonly lineIndex: LineIndex;
  /** `unit:pc` -> breakpoints there. */
  private lines = new Map<string, LineBp[]>();
  private functions: NamedBp[] = [];
  private filters = new Map<string, Guard>();
  private data: DataBp[] = [];
  private readonly arrivals: Arrivals;
  /** Further stops of the step that made the last stop (other threads' line breakpoints). */
  private pending: StopInfo[] = [];
  /** The hit counts of every breakpoint with a hit condition (made again when they change). */
  private counts: HitCount[] | null = null;

  constructor(
    private readonly session: Session,
    private readonly file: string,
    private readonly regNames: string[][],
    /** The file's lines (the editor's: the one after a final newline counts); past them no line is verified. */
    private readonly lineCount = Infinity,
  ) {
    this.lineIndex = new LineIndex(session.program);
    this.arrivals = new Arrivals(session);
    this.arrivals.snapshot();
    for (const f of EXCEPTION_FILTERS) if (f.default) this.filters.set(f.filter, new Guard(undefined, undefined, regNames));
  }

  setLines(source: string | undefined, bps: DebugProtocol.SourceBreakpoint[]): DebugProtocol.Breakpoint[] {
    const same = !!source && normPath(source) === normPath(this.file);
    const before = new Map([...this.lines.values()].flat().map((bp) => [guardKey(`line ${bp.line}`, bp.guard), bp.guard]));
    if (same) this.lines = new Map();
    this.counts = null;
    this.arrivals.snapshot();
    return bps.map((b) => {
      const id = this.nextId++;
      if (!same) return { id, verified: false, line: b.line, message: 'not the scenario being debugged' };
      // A line the file does not have (a breakpoint kept from a longer version of the file) was
      // verified on the last statement, where it stopped before the thread's last line.
      if (b.line > this.lineCount) return { id, verified: false, line: b.line, message: `line ${b.line} is past the end of the file (${this.lineCount} lines)` };
      const at = this.lineIndex.resolve(b.line);
      if (!at) return { id, verified: false, line: b.line, message: 'no statement here' };
      let guard: Guard;
      try {
        guard = this.guard(before, `line ${at.line}`, b);
      } catch (e) {
        return { id, verified: false, line: b.line, message: (e as Error).message };
      }
      const bp: LineBp = { id, line: at.line, guard, logMessage: b.logMessage };
      for (const t of at.targets) this.addLine(t, bp);
      return { id, verified: true, line: at.line, source: { path: this.file } };
    });
  }

  private addLine(t: LineTarget, bp: LineBp): void {
    const key = `${t.unit}:${t.pc}`;
    const list = this.lines.get(key) ?? [];
    list.push(bp);
    this.lines.set(key, list);
  }

  setFunctions(bps: DebugProtocol.FunctionBreakpoint[]): DebugProtocol.Breakpoint[] {
    const before = new Map(this.functions.map((bp) => [guardKey(`function ${bp.name}`, bp.guard), bp.guard]));
    this.functions = [];
    this.counts = null;
    return bps.map((b) => {
      const id = this.nextId++;
      const name = normEventName(b.name);
      if (!(EVENT_NAMES as readonly string[]).includes(name)) {
        return { id, verified: false, message: `'${b.name}' is not a kernel event or system call (${EVENT_NAMES.slice(0, 12).join(', ')}, ...)` };
      }
      try {
        this.functions.push({ id, name, guard: this.guard(before, `function ${name}`, b) });
      } catch (e) {
        return { id, verified: false, message: (e as Error).message };
      }
      return { id, verified: true };
    });
  }

  setFilters(args: DebugProtocol.SetExceptionBreakpointsArguments): DebugProtocol.Breakpoint[] {
    // The answer lists them as the request does (DAP: `filters`, then `filterOptions`), and a filter
    // in both keeps the condition its filterOptions entry gives (set after the plain one).
    const wanted: DebugProtocol.ExceptionFilterOptions[] = [...(args.filters ?? []).map((filterId) => ({ filterId })), ...(args.filterOptions ?? [])];
    this.filters = new Map();
    return wanted.map((o) => {
      if (!EXCEPTION_FILTERS.some((f) => f.filter === o.filterId)) return { verified: false, message: `unknown filter '${o.filterId}'` };
      try {
        this.filters.set(o.filterId, new Guard(o.condition, undefined, this.regNames));
        return { verified: true };
      } catch (e) {
        return { verified: false, message: (e as Error).message };
      }
    });
  }

  /** Replace the data breakpoints. `resolve` turns a dataId into a word (or a reason it cannot). */
  setData(bps: DebugProtocol.DataBreakpoint[], resolve: (b: DebugProtocol.DataBreakpoint) => { mm: number; addr: number; label: string } | string): DebugProtocol.Breakpoint[] {
    const before = new Map(this.data.map((d) => [guardKey(`data ${d.mm} ${d.addr}`, d.guard), d.guard]));
    this.data = [];
    this.counts = null;
    return bps.map((b) => {
      const id = this.nextId++;
      const w = resolve(b);
      if (typeof w === 'string') return { id, verified: false, message: w };
      try {
        const guard = this.guard(before, `data ${w.mm} ${w.addr}`, b);
        this.data.push({ id, ...w, guard, last: peekWord(this.session, w.mm, w.addr) });
      } catch (e) {
        return { id, verified: false, message: (e as Error).message };
      }
      return { id, verified: true, description: w.label };
    });
  }

  /**
   * The guard of a breakpoint `what` (a line, an event name, a word): the one it had when it was
   * set before with the same condition and hit condition, so its hits stay counted; else a new
   * one, counting from the session's position (hit-count.ts [3]).
   */
  private guard(before: Map<string, Guard>, what: string, b: { condition?: string; hitCondition?: string }): Guard {
    const key = guardKey(what, b);
    const kept = before.get(key);
    if (kept) {
      before.delete(key); // two identical breakpoints get a guard each
      return kept;
    }
    return new Guard(b.condition, b.hitCondition, this.regNames, this.session.steps);
  }

  /** Every hit count (breakpoints with a hit condition), each once. */
  private hitCounts(): HitCount[] {
    if (!this.counts) {
      const guards = [...[...this.lines.values()].flat().map((bp) => bp.guard), ...this.functions.map((f) => f.guard), ...this.data.map((d) => d.guard)];
      this.counts = [...new Set(guards.map((g) => g.count).filter((c): c is HitCount => c !== undefined))];
    }
    return this.counts;
  }

  /** The history forgot the positions after pos (history.ts [4]): so do the hit counts. */
  truncate(pos: number): void {
    for (const c of this.hitCounts()) c.truncate(pos);
  }

  /**
   * The position up to which every hit count has counted (Infinity: none): a goto past it must
   * check the positions in between (runner.ts goto, hit-count.ts [3]).
   */
  countedTo(): number {
    return Math.min(Infinity, ...this.hitCounts().map((c) => c.countedTo));
  }

  /** No stops at all (a noDebug launch): every breakpoint and filter, the default ones too. */
  clearAll(): void {
    this.counts = null;
    this.lines = new Map();
    this.functions = [];
    this.filters = new Map();
    this.data = [];
    this.pending = [];
  }

  /** Read the watched words again (after the session jumped to another position). */
  resync(): void {
    this.pending = [];
    for (const c of this.hitCounts()) c.moved();
    this.arrivals.snapshot();
    for (const d of this.data) d.last = peekWord(this.session, d.mm, d.addr);
  }

  /** Line breakpoints where the threads stand at launch (position 0): arrivals by creation. */
  checkInitial(facts: StepFacts): StopInfo | null {
    this.pending = [];
    if (this.lines.size === 0) return null;
    const causes: Cause[] = [];
    for (const tid of this.session.runnable()) this.checkArrival(tid, facts, causes);
    return this.deliver(causes, null);
  }

  /**
   * Could anything fire at a position in (from, to]? Line, function and data breakpoints and the
   * event filters could; anomaly filters only where the oracle recorded such an anomaly (the
   * anomalies up to now carry their step).
   */
  mayFire(from: number, to: number): boolean {
    if (this.lines.size > 0 || this.functions.length > 0 || this.data.length > 0) return true;
    if (this.filters.has('wake') || this.filters.has('wake-nobody') || this.filters.has('block')) return true;
    return this.session.anomalies.some((a) => a.step > from && a.step <= to && this.filters.has(a.kind));
  }

  /**
   * The check after each step ([1]-[4]); `ran`: a step ran (not only the end of the run).
   * `extra`: causes the caller found (a replayed trace that fails here).
   */
  afterStep(facts: StepFacts, ran: boolean, extra: readonly Cause[] = []): StopInfo | null {
    const last = this.session.lastStep;
    const stepped = last.tid;
    this.pending = [];
    const causes: Cause[] = [...extra];
    if (this.lines.size > 0) {
      for (const tid of this.arrivals.since(ran ? stepped : -1)) this.checkArrival(tid, facts, causes);
    }
    checkEvents(this.session, this.functions, this.filters, facts, stepped, causes);
    this.checkAnomalies(facts, stepped, causes);
    this.checkData(facts, stepped, causes);
    for (const c of this.hitCounts()) c.passed(this.session.steps);
    return this.deliver(causes, ran && stepped >= 0 ? { tid: stepped, unit: last.unit, pc: last.pc } : null);
  }

  /** The first of the step's stops (stops.ts order); the others wait for the next continue. */
  private deliver(causes: Cause[], stepped: Parameters<typeof orderStops>[1]): StopInfo | null {
    const stops = orderStops(causes, stepped);
    this.pending = stops.slice(1);
    return stops[0] ?? null;
  }

  /**
   * Line breakpoints of the threads that arrived while no thread ran: the clock jumped to the
   * next timer (Session.idle) and a sleep or timed wait expired. The thread stops before the
   * statement it woke up at, before the next step is chosen.
   */
  afterIdle(facts: StepFacts): StopInfo | null {
    if (this.lines.size === 0) return null;
    this.pending = [];
    const causes: Cause[] = [];
    for (const tid of this.arrivals.since(-1)) this.checkArrival(tid, facts, causes);
    return this.deliver(causes, null);
  }

  /** The next stop left over from the step that made the last stop (for `continue`). */
  takePending(): StopInfo | null {
    return this.pending.shift() ?? null;
  }

  hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Any motion other than continue moves on: the leftover stops of the last step are dropped. */
  dropPending(): void {
    this.pending = [];
  }

  private checkArrival(tid: number, facts: StepFacts, causes: Cause[]): void {
    const th = this.session.threads[tid];
    const f = th?.frames[th.frames.length - 1];
    const bps = f && this.lines.get(`${f.unit}:${f.pc}`);
    if (!bps) return;
    const hit: number[] = [];
    for (const bp of bps) {
      if (!bp.guard.test(this.session, tid, (t) => facts.log(t, tid))) continue;
      if (bp.logMessage !== undefined) {
        if (facts.mode === 'live') facts.log(this.interpolate(bp.logMessage, tid), tid);
        continue;
      }
      hit.push(bp.id);
    }
    if (hit.length === 0) return;
    const name = threadName(this.session, tid);
    causes.push({ kind: 'line', reason: 'breakpoint', tid, description: `${name} reached line ${bps[0].line}`, hitBreakpointIds: hit });
  }

  /** `x is {x}`: a logpoint's message with each {EXPR} evaluated in the thread's top frame. */
  private interpolate(msg: string, tid: number): string {
    const th = this.session.threads[tid];
    const unit = th?.frames[th.frames.length - 1]?.unit ?? -1;
    return msg.replace(/\{([^}]*)\}/g, (_, text: string) => {
      try {
        return String(compileDebugExpr(text, this.regNames[unit] ?? [])(exprScope(this.session, tid)));
      } catch (e) {
        return `<${(e as Error).message}>`;
      }
    });
  }

  /** Anomalies of the step; the hung threads and a deadlock at the end of the run (stuck.ts). */
  private checkAnomalies(facts: StepFacts, stepped: number, causes: Cause[]): void {
    const s = this.session;
    const hung: Anomaly[] = [];
    for (let i = facts.anomaliesFrom; i < s.anomalies.length; i++) {
      const a = s.anomalies[i];
      const g = this.filters.get(a.kind);
      if (!g || !g.test(s, stepped, (t) => facts.log(t, stepped))) continue;
      if (a.kind === 'hung') {
        hung.push(a);
        continue;
      }
      const label = a.kind === 'assert' ? 'failed assert' : `anomaly ${a.kind}`;
      causes.push({ kind: 'anomaly', reason: 'exception', tid: stepped, description: `${label}: ${a.message}`, exception: { id: a.kind, message: a.message }, anomaly: i });
    }
    const h = hungCause(s, hung);
    if (h) causes.push(h);
    const dl = this.filters.get('deadlock');
    if (s.result === 'deadlock' && dl && dl.test(s, stepped, (t) => facts.log(t, stepped))) causes.push(deadlockCause(s, stepped));
  }

  /** Every watched word the step changed (each one's last value moves on, stop or not). */
  private checkData(facts: StepFacts, stepped: number, causes: Cause[]): void {
    for (const d of this.data) {
      const v = peekWord(this.session, d.mm, d.addr);
      if (v === d.last) continue;
      const was = d.last;
      d.last = v;
      if (v === undefined) continue;
      if (!d.guard.test(this.session, stepped, (t) => facts.log(t, stepped))) continue;
      causes.push({ kind: 'data', reason: 'data breakpoint', tid: stepped, description: `${d.label} changed: ${was ?? 'unmapped'} -> ${v}`, hitBreakpointIds: [d.id] });
    }
  }
}

/** What identifies a breakpoint's guard across two sets of the breakpoints. */
function guardKey(what: string, g: { condition?: string; hitCondition?: string }): string {
  return JSON.stringify([what, g.condition?.trim() ?? '', g.hitCondition?.trim() ?? '']);
}

/**
 * A path as compared with the scenario's: `/`-separated, `.` and `..` segments folded (the launch
 * resolves `program` so; a breakpoint's `/dir/./s.futex` was "not the scenario being debugged"),
 * the drive letter upper-case.
 */
export function normPath(p: string): string {
  return posix.normalize(p.replace(/\\/g, '/')).replace(/^([a-z]):/, (_, d: string) => d.toUpperCase() + ':');
}
