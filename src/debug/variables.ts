// Stack frames, scopes and variables of a stop.
//
// A thread's frames are its scenario call frames (innermost first), with a kernel frame on top
// while it is blocked (`futex_wait on key (mm#1, 0x10000000), bucket 17`). Each frame has four
// scopes: the frame's registers; the memory words of the thread's process, one node per mapping;
// the process (mm, VMAs with flags, page table entries, fds); the kernel (hash buckets with their
// waiters, page frames with their COW sharing, swap slots, tasks, stats). Large collections are
// indexed variables that the client pages through (start/count); nothing is ever dumped whole.
// Kernel state is read from the one projection the views also show (kernel/snapshot.ts, built
// once per stop); memory words are read as a load would see them, never faulted in
// (session/inspect.ts). Handles live until the next stop.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { Handles } from '@vscode/debugadapter';
import type { Session } from '../session/session';
import type { KernelView, PageView, ProcessView, VmaView, WaiterView } from '../kernel/snapshot';
import { mmOfThread, peekWord, stateView, taskView, threadState } from '../session/inspect';
import { plural } from '../lang/plural';
import { formatValue } from './expr';
import { frameInstr } from './frames';
import { StaleHandleError } from './errors';

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
/** `1 mapping`, `2 mappings`: the Variables pane said "1 mappings", "1 waiters", "1 frames". */

type Ref =
  | { kind: 'regs'; tid: number; depth: number }
  | { kind: 'memory'; tid: number }
  | { kind: 'words'; mm: number; start: number; end: number }
  | { kind: 'process'; pid: number }
  | { kind: 'vmas'; mm: number }
  | { kind: 'vma'; mm: number; start: number }
  | { kind: 'kernel' }
  | { kind: 'buckets' }
  | { kind: 'bucket'; index: number }
  | { kind: 'waiter'; q: number }
  | { kind: 'pages' }
  | { kind: 'page'; pfn: number }
  | { kind: 'tasks' }
  | { kind: 'swap' }
  | { kind: 'wait'; tid: number };

/** What a stack frame id stands for. */
export interface FrameRef {
  tid: number;
  /** Index into the thread's frames (0 = outermost); -1 for the kernel frame. */
  depth: number;
}

/** Children returned when a client asks for an indexed container without paging. */
const PAGE = 100;

/**
 * The containers whose children are all indexed (they say indexedVariables, and page by
 * start/count); every other one has only named children. A `filter` asks for one kind only.
 */
const INDEXED: ReadonlySet<Ref['kind']> = new Set(['words', 'vmas', 'buckets', 'bucket', 'pages', 'tasks', 'swap']);

type Var = DebugProtocol.Variable;

export class Inspector {
  private refs = new Handles<Ref>(1000);
  private frames = new Handles<FrameRef>(1);
  /** The projection of this stop's kernel state, built when first asked for. */
  private stateCache: KernelView | null = null;
  /** A stop made by a statement: that thread's top frame shows the statement (stops.ts). */
  private statement: { tid: number; unit: number; pc: number } | null = null;

  constructor(private readonly session: Session, private readonly file: string, private readonly regNames: string[][]) {}

  /** Forget the handles of the last stop. */
  reset(): void {
    this.refs.reset();
    this.frames.reset();
    this.refresh();
  }

  /**
   * The state changed without a stop (an environment command from the Debug Console): the
   * handles the client holds stay valid, as they name things (a frame by thread and depth, a
   * waiter by futex_q id) that are read from the live state when asked for; only what was
   * computed from the old state is dropped.
   */
  refresh(): void {
    this.stateCache = null;
  }

  private get state(): KernelView {
    if (!this.stateCache) this.stateCache = stateView(this.session);
    return this.stateCache;
  }

  private processOfMm(mm: number): ProcessView | undefined {
    return this.state.processes.find((p) => p.mm === mm && p.alive) ?? this.state.processes.find((p) => p.mm === mm);
  }

  private vmasOfMm(mm: number): VmaView[] {
    return this.processOfMm(mm)?.vmas ?? [];
  }

  /** The stop's thread shows the statement that made the stop, not the one it will run next. */
  showStatement(at: { tid: number; unit: number; pc: number } | null): void {
    this.statement = at;
  }

  frame(id: number): FrameRef | undefined {
    return this.frames.get(id);
  }

  /** The frames of thread tid, innermost first, paged by startFrame/levels. */
  stackTrace(tid: number, startFrame = 0, levels = 0): { stackFrames: DebugProtocol.StackFrame[]; totalFrames: number } {
    const s = this.session;
    const t = taskView(s, tid);
    const th = s.threads[tid];
    const all: DebugProtocol.StackFrame[] = [];
    if (!t || !th || t.state === 'ended' || t.state === 'killed' || th.frames.length === 0) {
      const why = t?.state === 'killed' ? `killed: ${t.killedBy}` : 'ended';
      // One frame in all: a page past it is empty (VS Code asks for the top frame, then from 1).
      if (startFrame > 0) return { stackFrames: [], totalFrames: 1 };
      all.push({ id: this.frames.create({ tid, depth: -1 }), name: `${t?.name ?? tid}: ${why}`, line: 0, column: 0, presentationHint: 'label' });
      return { stackFrames: all, totalFrames: 1 };
    }
    const top = th.frames.length - 1;
    const blocked = t.state === 'blocked' || t.state === 'sleeping';
    const end = levels > 0 ? startFrame + levels : Infinity;
    const total = th.frames.length + (blocked ? 1 : 0);
    for (let i = 0, depth = top; i < total && i < end; i++) {
      if (blocked && i === 0) {
        const ins = frameInstr(s, th, top);
        if (i >= startFrame) all.push({ ...this.location(ins?.range), id: this.frames.create({ tid, depth: -1 }), name: t.waitLabel || t.state, presentationHint: 'subtle' });
        continue;
      }
      if (i >= startFrame) {
        const f = th.frames[depth];
        const at = this.statement;
        const made = depth === top && !blocked && at !== null && at.tid === tid && at.unit === f.unit ? s.program.units[at.unit]?.code[at.pc] : undefined;
        const ins = made ?? frameInstr(s, th, depth);
        all.push({ ...this.location(ins?.range), id: this.frames.create({ tid, depth }), name: s.program.units[f.unit].name });
      }
      depth--;
    }
    return { stackFrames: all, totalFrames: total };
  }

  private location(r: { start: { line: number; col: number }; end: { line: number; col: number } } | undefined) {
    if (!r) return { line: 0, column: 0 };
    const source = { name: this.file.split(/[\\/]/).pop(), path: this.file };
    // A statement with a block (`fork C { ... }`, `if`, `while`): VS Code selected the whole block
    // at a stop; its first line is where the thread is (ISSUE #10 section 4).
    if (r.end.line !== r.start.line) return { source, line: r.start.line, column: r.start.col };
    return { source, line: r.start.line, column: r.start.col, endLine: r.end.line, endColumn: r.end.col };
  }

  scopes(frameId: number): DebugProtocol.Scope[] {
    const fr = this.frames.get(frameId);
    if (!fr) throw new StaleHandleError(`frame ${frameId} is not part of the current stop`);
    const s = this.session;
    const state = threadState(s, fr.tid);
    const th = s.threads[fr.tid];
    const out: DebugProtocol.Scope[] = [];
    const depth = fr.depth >= 0 ? fr.depth : (th?.frames.length ?? 0) - 1;
    if (fr.depth < 0 && (state === 'blocked' || state === 'sleeping')) out.push({ name: 'Wait', variablesReference: this.refs.create({ kind: 'wait', tid: fr.tid }), expensive: false });
    if (th && depth >= 0 && th.frames[depth]) {
      const n = th.frames[depth].regs.length;
      out.push({ name: 'Registers', presentationHint: 'registers', variablesReference: this.refs.create({ kind: 'regs', tid: fr.tid, depth }), namedVariables: n, expensive: false });
    }
    if (mmOfThread(s, fr.tid) !== undefined) out.push({ name: 'Memory', variablesReference: this.refs.create({ kind: 'memory', tid: fr.tid }), expensive: false });
    // One task's view, not the whole projection (3.8 ms at 10,000 waiters; issue 9): the scopes
    // are asked at every stop, their variables only when opened.
    const t = taskView(s, fr.tid)!;
    out.push({ name: `Process ${t.process}`, variablesReference: this.refs.create({ kind: 'process', pid: t.pid }), expensive: false });
    out.push({ name: 'Kernel', variablesReference: this.refs.create({ kind: 'kernel' }), expensive: false });
    return out;
  }

  /** The mm and address a memory-word variable names, for data breakpoints. */
  wordOf(variablesReference: number, name: string): { mm: number; addr: number } | undefined {
    const r = this.refs.get(variablesReference);
    if (!r || r.kind !== 'words') return undefined;
    const addr = Number(name);
    return Number.isInteger(addr) && addr >= r.start && addr < r.end ? { mm: r.mm, addr } : undefined;
  }

  variables(args: DebugProtocol.VariablesArguments): Var[] {
    const r = this.refs.get(args.variablesReference);
    if (!r) throw new StaleHandleError(`variables reference ${args.variablesReference} is not part of the current stop`);
    // DAP: 'named' lists the named children only, 'indexed' the indexed ones. A bucket's waiters,
    // the frames, tasks and mappings came back as named ones too, and a register as an indexed one.
    if (args.filter !== undefined && (args.filter === 'indexed') !== INDEXED.has(r.kind)) return [];
    const start = args.start ?? 0;
    const count = args.count ?? PAGE;
    const page = <T>(list: T[]): T[] => list.slice(start, start + count);
    const s = this.session;
    // The whole projection only for the kinds that list it (not for registers, memory words,
    // a process: asked at every stop, 3.8 ms at 10,000 waiters; issue 9).
    switch (r.kind) {
      case 'regs': {
        const f = s.threads[r.tid]?.frames[r.depth];
        const names = f ? this.regNames[f.unit] : [];
        return (f?.regs ?? []).map((v, i) => ({ name: names[i] ?? `r${i}`, value: formatValue(v, args.format?.hex), type: 'int', variablesReference: 0, evaluateName: names[i] }));
      }
      case 'memory': {
        const mm = mmOfThread(s, r.tid);
        return mm === undefined ? [] : this.vmasOfMm(mm).map((v) => this.vmaWordsVar(mm, v));
      }
      case 'words': {
        const n = Math.min(count, (r.end - r.start) / 4 - start);
        const out: Var[] = [];
        for (let i = 0; i < n; i++) {
          const addr = r.start + (start + i) * 4;
          const v = peekWord(s, r.mm, addr);
          out.push({ name: hex(addr), value: v === undefined ? '?' : formatValue(v, args.format?.hex), variablesReference: 0, evaluateName: `load(${hex(addr)})` });
        }
        return out;
      }
      case 'process':
        return this.processVars(r.pid);
      case 'vmas':
        return page(this.vmasOfMm(r.mm)).map((v) => ({
          name: v.name || v.start, value: `${v.start}-${v.end} ${v.flags.join(' ')}`,
          variablesReference: this.refs.create({ kind: 'vma', mm: r.mm, start: v.startAddr }),
        }));
      case 'vma':
        return this.vmaVars(r.mm, r.start);
      case 'kernel':
        return this.kernelVars();
      case 'buckets':
        return page(this.state.buckets).map((b) => {
          const n = b.waiters.length;
          return { name: `[${b.index}]`, value: plural(n, 'waiter'), variablesReference: this.refs.create({ kind: 'bucket', index: b.index }), indexedVariables: n };
        });
      case 'bucket':
        return page(this.state.buckets.find((b) => b.index === r.index)?.waiters ?? []).map((w) => this.waiterVar(w));
      case 'waiter':
        return this.waiterFields(this.waiter(r.q));
      case 'pages':
        return page(this.state.pages).map((p) => ({ name: `pfn ${p.pfn}`, value: `count ${p.count}, mapcount ${p.mapcount}, pins ${p.pins}`, variablesReference: this.refs.create({ kind: 'page', pfn: p.pfn }) }));
      case 'page':
        return this.pageVars(r.pfn);
      case 'tasks':
        return page(this.state.tasks).map((t) => ({
          name: t.name,
          value: t.state + (t.state === 'blocked' || t.state === 'sleeping' ? `: ${t.waitLabel}` : '') +
            (t.sigpending ? (t.waitKind === 'futex' ? `, signal pending, still queued (q${t.queued.join(', q')})` : ', signal pending') : ''),
          variablesReference: 0,
        }));
      case 'swap':
        return page(this.state.swap).map((w) => ({
          name: `slot ${w.slot}`, value: `count ${w.count}${w.cachedPfn >= 0 ? `, in the swap cache as pfn ${w.cachedPfn}` : ''}`,
          variablesReference: w.cachedPfn >= 0 ? this.refs.create({ kind: 'page', pfn: w.cachedPfn }) : 0,
        }));
      case 'wait':
        return this.waitVars(r.tid);
    }
  }

  private waiter(q: number): WaiterView | undefined {
    for (const b of this.state.buckets) for (const w of b.waiters) if (w.q === q) return w;
    return undefined;
  }

  private vmaWordsVar(mm: number, v: VmaView): Var {
    const words = (v.endAddr - v.startAddr) / 4;
    return {
      name: v.name || v.start, value: `${v.start}-${v.end} (${plural(words, 'word')})`,
      variablesReference: this.refs.create({ kind: 'words', mm, start: v.startAddr, end: v.endAddr }), indexedVariables: words,
    };
  }

  private processVars(pid: number): Var[] {
    const p = this.state.processes[pid];
    const hasMm = p.mmUsers > 0 || p.mmCount > 0;
    const leaf = (name: string, value: string): Var => ({ name, value, variablesReference: 0 });
    return [
      leaf('pid', String(p.vpid)),
      leaf('alive', String(p.alive)),
      leaf('mm', hasMm ? `mm#${p.mm} (users ${p.mmUsers}, count ${p.mmCount})` : 'none'),
      leaf('threads', p.threads.join(', ')),
      { name: 'vmas', value: plural(p.vmas.length, 'mapping'), variablesReference: hasMm ? this.refs.create({ kind: 'vmas', mm: p.mm }) : 0, indexedVariables: hasMm ? p.vmas.length : undefined },
      leaf('fds', p.fds.map((f) => `${f.fd}${f.readable ? ' (readable)' : ''}`).join(', ') || 'none'),
    ];
  }

  private vmaVars(mm: number, start: number): Var[] {
    const v = this.vmasOfMm(mm).find((x) => x.startAddr === start);
    if (!v) return [];
    const out: Var[] = [
      { name: 'range', value: `${v.start}-${v.end}`, variablesReference: 0 },
      { name: 'flags', value: v.flags.join(' ') || 'none', variablesReference: 0 },
      { name: 'backing', value: v.backing, variablesReference: 0 },
      { name: 'pgoff', value: String(v.pgoff), variablesReference: 0 },
    ];
    for (const pte of v.ptes) out.push({ name: `pte ${pte.addr}`, value: pte.entry, variablesReference: pte.pfn >= 0 ? this.refs.create({ kind: 'page', pfn: pte.pfn }) : 0 });
    return out;
  }

  private kernelVars(): Var[] {
    const s = this.session;
    const st = this.state;
    const nb = st.buckets.length;
    const leaf = (name: string, value: string): Var => ({ name, value, variablesReference: 0 });
    return [
      leaf('step', String(s.steps)),
      leaf('clock', String(st.clock)),
      leaf('strategy', s.strategyId),
      leaf('result', s.result ?? 'running'),
      { name: 'buckets', value: `${nb} of ${st.bucketCount} in use, ${plural(st.waiterCount, 'waiter')}`, variablesReference: this.refs.create({ kind: 'buckets' }), indexedVariables: nb },
      { name: 'pages', value: plural(st.pages.length, 'frame'), variablesReference: this.refs.create({ kind: 'pages' }), indexedVariables: st.pages.length },
      { name: 'tasks', value: `${plural(st.tasks.length, 'task')}, ${st.runnable} runnable`, variablesReference: this.refs.create({ kind: 'tasks' }), indexedVariables: st.tasks.length },
      { name: 'swap', value: plural(st.swap.length, 'slot'), variablesReference: st.swap.length > 0 ? this.refs.create({ kind: 'swap' }) : 0, indexedVariables: st.swap.length },
      leaf('pinned pages', String(st.pinnedPages)),
      leaf('stats', Object.entries(st.stats).map(([n, v]) => `${n} ${v}`).join(', ')),
    ];
  }

  private waiterVar(w: WaiterView): Var {
    return { name: `q${w.q} ${w.who}`, value: `${w.key} at ${w.uaddr}, since step ${w.since}`, variablesReference: this.refs.create({ kind: 'waiter', q: w.q }) };
  }

  private waiterFields(w: WaiterView | undefined): Var[] {
    if (!w) return [];
    const leaf = (name: string, value: string): Var => ({ name, value, variablesReference: 0 });
    return [
      leaf('who', w.who),
      leaf('key', w.key),
      leaf('rule', w.rule),
      leaf('bucket', String(w.bucket)),
      leaf('uaddr', `${w.uaddr} in mm#${w.mm}`),
      leaf('identity', w.identity ?? 'none'),
      leaf('pinned', w.pinned >= 0 ? `pfn ${w.pinned}` : 'no'),
      leaf('holds', w.ref || 'nothing'),
      leaf('since', `step ${w.since}`),
      // kernel/signal.ts: a signalled waiter is runnable but stays queued until it runs.
      leaf('signal', w.signalPending ? 'pending: -EINTR when it runs, unless a wake takes it off the queue first (0)' : 'none'),
    ];
  }

  private waitVars(tid: number): Var[] {
    const t = this.state.tasks[tid];
    const out: Var[] = [{ name: 'state', value: t.state, variablesReference: 0 }, { name: 'waiting in', value: t.waitLabel, variablesReference: 0 }];
    if (t.waitKind === 'futex') {
      const w = this.waiter(t.queued[0]!);
      if (w) out.push(this.waiterVar(w));
    }
    if (t.timerExpires >= 0) out.push({ name: 'timer', value: `expires at tick ${t.timerExpires} (now ${this.state.clock})`, variablesReference: 0 });
    return out;
  }

  private pageVars(pfn: number): Var[] {
    const p: PageView | undefined = this.state.pages.find((x) => x.pfn === pfn);
    if (!p) return [{ name: 'pfn', value: `${pfn} (free)`, variablesReference: 0 }];
    const leaf = (name: string, value: string): Var => ({ name, value, variablesReference: 0 });
    return [
      leaf('count', String(p.count)),
      leaf('mapcount', String(p.mapcount)),
      leaf('pins', String(p.pins)),
      leaf('flags', p.flags.join(' ') || 'none'),
      leaf('mapping', p.mapping || 'none'),
      leaf('index', String(p.index)),
      leaf('mapped by', p.mappers.map((r) => `mm#${r.mm} ${r.addr}`).join(', ') || 'nobody'),
      // The projection's COW state (kernel/snapshot.ts), as the Pages view shows it.
      leaf('cow shared', p.cowShared ? 'yes: a write by any mapper copies it' : 'no'),
      leaf('words', p.words.map((w) => `+${w.offset}=${w.value}`).join(' ') || 'all zero'),
    ];
  }
}
