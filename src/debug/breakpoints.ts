// Every kind of breakpoint, and the one check that runs after each step to decide whether to stop.
//
// A stop is decided after a step has committed (STYLE.md habit 7), from what the step did:
// [1] line breakpoints: a thread *arrives* at a breakpoint's statement (arrivals.ts: one rule over
//     thread positions, whatever moved them). A thread stops before it executes the statement;
//     the statement it sleeps in is not an arrival. Every arrival of a step is checked (hit
//     counts and logpoints see all of them); when several threads hit breakpoints in one step,
//     the first is the stop and the others wait in `pending` for the next continue.
// [2] function breakpoints name kernel events and system calls (`futex_wake`, `cow`, `fork`, ...):
//     the step emitted one.
// [3] exception filters: a wake, a wake that woke nobody, a thread blocking (events); an anomaly
//     of a kind (the oracle's list grew); deadlock and a failed assert (the run's result).
// [4] data breakpoints: a watched memory word has a different value than before the step.
// Conditions are debugger expressions (expr.ts) in the stopping thread's top frame. Hit counts
// count the times the condition held. Logpoints print and never stop. Running backwards the same
// check runs over replayed steps ("scan" mode): no logpoint output, hit counts are not counted.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { KernelEvent } from '../kernel/events';
import type { Session } from '../session/session';
import { compileDebugExpr } from './expr';
import { Guard } from './guard';
import { Arrivals } from './arrivals';
import { exprScope, LineIndex, type LineTarget } from './frames';
import { describePiEvent, PI_FILTERS, piEventFilter } from './pi-events';
import { peekWord } from './memory';

export interface StopInfo {
  reason: string;
  tid: number;
  description: string;
  hitBreakpointIds?: number[];
  /** For exception stops: the filter id and the full message (exceptionInfo). */
  exception?: { id: string; message: string };
}

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'wake', label: 'Any wake', description: 'Stop after every futex wake', default: false, supportsCondition: true },
  { filter: 'wake-nobody', label: 'Wake that woke nobody', description: 'Stop when a wake finds no waiter', default: false, supportsCondition: true },
  { filter: 'block', label: 'Thread blocks', description: 'Stop when a thread blocks (futex_wait, poll, page lock)', default: false, supportsCondition: true },
  { filter: 'wrong-wakeup', label: 'Anomaly: wrong wake-up', default: true, supportsCondition: true },
  { filter: 'missed-wakeup', label: 'Anomaly: missed wake-up', default: true, supportsCondition: true },
  { filter: 'stale-match', label: 'Anomaly: stale match', default: true, supportsCondition: true },
  { filter: 'pin-limit', label: 'Anomaly: pin limit', default: true, supportsCondition: true },
  { filter: 'hung', label: 'Anomaly: hung thread', default: true, supportsCondition: true },
  { filter: 'deadlock', label: 'Deadlock', default: true, supportsCondition: true },
  { filter: 'assert', label: 'Failed assert', default: true, supportsCondition: true },
  ...PI_FILTERS,
];

/** Names a function breakpoint may use: event types (`swap-out` as `swap_out`) and system calls. */
export const EVENT_NAMES = [
  'futex_wait', 'futex_wake', 'futex_requeue', 'futex_cmp_requeue', 'futex_wake_op', 'futex_fd', 'poll', 'close',
  'wake', 'wakeup', 'block', 'queue', 'unqueue', 'requeue', 'rehash', 'key', 'pin', 'unpin', 'ref',
  'fault', 'cow', 'sigbus', 'swap_out', 'swap_in', 'swap_cache', 'writeback', 'truncate', 'page_lock',
  'fork', 'spawn', 'exec', 'exit', 'process_exit', 'signal', 'timer', 'fd', 'pin_limit',
  'mmap', 'munmap', 'mremap', 'mprotect', 'remap', 'madvise', 'mm_new', 'mm_free', 'inode_new', 'inode_evict',
  'futex_lock_pi', 'futex_lock_pi2', 'futex_trylock_pi', 'futex_unlock_pi', 'futex_wait_requeue_pi', 'futex_cmp_requeue_pi',
  'pi_lock', 'pi_boost',
] as const;

const norm = (s: string): string => s.trim().toLowerCase().replace(/-/g, '_');

/** Does event e answer to the function breakpoint name n? */
function eventMatches(e: KernelEvent, n: string): boolean {
  if (norm(e.type) === n) return true;
  if (e.type === 'key') return e.op === n;
  if (e.type === 'syscall') return norm(e.name) === n;
  return false;
}

const eventTid = (e: KernelEvent, fallback: number): number => ('tid' in e && e.tid >= 0 ? e.tid : fallback);

interface LineBp {
  id: number;
  line: number;
  guard: Guard;
  logMessage?: string;
}

interface NamedBp {
  id: number;
  name: string;
  guard: Guard;
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
  /** 'live': count hits, print logpoints; 'scan': a replayed step of a reverse search. */
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

  constructor(private readonly session: Session, private readonly file: string, private readonly regNames: string[][]) {
    this.lineIndex = new LineIndex(session.program);
    this.arrivals = new Arrivals(session);
    this.arrivals.snapshot();
    for (const f of EXCEPTION_FILTERS) if (f.default) this.filters.set(f.filter, new Guard(undefined, undefined, regNames));
  }

  setLines(source: string | undefined, bps: DebugProtocol.SourceBreakpoint[]): DebugProtocol.Breakpoint[] {
    const same = !!source && normPath(source) === normPath(this.file);
    if (same) this.lines = new Map();
    this.arrivals.snapshot();
    return bps.map((b) => {
      const id = this.nextId++;
      if (!same) return { id, verified: false, line: b.line, message: 'not the scenario being debugged' };
      const at = this.lineIndex.resolve(b.line);
      if (!at) return { id, verified: false, line: b.line, message: 'no statement here' };
      let guard: Guard;
      try {
        guard = new Guard(b.condition, b.hitCondition, this.regNames);
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
    this.functions = [];
    return bps.map((b) => {
      const id = this.nextId++;
      const name = norm(b.name);
      if (!(EVENT_NAMES as readonly string[]).includes(name)) {
        return { id, verified: false, message: `'${b.name}' is not a kernel event or system call (${EVENT_NAMES.slice(0, 12).join(', ')}, ...)` };
      }
      try {
        this.functions.push({ id, name, guard: new Guard(b.condition, b.hitCondition, this.regNames) });
      } catch (e) {
        return { id, verified: false, message: (e as Error).message };
      }
      return { id, verified: true };
    });
  }

  setFilters(args: DebugProtocol.SetExceptionBreakpointsArguments): DebugProtocol.Breakpoint[] {
    const wanted: DebugProtocol.ExceptionFilterOptions[] = [...(args.filterOptions ?? []), ...(args.filters ?? []).map((filterId) => ({ filterId }))];
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
  setData(bps: DebugProtocol.DataBreakpoint[], resolve: (dataId: string) => { mm: number; addr: number; label: string } | string): DebugProtocol.Breakpoint[] {
    this.data = [];
    return bps.map((b) => {
      const id = this.nextId++;
      const w = resolve(b.dataId);
      if (typeof w === 'string') return { id, verified: false, message: w };
      try {
        const guard = new Guard(b.condition, b.hitCondition, this.regNames);
        const m = this.session.k.s.mms[w.mm];
        this.data.push({ id, ...w, guard, last: m ? peekWord(this.session.k, m, w.addr) : undefined });
      } catch (e) {
        return { id, verified: false, message: (e as Error).message };
      }
      return { id, verified: true, description: w.label };
    });
  }

  /** Read the watched words again (after the session jumped to another position). */
  resync(): void {
    const k = this.session.k;
    this.pending = [];
    this.arrivals.snapshot();
    for (const d of this.data) {
      const m = k.s.mms[d.mm];
      d.last = m ? peekWord(k, m, d.addr) : undefined;
    }
  }

  /** Line breakpoints where the threads stand at launch (position 0): arrivals by creation. */
  checkInitial(facts: StepFacts): StopInfo | null {
    this.pending = [];
    if (this.lines.size === 0) return null;
    const stops: StopInfo[] = [];
    for (const tid of this.session.runnable()) {
      const s = this.checkArrival(tid, facts);
      if (s) stops.push(s);
    }
    this.pending = stops.slice(1);
    return stops[0] ?? null;
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

  /** The check after each step ([1]-[4]); `ran`: a step ran (not only the end of the run). */
  afterStep(facts: StepFacts, ran: boolean): StopInfo | null {
    const stepped = this.session.lastStep.tid;
    this.pending = [];
    const stops: StopInfo[] = [];
    if (this.lines.size > 0) {
      for (const tid of this.arrivals.since(ran ? stepped : -1)) {
        const stop = this.checkArrival(tid, facts);
        if (stop) stops.push(stop);
      }
    }
    const other = this.checkEvents(facts, stepped) ?? this.checkAnomalies(facts, stepped) ?? this.checkData(facts, stepped);
    if (other) stops.push(other);
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
    const stops: StopInfo[] = [];
    for (const tid of this.arrivals.since(-1)) {
      const stop = this.checkArrival(tid, facts);
      if (stop) stops.push(stop);
    }
    this.pending = stops.slice(1);
    return stops[0] ?? null;
  }

  /** The next stop left over from the step that made the last stop (for `continue`). */
  takePending(): StopInfo | null {
    return this.pending.shift() ?? null;
  }

  /** Any motion other than continue moves on: the leftover stops of the last step are dropped. */
  dropPending(): void {
    this.pending = [];
  }

  private checkArrival(tid: number, facts: StepFacts): StopInfo | null {
    const th = this.session.threads[tid];
    const f = th?.frames[th.frames.length - 1];
    const bps = f && this.lines.get(`${f.unit}:${f.pc}`);
    if (!bps) return null;
    const hit: number[] = [];
    for (const bp of bps) {
      if (!bp.guard.test(this.session, tid, facts.mode === 'live', (t) => facts.log(t, tid))) continue;
      if (bp.logMessage !== undefined) {
        if (facts.mode === 'live') facts.log(this.interpolate(bp.logMessage, tid), tid);
        continue;
      }
      hit.push(bp.id);
    }
    if (hit.length === 0) return null;
    const name = this.session.k.s.tasks[tid].name;
    return { reason: 'breakpoint', tid, description: `${name} reached line ${bps[0].line}`, hitBreakpointIds: hit };
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

  private checkEvents(facts: StepFacts, stepped: number): StopInfo | null {
    const fw = this.filters.get('wake');
    const fn = this.filters.get('wake-nobody');
    const fb = this.filters.get('block');
    const fpi = this.filters.has('pi-handoff') || this.filters.has('pi-boost');
    if (this.functions.length === 0 && !fw && !fn && !fb && !fpi) return null;
    const events = this.session.events;
    const live = facts.mode === 'live';
    const tested = new Set<NamedBp>();
    for (let i = facts.eventsFrom; i < events.length; i++) {
      const e = events[i];
      const tid = eventTid(e, stepped);
      const log = (t: string) => facts.log(t, tid);
      for (const bp of this.functions) {
        // One hit per step: a futex call is both its `key` event and its `syscall` event.
        if (tested.has(bp) || !eventMatches(e, bp.name)) continue;
        tested.add(bp);
        if (bp.guard.test(this.session, tid, live, log)) {
          return { reason: 'function breakpoint', tid, description: `${bp.name}: ${describeEvent(this.session, e)}`, hitBreakpointIds: [bp.id] };
        }
      }
      if (e.type === 'wake') {
        const nobody = e.woken.length === 0;
        const g = nobody && fn ? fn : fw;
        if (g && g.test(this.session, tid, live, log)) {
          const id = g === fn ? 'wake-nobody' : 'wake';
          const message = describeEvent(this.session, e);
          return { reason: 'exception', tid, description: message, exception: { id, message } };
        }
      }
      const pf = fpi ? piEventFilter(e) : undefined;
      const gp = pf && this.filters.get(pf);
      if (gp && gp.test(this.session, tid, live, log)) {
        const message = describeEvent(this.session, e);
        return { reason: 'exception', tid, description: message, exception: { id: pf, message } };
      }
      if (e.type === 'block' && fb && fb.test(this.session, tid, live, log)) {
        const message = `${this.session.k.s.tasks[e.tid].name} blocks: ${e.why}`;
        return { reason: 'exception', tid, description: message, exception: { id: 'block', message } };
      }
    }
    return null;
  }

  private checkAnomalies(facts: StepFacts, stepped: number): StopInfo | null {
    const s = this.session;
    const live = facts.mode === 'live';
    for (let i = facts.anomaliesFrom; i < s.anomalies.length; i++) {
      const a = s.anomalies[i];
      const g = this.filters.get(a.kind);
      if (g && g.test(s, stepped, live, (t) => facts.log(t, stepped))) {
        const label = a.kind === 'assert' ? 'failed assert' : `anomaly ${a.kind}`;
        return { reason: 'exception', tid: stepped, description: `${label}: ${a.message}`, exception: { id: a.kind, message: a.message } };
      }
    }
    const dl = this.filters.get('deadlock');
    if (s.result === 'deadlock' && dl && dl.test(s, stepped, live, (t) => facts.log(t, stepped))) {
      return { reason: 'exception', tid: stepped, description: `deadlock: ${s.endMessage}`, exception: { id: 'deadlock', message: s.endMessage } };
    }
    return null;
  }

  private checkData(facts: StepFacts, stepped: number): StopInfo | null {
    const k = this.session.k;
    for (const d of this.data) {
      const m = k.s.mms[d.mm];
      const v = m ? peekWord(k, m, d.addr) : undefined;
      if (v === d.last) continue;
      const was = d.last;
      d.last = v;
      if (v === undefined) continue;
      if (!d.guard.test(this.session, stepped, facts.mode === 'live', (t) => facts.log(t, stepped))) continue;
      return { reason: 'data breakpoint', tid: stepped, description: `${d.label} changed: ${was ?? 'unmapped'} -> ${v}`, hitBreakpointIds: [d.id] };
    }
    return null;
  }
}

function normPath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^([a-z]):/, (_, d: string) => d.toUpperCase() + ':');
}

/** One line for a stop's description. */
export function describeEvent(s: Session, e: KernelEvent): string {
  const name = (tid: number) => (tid >= 0 ? s.k.s.tasks[tid]?.name ?? `tid ${tid}` : 'kernel');
  switch (e.type) {
    case 'wake':
      return `${name(e.tid)} ${e.op} on ${e.key} woke ${e.woken.length === 0 ? 'nobody' : e.woken.map((w) => w.who).join(', ')} (returns ${e.ret})`;
    case 'key':
      return `${name(e.tid)} ${e.op}(0x${e.uaddr.toString(16)}): key ${e.key}, bucket ${e.bucket}`;
    case 'cow':
      return `COW ${e.reused ? 'reuse' : 'copy'} at 0x${e.addr.toString(16)} in mm#${e.mm}: pfn ${e.oldPfn} -> ${e.newPfn}`;
    case 'fork':
      return `${name(e.tid)} forks ${name(e.childTid)}`;
    case 'exit':
      return `${name(e.tid)} exits (${e.how})`;
    case 'requeue':
      return `${name(e.tid)} requeues ${e.who} from ${e.from} to ${e.to}`;
    case 'swap-out':
      return `pfn ${e.pfn} swapped out to slot ${e.slot}${e.freed ? ', freed' : ''}`;
    case 'pi-lock': case 'pi-boost':
      return describePiEvent(s, e)!;
    default: {
      const { type, step: _step, ...rest } = e as KernelEvent & Record<string, unknown>;
      return `${type} ${JSON.stringify(rest)}`;
    }
  }
}
