// The resolved syntax tree compiled into flat code: one unit per thread block, function body,
// fork body and spawn body; one instruction per statement (each is one step, LANGUAGE.md
// "Execution"), plus structural jumps that are not steps. A thread's position is then plain
// data (unit, pc), which is what snapshots, reverse execution and the explorer need.

import type { Block, Expr, MapDecl, PiLockKind, Range, Rhs, SchedDecl, Scenario, Stmt } from '../lang/ast';
import type { SchedAttr } from '../kernel/state';
import { compileExpr, type CompiledExpr } from './expr';
import { stmtExprs } from '../lang/walk';
import { compileV2, type CRhsV2 } from './v2';
import { compileTimeout, type CTimeout } from './timeout';

/** The register slots an expression reads. */
function exprRegs(e: Expr, out: Set<number>): void {
  switch (e.kind) {
    case 'name':
      if (e.ref.kind === 'reg') out.add(e.ref.slot);
      return;
    case 'unary':
      exprRegs(e.operand, out);
      return;
    case 'binary':
      exprRegs(e.left, out);
      exprRegs(e.right, out);
      return;
  }
}

export type CRhs =
  | { kind: 'expr'; f: CompiledExpr }
  | { kind: 'load'; addr: CompiledExpr }
  | { kind: 'cas'; addr: CompiledExpr; old: CompiledExpr; new: CompiledExpr }
  | { kind: 'xchg' | 'fetch_add' | 'fetch_sub'; addr: CompiledExpr; value: CompiledExpr }
  | { kind: 'futex_wait'; addr: CompiledExpr; val: CompiledExpr; timeout?: CTimeout; priv: boolean }
  | { kind: 'futex_wake'; addr: CompiledExpr; n: CompiledExpr; priv: boolean }
  | { kind: 'futex_requeue' | 'futex_cmp_requeue'; addr: CompiledExpr; nwake: CompiledExpr; nrequeue: CompiledExpr; addr2: CompiledExpr; val?: CompiledExpr; priv: boolean }
  | { kind: 'futex_wake_op'; args: CompiledExpr[]; priv: boolean }
  | { kind: 'futex_fd'; addr: CompiledExpr; signal?: CompiledExpr }
  | { kind: 'poll'; fd: CompiledExpr; timeout?: CompiledExpr }
  | { kind: 'call'; fn: string; unit: number; args: CompiledExpr[] }
  | { kind: 'gettid'; thread?: string }
  | CRhsV2 // version 2, issue #17 (session/v2.ts)
  | { kind: PiLockKind; addr: CompiledExpr; timeout?: CTimeout; priv: boolean }
  | { kind: 'futex_wait_requeue_pi'; addr: CompiledExpr; val: CompiledExpr; addr2: CompiledExpr; timeout?: CTimeout; priv: boolean }
  | { kind: 'futex_cmp_requeue_pi'; addr: CompiledExpr; nwake: CompiledExpr; nrequeue: CompiledExpr; addr2: CompiledExpr; val: CompiledExpr; priv: boolean };

export interface CMapDecl {
  name: string;
  backing: 'anon' | 'file' | 'shm';
  shared: boolean;
  write: boolean;
  file?: string;
  rdonly: boolean;
  pages: CompiledExpr;
  offset?: CompiledExpr;
  at?: CompiledExpr;
}

type Body =
  | { op: 'set'; slot: number; rhs: CRhs }
  | { op: 'store'; addr: CompiledExpr; value: CompiledExpr }
  | { op: 'close'; fd: CompiledExpr }
  | { op: 'branch'; cond: CompiledExpr; target: number }
  | { op: 'jump'; target: number; step: boolean }
  | { op: 'return'; value?: CompiledExpr }
  | { op: 'assert'; cond: CompiledExpr; message?: string }
  | { op: 'print'; parts: (CompiledExpr | string)[] }
  | { op: 'yield' | 'reclaim' | 'exit' | 'exit_group' | 'exec' }
  | { op: 'sleep'; ticks: CompiledExpr }
  | { op: 'signal'; thread: string }
  | { op: 'kill'; process: string }
  | { op: 'set_tid_address' | 'swap_out' | 'swap_in'; addr: CompiledExpr }
  | { op: 'fork'; name: string; unit: number }
  | { op: 'spawn'; name: string; unit: number; sched: SchedAttr }
  | { op: 'map'; decl: CMapDecl }
  | { op: 'munmap'; name?: string; addr?: CompiledExpr; pages?: CompiledExpr }
  | { op: 'mremap'; name: string; pages: CompiledExpr; to?: CompiledExpr }
  | { op: 'mprotect'; name: string; write: boolean }
  | { op: 'remap_file_pages'; name: string; page: CompiledExpr; filePage: CompiledExpr }
  | { op: 'madvise'; name: string }
  | { op: 'truncate'; file: string; pages: CompiledExpr }
  | { op: 'lock_page'; addr: CompiledExpr; ticks: CompiledExpr };

/**
 * One instruction. `range` is the statement's source range (for the debugger and traces);
 * `uses` and `def` are the register slots it reads and writes (for liveness in the explorer).
 */
export type Instr = Body & { range: Range; kind: string; uses: number[]; def: number };

export interface CodeUnit {
  id: number;
  name: string;
  kind: 'thread' | 'fn' | 'fork' | 'spawn';
  frameSize: number;
  params: number;
  code: Instr[];
}

export interface ProgramThread {
  process: string;
  name: string;
  unit: number;
  sched: SchedAttr;
}

/** `sched fifo P` / `nice N` as the task's policy (kernel/prio.ts); SCHED_OTHER nice 0 if absent. */
export function schedAttr(d: SchedDecl | undefined): SchedAttr {
  if (!d) return { policy: 'other', prio: 0, nice: 0 };
  return d.kind === 'fifo' ? { policy: 'fifo', prio: d.prio, nice: 0 } : { policy: 'other', prio: 0, nice: d.nice };
}

export interface ProgramProcess {
  name: string;
  setup: ({ kind: 'map'; decl: CMapDecl; range: Range } | { kind: 'store'; addr: CompiledExpr; value: CompiledExpr; range: Range })[];
  threads: ProgramThread[];
}

export interface Program {
  scenario: Scenario;
  units: CodeUnit[];
  processes: ProgramProcess[];
  files: { kind: 'file' | 'shm'; name: string; pages: CompiledExpr }[];
}

/** Compile a scenario that resolved without errors. */
export function compileProgram(sc: Scenario): Program {
  const units: CodeUnit[] = [];
  const fnUnits = new Map<string, number>();
  // Function units first, so calls can name them; bodies are filled after.
  for (const fn of sc.fns) {
    fnUnits.set(fn.name, units.length);
    units.push({ id: units.length, name: fn.name, kind: 'fn', frameSize: fn.frameSize, params: fn.params.length, code: [] });
  }
  const c = new Compiler(units, fnUnits);
  sc.fns.forEach((fn, i) => (units[i].code = c.block(fn.body, fn.frameSize)));
  const processes = sc.processes.map((p) => ({
    name: p.name,
    setup: p.setup.map((s) =>
      s.kind === 'map'
        ? { kind: 'map' as const, decl: compileMap(s.decl), range: s.range }
        : { kind: 'store' as const, addr: compileExpr(s.addr), value: compileExpr(s.value), range: s.range },
    ),
    threads: p.threads.map((t) => ({ process: p.name, name: t.name, unit: c.unit(`${p.name}/${t.name}`, 'thread', t.body, t.frameSize), sched: schedAttr(t.sched) })),
  }));
  const files = sc.files.map((f) => ({ kind: f.kind, name: f.name, pages: compileExpr(f.pages) }));
  return { scenario: sc, units, processes, files };
}

function compileMap(d: MapDecl): CMapDecl {
  const b = d.backing;
  return {
    name: d.name,
    backing: b.kind,
    shared: b.kind === 'shm' ? true : b.shared,
    write: d.prot === 'rw',
    file: b.kind === 'file' ? b.file : b.kind === 'shm' ? b.shm : undefined,
    // A shm mapped `r` is attached read-only (SHM_RDONLY): VM_MAYSHARE without VM_SHARED.
    rdonly: b.kind === 'file' ? b.openMode === 'rdonly' : b.kind === 'shm' ? d.prot === 'r' : false,
    pages: compileExpr(d.pages),
    offset: d.offset ? compileExpr(d.offset) : undefined,
    at: d.at ? compileExpr(d.at) : undefined,
  };
}

const opt = (e: Expr | undefined) => (e ? compileExpr(e) : undefined);

class Compiler {
  private loops: { breaks: Instr[]; continueTo: number }[] = [];

  constructor(private units: CodeUnit[], private fns: Map<string, number>) {}

  unit(name: string, kind: CodeUnit['kind'], body: Block, frameSize: number): number {
    const id = this.units.length;
    const u: CodeUnit = { id, name, kind, frameSize, params: 0, code: [] };
    this.units.push(u);
    u.code = this.block(body, frameSize);
    return id;
  }

  private frameSize = 0;

  block(b: Block, frameSize: number): Instr[] {
    const saved = this.frameSize;
    const savedLoops = this.loops;
    this.frameSize = frameSize;
    this.loops = [];
    const code: Instr[] = [];
    this.stmts(b.stmts, code);
    this.frameSize = saved;
    this.loops = savedLoops;
    return code;
  }

  private stmts(ss: Stmt[], code: Instr[]): void {
    for (const s of ss) this.stmt(s, code);
  }

  private emit(code: Instr[], s: { range: Range; kind: string }, body: Body): Instr {
    const i = { ...body, range: s.range, kind: s.kind, ...this.regUse(s) } as Instr;
    code.push(i);
    return i;
  }

  /** Registers a statement reads and writes. fork and spawn copy every register to the child. */
  private regUse(s: { range: Range; kind: string }): { uses: number[]; def: number } {
    if (s.kind === 'fork' || s.kind === 'spawn') return { uses: Array.from({ length: this.frameSize }, (_, i) => i), def: -1 };
    if (s.kind === 'else' || s.kind === 'loop') return { uses: [], def: -1 };
    const st = s as Stmt;
    const uses = new Set<number>();
    for (const e of stmtExprs(st)) exprRegs(e, uses);
    return { uses: [...uses], def: st.kind === 'let' || st.kind === 'assign' ? st.slot : -1 };
  }

  private stmt(s: Stmt, code: Instr[]): void {
    switch (s.kind) {
      case 'let':
      case 'assign':
        this.emit(code, s, { op: 'set', slot: s.slot, rhs: this.rhs(s.value) });
        return;
      case 'do':
        this.emit(code, s, { op: 'set', slot: -1, rhs: this.rhs(s.value) });
        return;
      case 'if': {
        const br = this.emit(code, s, { op: 'branch', cond: compileExpr(s.cond), target: -1 }) as Extract<Instr, { op: 'branch' }>;
        this.stmts(s.then.stmts, code);
        if (s.else) {
          const skip = this.emit(code, { range: s.else.range, kind: 'else' }, { op: 'jump', target: -1, step: false }) as Extract<Instr, { op: 'jump' }>;
          br.target = code.length;
          this.stmts(s.else.stmts, code);
          skip.target = code.length;
        } else {
          br.target = code.length;
        }
        return;
      }
      case 'while': {
        const top = code.length;
        const br = this.emit(code, s, { op: 'branch', cond: compileExpr(s.cond), target: -1 }) as Extract<Instr, { op: 'branch' }>;
        this.loops.push({ breaks: [], continueTo: top });
        this.stmts(s.body.stmts, code);
        this.emit(code, { range: s.body.range, kind: 'loop' }, { op: 'jump', target: top, step: false });
        const loop = this.loops.pop()!;
        br.target = code.length;
        for (const b of loop.breaks) (b as Extract<Instr, { op: 'jump' }>).target = code.length;
        return;
      }
      case 'break':
        this.loops[this.loops.length - 1].breaks.push(this.emit(code, s, { op: 'jump', target: -1, step: true }));
        return;
      case 'continue':
        this.emit(code, s, { op: 'jump', target: this.loops[this.loops.length - 1].continueTo, step: true });
        return;
      default:
        this.emit(code, s, this.simple(s));
    }
  }

  private simple(s: Stmt): Body {
    switch (s.kind) {
      case 'store': return { op: 'store', addr: compileExpr(s.addr), value: compileExpr(s.value) };
      case 'close': return { op: 'close', fd: compileExpr(s.fd) };
      case 'return': return { op: 'return', value: opt(s.value) };
      case 'assert': return { op: 'assert', cond: compileExpr(s.cond), message: s.message };
      case 'print': return { op: 'print', parts: s.args.map((a) => (a.kind === 'string' ? a.value : compileExpr(a))) };
      case 'yield': case 'reclaim': case 'exit': case 'exit_group': case 'exec': return { op: s.kind };
      case 'sleep': return { op: 'sleep', ticks: compileExpr(s.ticks) };
      case 'signal': return { op: 'signal', thread: s.thread };
      case 'kill': return { op: 'kill', process: s.process };
      case 'set_tid_address': case 'swap_out': case 'swap_in': return { op: s.kind, addr: compileExpr(s.addr) };
      case 'fork': return { op: 'fork', name: s.name, unit: this.unit(`${s.name}/main`, 'fork', s.body, this.frameSize) };
      case 'spawn': return { op: 'spawn', name: s.name, unit: this.unit(s.name, 'spawn', s.body, this.frameSize), sched: schedAttr(s.sched) };
      case 'map': return { op: 'map', decl: compileMap(s.decl) };
      case 'munmap':
        return s.target.kind === 'name'
          ? { op: 'munmap', name: s.target.name }
          : { op: 'munmap', addr: compileExpr(s.target.addr), pages: compileExpr(s.target.pages) };
      case 'mremap': return { op: 'mremap', name: s.name, pages: compileExpr(s.pages), to: opt(s.to) };
      case 'mprotect': return { op: 'mprotect', name: s.name, write: s.prot === 'rw' };
      case 'remap_file_pages': return { op: 'remap_file_pages', name: s.name, page: compileExpr(s.page), filePage: compileExpr(s.filePage) };
      case 'madvise': return { op: 'madvise', name: s.name };
      case 'truncate': return { op: 'truncate', file: s.file, pages: compileExpr(s.pages) };
      case 'lock_page': return { op: 'lock_page', addr: compileExpr(s.addr), ticks: compileExpr(s.ticks) };
      default: throw new Error(`internal: statement ${s.kind} not handled`);
    }
  }

  private rhs(r: Rhs): CRhs {
    switch (r.kind) {
      case 'expr': return { kind: 'expr', f: compileExpr(r.expr) };
      case 'load': return { kind: 'load', addr: compileExpr(r.addr) };
      case 'cas': return { kind: 'cas', addr: compileExpr(r.addr), old: compileExpr(r.old), new: compileExpr(r.new) };
      case 'xchg': case 'fetch_add': case 'fetch_sub':
        return { kind: r.kind, addr: compileExpr(r.addr), value: compileExpr(r.value) };
      case 'futex_wait':
        return { kind: 'futex_wait', addr: compileExpr(r.addr), val: compileExpr(r.val), timeout: compileTimeout(r.flags), priv: r.flags.private };
      case 'futex_wake': return { kind: 'futex_wake', addr: compileExpr(r.addr), n: compileExpr(r.n), priv: r.flags.private };
      case 'futex_requeue':
        return { kind: 'futex_requeue', addr: compileExpr(r.addr), nwake: compileExpr(r.nwake), nrequeue: compileExpr(r.nrequeue), addr2: compileExpr(r.addr2), priv: r.flags.private };
      case 'futex_cmp_requeue':
        return { kind: 'futex_cmp_requeue', addr: compileExpr(r.addr), nwake: compileExpr(r.nwake), nrequeue: compileExpr(r.nrequeue), addr2: compileExpr(r.addr2), val: compileExpr(r.val), priv: r.flags.private };
      case 'futex_wake_op':
        return { kind: 'futex_wake_op', args: [r.addr, r.nwake, r.nwake2, r.addr2, r.op, r.oparg, r.cmp, r.cmparg].map(compileExpr), priv: r.flags.private };
      case 'futex_fd': return { kind: 'futex_fd', addr: compileExpr(r.addr), signal: opt(r.flags.signal) };
      case 'poll': return { kind: 'poll', fd: compileExpr(r.fd), timeout: opt(r.flags.timeout) };
      case 'call': return { kind: 'call', fn: r.fn, unit: this.fns.get(r.fn)!, args: r.args.map(compileExpr) };
      case 'gettid': return { kind: 'gettid', thread: r.thread };
      case 'futex_lock_pi': case 'futex_lock_pi2': case 'futex_trylock_pi': case 'futex_unlock_pi':
        return { kind: r.kind, addr: compileExpr(r.addr), timeout: compileTimeout(r.flags), priv: r.flags.private };
      case 'futex_wait_requeue_pi':
        return { kind: r.kind, addr: compileExpr(r.addr), val: compileExpr(r.val), addr2: compileExpr(r.addr2), timeout: compileTimeout(r.flags), priv: r.flags.private };
      case 'futex_cmp_requeue_pi':
        return { kind: r.kind, addr: compileExpr(r.addr), nwake: compileExpr(r.nwake), nrequeue: compileExpr(r.nrequeue), addr2: compileExpr(r.addr2), val: compileExpr(r.val), priv: r.flags.private };
      default: return compileV2(r);
    }
  }
}
