// Stack frames, scopes and variables of a stop.
//
// A thread's frames are its scenario call frames (innermost first), with a kernel frame on top
// while it is blocked (`futex_wait on key (mm#1, 0x10000000), bucket 17`). Each frame has four
// scopes: the frame's registers; the memory words of the thread's process, one node per mapping;
// the process (mm, VMAs with flags, page table entries, fds); the kernel (hash buckets with their
// waiters, page frames, tasks, stats). Large collections are indexed variables that the client
// pages through (start/count); nothing is ever dumped whole. Values are read from the live state
// when asked for, never faulted in (memory.ts). Handles live until the next stop.

import { waiterName } from '../kernel/futex/core';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Handles } from '@vscode/debugadapter';
import type { Session } from '../session/session';
import type { FutexQ, Mm, Vma } from '../kernel/state';
import { PAGE_SIZE, hex } from '../kernel/types';
import { keyLabel } from '../kernel/futex/futex';
import { ptePfn, ptePresent, pteSwapSlot, pteWritable } from '../kernel/mm';
import { formatValue } from './expr';
import { frameInstr } from './frames';
import { peekWord, threadMm } from './memory';

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
  | { kind: 'wait'; tid: number };

/** What a stack frame id stands for. */
export interface FrameRef {
  tid: number;
  /** Index into the thread's frames (0 = outermost); -1 for the kernel frame. */
  depth: number;
}

/** Children returned when a client asks for an indexed container without paging. */
const PAGE = 100;

type Var = DebugProtocol.Variable;

export class Inspector {
  private refs = new Handles<Ref>(1000);
  private frames = new Handles<FrameRef>(1);
  private nonEmptyBuckets: number[] | null = null;
  private livePages: number[] | null = null;

  constructor(private readonly session: Session, private readonly file: string, private readonly regNames: string[][]) {}

  /** Forget the handles of the last stop. */
  reset(): void {
    this.refs.reset();
    this.frames.reset();
    this.nonEmptyBuckets = null;
    this.livePages = null;
  }

  frame(id: number): FrameRef | undefined {
    return this.frames.get(id);
  }

  /** The frames of thread tid, innermost first, paged by startFrame/levels. */
  stackTrace(tid: number, startFrame = 0, levels = 0, raisedAt?: { unit: number; pc: number }): { stackFrames: DebugProtocol.StackFrame[]; totalFrames: number } {
    const s = this.session;
    const t = s.k.s.tasks[tid];
    const th = s.threads[tid];
    const all: DebugProtocol.StackFrame[] = [];
    if (!t || !th || t.state === 'ended' || t.state === 'killed' || th.frames.length === 0) {
      const why = t?.state === 'killed' ? `killed: ${t.killedBy}` : 'ended';
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
        if (i >= startFrame) all.push({ ...this.location(ins?.range), id: this.frames.create({ tid, depth: -1 }), name: s.waitDescription(t) || t.state, presentationHint: 'subtle' });
        continue;
      }
      if (i >= startFrame) {
        const f = th.frames[depth];
        // A stop for an event of the last step (an exception filter, a function breakpoint) shows
        // the statement that raised it, not the next one the thread would run.
        const raised = depth === top && raisedAt && raisedAt.unit === f.unit ? s.program.units[f.unit].code[raisedAt.pc] : undefined;
        const ins = raised ?? frameInstr(s, th, depth);
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
    if (!fr) throw new Error(`frame ${frameId} is not part of the current stop`);
    const s = this.session;
    const t = s.k.s.tasks[fr.tid];
    const th = s.threads[fr.tid];
    const out: DebugProtocol.Scope[] = [];
    const depth = fr.depth >= 0 ? fr.depth : (th?.frames.length ?? 0) - 1;
    if (fr.depth < 0 && (t.state === 'blocked' || t.state === 'sleeping')) out.push({ name: 'Wait', variablesReference: this.refs.create({ kind: 'wait', tid: fr.tid }), expensive: false });
    if (th && depth >= 0 && th.frames[depth]) {
      const n = th.frames[depth].regs.length;
      out.push({ name: 'Registers', presentationHint: 'registers', variablesReference: this.refs.create({ kind: 'regs', tid: fr.tid, depth }), namedVariables: n, expensive: false });
    }
    if (threadMm(s.k, fr.tid)) out.push({ name: 'Memory', variablesReference: this.refs.create({ kind: 'memory', tid: fr.tid }), expensive: false });
    out.push({ name: `Process ${s.k.s.procs[t.pid].name}`, variablesReference: this.refs.create({ kind: 'process', pid: t.pid }), expensive: false });
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
    if (!r) throw new Error(`variables reference ${args.variablesReference} is not part of the current stop`);
    const start = args.start ?? 0;
    const count = args.count ?? PAGE;
    const page = <T>(list: T[]): T[] => list.slice(start, start + count);
    const s = this.session;
    const k = s.k;
    switch (r.kind) {
      case 'regs': {
        const f = s.threads[r.tid]?.frames[r.depth];
        const names = f ? this.regNames[f.unit] : [];
        return (f?.regs ?? []).map((v, i) => ({ name: names[i] ?? `r${i}`, value: formatValue(v, args.format?.hex), type: 'int', variablesReference: 0, evaluateName: names[i] }));
      }
      case 'memory': {
        const m = threadMm(k, r.tid);
        return m ? m.vmas.map((v) => this.vmaWordsVar(m, v)) : [];
      }
      case 'words': {
        const m = k.s.mms[r.mm];
        const n = Math.min(count, (r.end - r.start) / 4 - start);
        const out: Var[] = [];
        for (let i = 0; i < n && m; i++) {
          const addr = r.start + (start + i) * 4;
          const v = peekWord(k, m, addr);
          out.push({ name: hex(addr), value: v === undefined ? '?' : formatValue(v, args.format?.hex), variablesReference: 0, evaluateName: `load(${hex(addr)})` });
        }
        return out;
      }
      case 'process':
        return this.processVars(r.pid);
      case 'vmas': {
        const m = k.s.mms[r.mm];
        return page(m?.vmas ?? []).map((v) => ({
          name: v.name || hex(v.start), value: `${hex(v.start)}-${hex(v.end)} ${vmaFlags(v).join(' ')}`,
          variablesReference: this.refs.create({ kind: 'vma', mm: r.mm, start: v.start }),
        }));
      }
      case 'vma':
        return this.vmaVars(r.mm, r.start);
      case 'kernel':
        return this.kernelVars();
      case 'buckets':
        return page(this.buckets()).map((b) => {
          const n = k.s.futex.buckets[b].length;
          return { name: `[${b}]`, value: `${n} waiter${n === 1 ? '' : 's'}`, variablesReference: this.refs.create({ kind: 'bucket', index: b }), indexedVariables: n };
        });
      case 'bucket':
        return page(k.s.futex.buckets[r.index] ?? []).map((q) => this.waiterVar(k.s.futex.queues.get(q)!));
      case 'waiter':
        return this.waiterFields(k.s.futex.queues.get(r.q));
      case 'pages':
        return page(this.pages()).map((pfn) => {
          const p = k.s.pages[pfn]!;
          return { name: `pfn ${pfn}`, value: `count ${p.count}, mapcount ${p.mapcount}, pins ${p.pins}`, variablesReference: this.refs.create({ kind: 'page', pfn }) };
        });
      case 'page':
        return this.pageVars(r.pfn);
      case 'tasks':
        return page(k.s.tasks).map((t) => ({ name: t.name, value: t.state + (t.state === 'blocked' || t.state === 'sleeping' ? `: ${s.waitDescription(t)}` : ''), variablesReference: 0 }));
      case 'wait':
        return this.waitVars(r.tid);
    }
  }

  private vmaWordsVar(m: Mm, v: Vma): Var {
    const words = (v.end - v.start) / 4;
    return {
      name: v.name || hex(v.start), value: `${hex(v.start)}-${hex(v.end)} (${words} words)`,
      variablesReference: this.refs.create({ kind: 'words', mm: m.id, start: v.start, end: v.end }), indexedVariables: words,
    };
  }

  private processVars(pid: number): Var[] {
    const k = this.session.k;
    const p = k.s.procs[pid];
    const m = k.s.mms[p.mm];
    const leaf = (name: string, value: string): Var => ({ name, value, variablesReference: 0 });
    return [
      leaf('pid', String(p.pid)),
      leaf('alive', String(p.alive)),
      leaf('mm', m ? `mm#${m.id} (users ${m.users}, count ${m.count})` : 'none'),
      leaf('threads', p.tids.map((t) => k.s.tasks[t].name).join(', ')),
      { name: 'vmas', value: `${m?.vmas.length ?? 0} mappings`, variablesReference: m ? this.refs.create({ kind: 'vmas', mm: m.id }) : 0, indexedVariables: m?.vmas.length },
      leaf('fds', [...p.fds].map(([fd, f]) => `${fd}${k.s.files[f]?.readable ? ' (readable)' : ''}`).join(', ') || 'none'),
    ];
  }

  private vmaVars(mmId: number, start: number): Var[] {
    const k = this.session.k;
    const m = k.s.mms[mmId];
    const v = m?.vmas.find((x) => x.start === start);
    if (!m || !v) return [];
    const file = v.ino >= 0 ? k.s.inodes[v.ino] : null;
    const out: Var[] = [
      { name: 'range', value: `${hex(v.start)}-${hex(v.end)}`, variablesReference: 0 },
      { name: 'flags', value: vmaFlags(v).join(' ') || 'none', variablesReference: 0 },
      { name: 'backing', value: file ? `inode#${file.ino} ${file.name}` : 'anon', variablesReference: 0 },
      { name: 'pgoff', value: String(v.pgoff), variablesReference: 0 },
    ];
    for (let a = v.start; a < v.end; a += PAGE_SIZE) {
      const pte = m.pt.get(a / PAGE_SIZE);
      if (pte === undefined) continue;
      const entry = ptePresent(pte) ? `pfn ${ptePfn(pte)} ${pteWritable(pte) ? 'rw' : 'ro'}` : `swap ${pteSwapSlot(pte)}`;
      out.push({ name: `pte ${hex(a)}`, value: entry, variablesReference: ptePresent(pte) ? this.refs.create({ kind: 'page', pfn: ptePfn(pte) }) : 0 });
    }
    return out;
  }

  private buckets(): number[] {
    if (!this.nonEmptyBuckets) {
      this.nonEmptyBuckets = [];
      this.session.k.s.futex.buckets.forEach((b, i) => b.length > 0 && this.nonEmptyBuckets!.push(i));
    }
    return this.nonEmptyBuckets;
  }

  private pages(): number[] {
    if (!this.livePages) this.livePages = this.session.k.s.pages.flatMap((p) => (p && (!p.reserved || p.rmap.length > 0) ? [p.pfn] : []));
    return this.livePages;
  }

  private kernelVars(): Var[] {
    const s = this.session;
    const k = s.k;
    const nb = this.buckets().length;
    const leaf = (name: string, value: string): Var => ({ name, value, variablesReference: 0 });
    return [
      leaf('step', String(s.steps)),
      leaf('clock', String(k.s.clock)),
      leaf('strategy', s.strategyId),
      leaf('result', s.result ?? 'running'),
      { name: 'buckets', value: `${nb} of ${k.s.futex.buckets.length} in use, ${k.s.futex.queues.size} waiters`, variablesReference: this.refs.create({ kind: 'buckets' }), indexedVariables: nb },
      { name: 'pages', value: `${this.pages().length} frames`, variablesReference: this.refs.create({ kind: 'pages' }), indexedVariables: this.pages().length },
      { name: 'tasks', value: `${k.s.tasks.length} tasks, ${k.s.runq.length} runnable`, variablesReference: this.refs.create({ kind: 'tasks' }), indexedVariables: k.s.tasks.length },
      leaf('pinned pages', String(k.s.pinned)),
      leaf('stats', Object.entries(k.s.stats).map(([n, v]) => `${n} ${v}`).join(', ')),
    ];
  }

  private waiterVar(q: FutexQ): Var {
    return { name: `q${q.id} ${waiterName(this.session.k, q)}`, value: `${keyLabel(q.key)} at ${hex(q.uaddr)}, since step ${q.since}`, variablesReference: this.refs.create({ kind: 'waiter', q: q.id }) };
  }

  private waiterFields(q: FutexQ | undefined): Var[] {
    if (!q) return [];
    const leaf = (name: string, value: string): Var => ({ name, value, variablesReference: 0 });
    return [
      leaf('who', waiterName(this.session.k, q)),
      leaf('key', keyLabel(q.key)),
      leaf('bucket', String(q.bucket)),
      leaf('uaddr', `${hex(q.uaddr)} in mm#${q.mm}`),
      leaf('identity', q.ref_identity?.label ?? 'none'),
      leaf('pinned', q.pinned >= 0 ? `pfn ${q.pinned}` : 'no'),
      leaf('holds', q.ref ? `${q.ref.kind}#${q.ref.id}` : 'nothing'),
      leaf('since', `step ${q.since}`),
    ];
  }

  private waitVars(tid: number): Var[] {
    const s = this.session;
    const t = s.k.s.tasks[tid];
    const out: Var[] = [{ name: 'state', value: t.state, variablesReference: 0 }, { name: 'waiting in', value: s.waitDescription(t), variablesReference: 0 }];
    if (t.wait.kind === 'futex') {
      const q = s.k.s.futex.queues.get(t.wait.q);
      if (q) out.push(this.waiterVar(q));
    }
    if (t.timer >= 0) out.push({ name: 'timer', value: `expires at tick ${s.k.s.timers.find((x) => x.id === t.timer)?.expires ?? '?'} (now ${s.k.s.clock})`, variablesReference: 0 });
    return out;
  }

  private pageVars(pfn: number): Var[] {
    const k = this.session.k;
    const p = k.s.pages[pfn];
    if (!p) return [{ name: 'pfn', value: `${pfn} (free)`, variablesReference: 0 }];
    const leaf = (name: string, value: string): Var => ({ name, value, variablesReference: 0 });
    const mapping = !p.mapping ? 'none' : p.mapping.kind === 'swap' ? 'swapper_space' : `inode#${p.mapping.ino} ${k.s.inodes[p.mapping.ino]?.name ?? ''}`;
    const words: string[] = [];
    for (let i = 0; i < p.data.length && words.length < 8; i++) if (p.data[i] !== 0) words.push(`+${hex(i * 4)}=${p.data[i]}`);
    const flags = [p.reserved && 'PG_reserved', p.anon && 'anon', p.locked && 'PG_locked', p.swapCache && 'PG_swapcache', p.pins > 0 && 'pinned'].filter(Boolean);
    return [
      leaf('count', String(p.count)),
      leaf('mapcount', String(p.mapcount)),
      leaf('pins', String(p.pins)),
      leaf('flags', flags.join(' ') || 'none'),
      leaf('mapping', mapping),
      leaf('index', String(p.index)),
      leaf('mapped by', p.rmap.map((r) => `mm#${r.mm} ${hex(r.addr)}`).join(', ') || 'nobody'),
      leaf('words', words.join(' ') || 'all zero'),
    ];
  }
}

export function vmaFlags(v: Vma): string[] {
  const f = [v.read && 'VM_READ', v.write && 'VM_WRITE', v.shared && 'VM_SHARED', v.mayshare && 'VM_MAYSHARE', v.nonlinear && 'VM_NONLINEAR'];
  return f.filter((x): x is string => !!x);
}
