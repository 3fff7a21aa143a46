// Name resolution and the static checks (docs/language.md, "Names and scopes").
//
// One pass over each body, after resolve-globals.ts has collected the scenario-wide names. It
// fills `ref` on every name expression, `slot` on `let` and assignment statements, and
// `frameSize` on functions and threads, and reports every error it meets (it never stops at the
// first). The rules:
//
// [1] A bare name is, in this order: a register of the current frame declared (by `let` or as a
//     parameter) earlier in the text; a map name declared anywhere in the scenario; a constant.
//     Registers shadow map names. A register may not take a constant's name, so a register never
//     shadows a constant, and neither may a map.
// [2] A frame is a thread block or a function body. Registers are frame-wide, not block-scoped: a
//     `let` inside an `if` is visible after the `if` (its slot holds 0 if the `let` did not run).
//     `let` of a name already declared in the frame reuses its slot (it is an assignment).
// [3] `fork` and `spawn` bodies use the slot layout of the frame they appear in (the new thread
//     starts with a copy of the caller's registers). Names declared inside such a body are not
//     visible after it: the caller never ran it.
// [4] A function sees its parameters (slots 0..n-1), its own `let`s, map names and constants;
//     not its caller's registers.
// [5] `break`/`continue` need an enclosing `while` of the same thread; `return` is allowed only
//     in a function (not in a fork or spawn body inside it: that body is a new thread). A thread
//     ends with `exit` or at the end of its block.
// [6] Process setup (`map` and `store` in a process block) has no registers.

import type { Diagnostic, Expr, FnDecl, MapDecl, NameRef, ProcessDecl, Rhs, Scenario, Stmt, ThreadDecl } from './ast';
import { CONSTANTS } from './constants';
import { checkOption } from './options';
import { plural } from './plural';
import { at, collectGlobals, type Globals, type Report } from './resolve-globals';
import { mapDeclExprs, stmtExprs } from './walk';

/** Register slots of one frame [2]. */
class Frame {
  private readonly slots = new Map<string, number>();
  /** Names declared so far on the current path through fork/spawn bodies [3]. */
  private visible = new Set<string>();
  size = 0;

  declare(name: string): number {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.size++;
      this.slots.set(name, slot);
    }
    this.visible.add(name);
    return slot;
  }

  lookup(name: string): number | undefined {
    return this.visible.has(name) ? this.slots.get(name) : undefined;
  }

  /** Runs `fn` and then forgets the names it declared (the slots stay allocated). */
  nested(fn: () => void): void {
    const saved = new Set(this.visible);
    fn();
    this.visible = saved;
  }
}

interface Ctx {
  /** null in process setup [6]. */
  frame: Frame | null;
  /** The process running this code; null in a function body (it depends on the caller). */
  process: string | null;
  inLoop: boolean;
  inFn: boolean;
}

export function resolveScenario(sc: Scenario, diagnostics: Diagnostic[]): void {
  const report: Report = (range, message) => diagnostics.push({ file: sc.file, range, severity: 'error', message });
  checkOptions(sc, report);
  const resolver = new Resolver(collectGlobals(sc, report), report);
  for (const f of sc.fns) resolver.fn(f);
  for (const p of sc.processes) resolver.process(p);
}

function checkOptions(sc: Scenario, report: Report): void {
  const seen = new Map<string, Scenario['options'][number]>();
  for (const o of sc.options) {
    const first = seen.get(o.name);
    if (first) report(o.nameRange, `option '${o.name}' is already set at ${at(first.nameRange)}`);
    else seen.set(o.name, o);
    const problem = checkOption(o.name, o.value);
    if (problem) report(problem.where === 'name' ? o.nameRange : o.valueRange, problem.message);
  }
}

class Resolver {
  constructor(
    private readonly g: Globals,
    private readonly report: Report,
  ) {}

  fn(f: FnDecl): void {
    const frame = new Frame();
    const seen = new Set<string>();
    for (const p of f.params) {
      this.checkNotConstant(p.name, p.range, 'a parameter');
      if (seen.has(p.name)) this.report(p.range, `duplicate parameter '${p.name}'`);
      seen.add(p.name);
      frame.declare(p.name);
    }
    frame.size = Math.max(frame.size, f.params.length); // a duplicate still takes its slot
    this.block(f.body.stmts, { frame, process: null, inLoop: false, inFn: true });
    f.frameSize = frame.size;
  }

  process(p: ProcessDecl): void {
    const setup: Ctx = { frame: null, process: p.name, inLoop: false, inFn: false };
    for (const item of p.setup) {
      if (item.kind === 'map') this.mapDecl(item.decl, setup);
      else [item.addr, item.value].forEach((e) => this.expr(e, setup));
    }
    for (const t of p.threads) this.thread(t, p.name);
  }

  private thread(t: ThreadDecl, process: string): void {
    const frame = new Frame();
    this.block(t.body.stmts, { frame, process, inLoop: false, inFn: false });
    t.frameSize = frame.size;
  }

  private block(stmts: Stmt[], ctx: Ctx): void {
    for (const s of stmts) this.stmt(s, ctx);
  }

  private stmt(s: Stmt, ctx: Ctx): void {
    if (s.kind !== 'map') for (const e of stmtExprs(s)) this.expr(e, ctx);
    switch (s.kind) {
      case 'let':
        this.call(s.value);
        this.gettidTarget(s.value, ctx);
        s.slot = this.declare(s.name, s.nameRange, ctx);
        return;
      case 'assign':
        this.call(s.value);
        this.gettidTarget(s.value, ctx);
        s.slot = this.assignTarget(s.name, s.nameRange, ctx);
        return;
      case 'do':
        this.gettidTarget(s.value, ctx);
        return this.call(s.value);
      case 'if':
        this.block(s.then.stmts, ctx);
        if (s.else) this.block(s.else.stmts, ctx);
        return;
      case 'while':
        return this.block(s.body.stmts, { ...ctx, inLoop: true });
      case 'fork':
      case 'spawn':
        return this.threadStart(s, ctx);
      default:
        return this.simpleStmt(s, ctx);
    }
  }

  /** The checks of statements without nested blocks or register definitions. */
  private simpleStmt(s: Stmt, ctx: Ctx): void {
    switch (s.kind) {
      case 'break':
      case 'continue':
        if (!ctx.inLoop) this.report(s.range, `'${s.kind}' outside a loop`);
        return;
      case 'return':
        if (!ctx.inFn) this.report(s.range, `'return' outside a function (a thread ends with 'exit' or at the end of its block)`);
        return;
      case 'signal':
        return this.signalTarget(s.thread, s.threadRange, ctx);
      case 'kill':
        if (!this.g.threads.some((t) => t.process === s.process)) this.report(s.processRange, `no process '${s.process}' is declared or forked`);
        return;
      case 'map':
        return this.mapDecl(s.decl, ctx);
      case 'munmap':
        return s.target.kind === 'name' ? this.mapRef(s.target.name, s.target.nameRange, ctx, true) : undefined;
      case 'mremap':
      case 'mprotect':
      case 'remap_file_pages':
      case 'madvise':
        return this.mapRef(s.name, s.nameRange, ctx, false);
      case 'truncate':
        return this.fileRef(s.file, s.fileRange, undefined);
    }
  }

  private expr(e: Expr, ctx: Ctx): void {
    switch (e.kind) {
      case 'name':
        e.ref = this.lookup(e.name, e, ctx);
        return;
      case 'unary':
        return this.expr(e.operand, ctx);
      case 'binary':
        this.expr(e.left, ctx);
        return this.expr(e.right, ctx);
    }
  }

  /** Rule [1]. */
  private lookup(name: string, e: Expr, ctx: Ctx): NameRef {
    const slot = ctx.frame?.lookup(name);
    if (slot !== undefined) return { kind: 'reg', slot };
    if (this.g.maps.has(name)) return { kind: 'map', name };
    const value = CONSTANTS.get(name);
    if (value !== undefined) return { kind: 'const', value };
    this.report(e.range, `unknown name '${name}'`);
    return { kind: 'unresolved' };
  }

  private checkNotConstant(name: string, range: Expr['range'], what: string): void {
    if (CONSTANTS.has(name)) this.report(range, `'${name}' is a constant and cannot be ${what} name`);
  }

  private declare(name: string, range: Expr['range'], ctx: Ctx): number {
    this.checkNotConstant(name, range, 'a register');
    return ctx.frame ? ctx.frame.declare(name) : -1;
  }

  private assignTarget(name: string, range: Expr['range'], ctx: Ctx): number {
    const slot = ctx.frame?.lookup(name);
    if (slot !== undefined) return slot;
    if (CONSTANTS.has(name)) this.report(range, `cannot assign to the constant '${name}'`);
    else if (this.g.maps.has(name)) this.report(range, `cannot assign to the map name '${name}' (map names are addresses; use 'store' to write memory)`);
    else this.report(range, `assignment to undeclared register '${name}' (declare it with 'let ${name} = ...')`);
    return -1;
  }

  /** A call of a scenario function: it must exist and get as many arguments as it has params. */
  private call(r: Rhs): void {
    if (r.kind !== 'call') return;
    const f = this.g.fns.get(r.fn);
    if (!f) return this.report(r.range, `unknown function '${r.fn}'`);
    const n = f.params.length;
    if (r.args.length === n) return;
    const params = f.params.map((p) => p.name).join(', ');
    const takes = n === 0 ? 'no arguments' : `${plural(n, 'argument')} (${params})`;
    this.report(r.range, `function '${f.name}' takes ${takes}, got ${r.args.length}`);
  }

  /** Rules [3] and [5]: a new thread, same slot layout, no loop or function around it. */
  private threadStart(s: Extract<Stmt, { kind: 'fork' | 'spawn' }>, ctx: Ctx): void {
    const process = s.kind === 'fork' ? s.name : ctx.process;
    const inner: Ctx = { frame: ctx.frame, process, inLoop: false, inFn: false };
    if (ctx.frame) ctx.frame.nested(() => this.block(s.body.stmts, inner));
  }

  /** `gettid(THREAD)` and `get_robust_list(THREAD)` name a thread as `signal` does. */
  private gettidTarget(r: Rhs, ctx: Ctx): void {
    if ((r.kind === 'gettid' || r.kind === 'get_robust_list') && r.thread !== undefined) {
      this.signalTarget(r.thread, r.threadRange ?? r.range, ctx);
    }
  }

  /** `signal P/T` needs a thread P/T; `signal T` a thread T of the signalling process. */
  private signalTarget(target: string, range: Expr['range'], ctx: Ctx): void {
    const slash = target.indexOf('/');
    const process = slash >= 0 ? target.slice(0, slash) : ctx.process;
    const name = slash >= 0 ? target.slice(slash + 1) : target;
    const found = this.g.threads.some((t) => t.name === name && (process === null || t.process === null || t.process === process));
    if (found) return;
    if (slash >= 0) this.report(range, `no thread '${target}' is declared`);
    else if (process !== null) this.report(range, `no thread '${name}' in process '${process}' (name a thread of another process as 'PROCESS/${name}')`);
    else this.report(range, `no thread '${name}' is declared`);
  }

  private mapDecl(d: MapDecl, ctx: Ctx): void {
    for (const e of mapDeclExprs(d)) this.expr(e, ctx);
    this.checkNotConstant(d.name, d.nameRange, 'a map');
    if (d.backing.kind === 'file') this.fileRef(d.backing.file, d.backing.fileRange, 'file');
    if (d.backing.kind === 'shm') this.fileRef(d.backing.shm, d.backing.shmRange, 'shm');
  }

  /** A file or shm object by name; `kind` is the kind the context needs, if it needs one. */
  private fileRef(name: string, range: Expr['range'], kind: 'file' | 'shm' | undefined): void {
    const f = this.g.files.get(name);
    if (!f) return this.report(range, `${kind ?? 'file'} '${name}' is not declared`);
    if (kind && f.kind !== kind) {
      this.report(range, `'${name}' is a ${f.kind}, not a ${kind} (write 'map NAME = ${f.kind} ${name} ...')`);
    }
  }

  /** The NAME operand of munmap, mremap, mprotect, remap_file_pages and madvise. */
  private mapRef(name: string, range: Expr['range'], ctx: Ctx, addressForm: boolean): void {
    if (this.g.maps.has(name)) return;
    if (ctx.frame?.lookup(name) === undefined) return this.report(range, `unknown map '${name}'`);
    const hint = addressForm ? ` (to unmap the address it holds, write 'munmap ${name}, pages N')` : '';
    this.report(range, `'${name}' is a register, not a map${hint}`);
  }
}
