// Scenario -> C source for the native run (issue #12): expressions and the futex calls here;
// statements and control flow in gen-stmt.ts, maps and kernel events in gen-events.ts, the other
// right-hand forms in gen-rhs.ts. Each declared process is a real process (fork from the
// controller), each thread a real pthread. Anything that cannot be carried out is refused with
// its location (never skipped in silence). Each thread runs one statement per grant from the
// controller (runtime-ctl.ts), which follows a schedule given on stdin (schedule.ts).

import type { Block, Expr, Futex2Entry, Rhs, Scenario, Range, Stmt } from '../lang/ast';
import { forEachStmt } from '../lang/walk';
import { cRhsMore } from './gen-rhs';
import { cBlock, cSched, END, fnName, type StmtCtx } from './gen-stmt';
import { cMap, mapVar } from './gen-events';
import { compat32Use } from './gen-compat';

export class Unsupported extends Error {
  /** `why`: what follows `what`; another when the reason is this machine rather than the runner (noCompat32). */
  constructor(readonly range: Range, what: string, why = ' is not supported by the native runner yet') {
    super(what + why);
  }
}

/** One thread of the generated program: its name and, per statement, the statement's range. */
export interface NativeThread {
  name: string;
  stmts: Range[];
}

export interface Generated {
  source: string;
  threads: NativeThread[];
  /** Where the scenario first uses a robust list: the program is then built 32-bit (gen-compat.ts). */
  compat32?: Range;
}

const BIN_OPS = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||', '&', '|', '^', '<<', '>>']);
const UN_OPS = new Set(['-', '!', '~']);

/**
 * A value as a C int64 literal: its exact integer digits (a number's own text rounds past 2^53:
 * 2^62 printed as 4611686018427388000), and INT64_MIN as an expression (its digits alone are
 * an unsigned literal, negated).
 */
function cInt(v: number): string {
  // 2^63 is how a double holds INT64_MAX (0x7fff_ffff_ffff_ffff rounds up: docs/language.md).
  if (v >= 2 ** 63) return 'INT64_MAX';
  const digits = BigInt.asIntN(64, BigInt(v));
  if (digits === -(2n ** 63n)) return 'INT64_MIN';
  return `INT64_C(${digits})`;
}

export function cExpr(e: Expr): string {
  switch (e.kind) {
    case 'int':
      return cInt(e.value);
    case 'name':
      if (e.ref.kind === 'reg') return `r[${e.ref.slot}]`;
      // A name with no mapping (never mapped, mmap failed, unmapped) kills the thread, as in the simulator.
      if (e.ref.kind === 'map') return `fl_name(m_${e.ref.name})`;
      if (e.ref.kind === 'const') return cInt(e.ref.value);
      throw new Unsupported(e.range, `name '${e.name}'`);
    case 'unary':
      if (!UN_OPS.has(e.op)) throw new Unsupported(e.range, `operator '${e.op}'`);
      // Negation wraps at 64 bits as in the language (-INT64_MIN is INT64_MIN): through uint64_t,
      // as + - * are; `-x` of INT64_MIN is undefined in C, and gcc folded `-m > 0` to true.
      if (e.op === '-') return `(int64_t)(0 - (uint64_t)${cExpr(e.operand)})`;
      return `(int64_t)(${e.op}${cExpr(e.operand)})`;
    case 'binary':
      if (!BIN_OPS.has(e.op)) throw new Unsupported(e.range, `operator '${e.op}'`);
      if (e.op === '/' || e.op === '%') return `fl_div(${cExpr(e.left)}, ${cExpr(e.right)}, '${e.op}')`;
      // + - * wrap at 64 bits as in the language (LANGUAGE.md "Expressions"): through uint64_t.
      if (e.op === '+' || e.op === '-' || e.op === '*') return `(int64_t)((uint64_t)${cExpr(e.left)} ${e.op} (uint64_t)${cExpr(e.right)})`;
      // Shifts take the count modulo 64, >> is arithmetic (session/expr.ts, BigInt.asIntN(64)).
      if (e.op === '<<') return `(int64_t)((uint64_t)${cExpr(e.left)} << (${cExpr(e.right)} & 63))`;
      if (e.op === '>>') return `(int64_t)(${cExpr(e.left)} >> (${cExpr(e.right)} & 63))`;
      if (e.op === '&&' || e.op === '||') return `(int64_t)((${cExpr(e.left)} != 0) ${e.op} (${cExpr(e.right)} != 0))`;
      return `(int64_t)(${cExpr(e.left)} ${e.op} ${cExpr(e.right)})`;
  }
}

export function cRhs(v: Rhs): string {
  // The runtime passes relative ticks scaled by FUTEXLAB_TICK_MS; a timespec (relative or
  // absolute, maybe invalid on purpose) is not translated yet.
  if ('flags' in v && v.flags.timespec) throw new Unsupported(v.flags.timespec.range, 'a timespec timeout');
  switch (v.kind) {
    case 'expr':
      return cExpr(v.expr);
    case 'load':
      return `fl_load(${cExpr(v.addr)})`;
    case 'futex_wait':
      return `fl_futex_wait(${cExpr(v.addr)}, ${cExpr(v.val)}, ${ticks(v.flags.timeout)}, ${v.flags.private ? 1 : 0})`;
    case 'futex_wake':
      return `fl_futex_wake(${cExpr(v.addr)}, ${cExpr(v.n)}, ${v.flags.private ? 1 : 0})`;
    // version 2, issue #17 (runtime.ts fl_futex_wait_bitset ...)
    case 'futex_wait_bitset':
      return `fl_futex_wait_bitset(${cExpr(v.addr)}, ${cExpr(v.val)}, ${cExpr(v.mask)}, ${ticks(v.flags.timeout)}, ${v.flags.private ? 1 : 0})`;
    case 'futex_wake_bitset':
      return `fl_futex_wake_bitset(${cExpr(v.addr)}, ${cExpr(v.n)}, ${cExpr(v.mask)}, ${v.flags.private ? 1 : 0})`;
    case 'futex_waitv':
      return `fl_futex_waitv(${v.entries.length}, ${entries(v.entries)}, ${ticks(v.flags.timeout)})`;
    case 'futex2_wait':
      return `fl_futex2_wait(${cExpr(v.addr)}, ${cExpr(v.val)}, ${cExpr(v.mask)}, ${v.flags.private ? 1 : 0}, ${size(v.flags.size)}, ${ticks(v.flags.timeout)})`;
    case 'futex2_wake':
      return `fl_futex2_wake(${cExpr(v.addr)}, ${cExpr(v.mask)}, ${cExpr(v.n)}, ${v.flags.private ? 1 : 0}, ${size(v.flags.size)})`;
    case 'futex2_requeue':
      return `fl_futex2_requeue(${entries([v.from, v.to])}, ${cExpr(v.nwake)}, ${cExpr(v.nrequeue)})`;
    default:
      return cRhsMore(v); // atomics, requeue, wake_op, futex_fd, poll, calls (gen-rhs.ts)
  }
}

export const ticks = (e: Expr | undefined) => (e ? cExpr(e) : 'FL_NO_TIMEOUT');
export const size = (e: Expr | undefined) => (e ? cExpr(e) : 'INT64_C(32)');

/** futex_waitv / futex2_requeue entries as an int64_t array: ADDR, VAL, PRIVATE, SIZE each. */
function entries(es: Futex2Entry[]): string {
  if (es.length === 0) return '(const int64_t *)0';
  return `(const int64_t[]){ ${es.map((e) => `${cExpr(e.addr)}, ${e.val ? cExpr(e.val) : 'INT64_C(0)'}, ${e.private ? 1 : 0}, ${size(e.size)}`).join(', ')} }`;
}

export function cString(s: string): string {
  // JSON's escapes are C's, but for a control character (a raw tab or ^A in the scenario's
  // string): JSON's \u0001 is no C escape for it (C11 6.4.3), so an octal escape, always three
  // digits, so that a digit after it is not read into it. `?` escaped against trigraphs.
  return JSON.stringify(s)
    .replace(/\\u00([0-9a-fA-F]{2})/g, (_m, h: string) => `\\${parseInt(h, 16).toString(8).padStart(3, '0')}`)
    .replace(/\?/g, '\\?');
}

/** The runtime's name buffers (runtime-ctl.ts FL_NAME): PROCESS/THREAD in 511 bytes. */
const NAME_MAX = 511;

/**
 * A thread's full name must fit FL_NAME, or its print lines would carry a name cut short (a
 * 96-byte buffer cut it before). Checked as the longest process name (declared or forked) with
 * the longest thread name (declared, spawned, or a fork's `main`): spawn in a function may run
 * in any process.
 */
function checkNameLengths(sc: Scenario): void {
  const procs: { name: string; range: Range }[] = sc.processes.map((p) => ({ name: p.name, range: p.nameRange }));
  const threads: { name: string; range: Range }[] = [];
  const visit = (st: Stmt) => {
    if (st.kind === 'fork') {
      procs.push({ name: st.name, range: st.nameRange });
      threads.push({ name: 'main', range: st.nameRange });
    } else if (st.kind === 'spawn') threads.push({ name: st.name, range: st.nameRange });
  };
  for (const p of sc.processes) for (const t of p.threads) {
    threads.push({ name: t.name, range: t.nameRange });
    forEachStmt(t.body, p.name, visit);
  }
  for (const f of sc.fns) forEachStmt(f.body, null, visit);
  const bytes = (x: { name: string }) => Buffer.byteLength(x.name);
  const longest = <T extends { name: string }>(xs: T[]) => xs.reduce((a, b) => (bytes(b) > bytes(a) ? b : a));
  if (procs.length === 0 || threads.length === 0) return;
  const p = longest(procs);
  const t = longest(threads);
  if (bytes(p) + 1 + bytes(t) > NAME_MAX) {
    const at = bytes(p) >= bytes(t) ? p : t;
    throw new Unsupported(at.range, `a thread name PROCESS/THREAD of more than ${NAME_MAX} bytes (${p.name.slice(0, 20)}.../${t.name.slice(0, 20)}...)`);
  }
}

/** Generate the C program, or throw Unsupported at the first construct outside what runs natively. */
export function generateC(sc: Scenario, runtime: string): Generated {
  const compat32 = compat32Use(sc);
  const files = new Map(sc.files.map((f, i) => [f.name, i]));
  const fns = new Map(sc.fns.map((f, i) => [f.name, i]));
  const extra: string[] = [];
  const conts: string[] = [];
  const cx = (unit: StmtCtx['unit'], slots: number): StmtCtx => ({ unit, slots: Math.max(1, slots), extra, fns, files, top: unit === 'thread', conts });
  // Every map name of the scenario is a C global: each process (a real one) has its own copy,
  // and a forked child inherits its parent's, as map names belong to a process.
  checkNameLengths(sc);
  // runtime-mm.ts FL_NFILES: the files and shm objects a run can declare.
  if (sc.files.length > 1024) throw new Unsupported(sc.files[1024].nameRange, 'more than 1024 files and shm objects');
  const mapNames = new Set<string>();
  const collect = (b: Block) => forEachStmt(b, null, (st) => { if (st.kind === 'map') mapNames.add(st.decl.name); });
  sc.fns.forEach((f) => collect(f.body));
  const fnDefs = sc.fns.map((f, i) => {
    const body = cBlock(f.body, cx('fn', f.frameSize), '  ');
    const params = f.params.map((_, j) => `  r[${j}] = a[${j}];`);
    return `static int64_t ${fnName(i)}(struct fl_thread *self, const int64_t *a) {\n  int64_t r[${Math.max(1, f.frameSize)}] = {0};\n  (void)a; (void)r;\n${params.join('\n')}\n${body.join('\n')}\n  return 0;\n}`;
  });
  const threads: NativeThread[] = [];
  const threadFns: string[] = [];
  const procs: string[] = [];
  let slot = 0;
  sc.processes.forEach((p, pi) => {
    const setup: string[] = [];
    for (const st of p.setup) {
      if (st.kind === 'map') {
        mapNames.add(st.decl.name);
        setup.push(cMap(st.decl, files));
      } else setup.push(`fl_store(${cExpr(st.addr)}, ${cExpr(st.value)});`);
    }
    const first = slot;
    const names: string[] = [];
    p.threads.forEach((t) => {
      collect(t.body);
      const body = cBlock(t.body, cx('thread', t.frameSize), '  ');
      const name = `thread_${slot}`;
      threadFns.push(`static void *${name}(void *arg) {\n  struct fl_thread *self = arg;\n  int64_t r[${Math.max(1, t.frameSize)}] = {0};\n  (void)r;\n  fl_start(self);${cSched(t.sched)}\n${body.join('\n')}\n  ${END}\n  return 0;\n}`);
      names.push(name);
      threads.push({ name: `${p.name}/${t.name}`, stmts: t.body.stmts.map((s) => s.range) });
      slot++;
    });
    threadFns.push(`static void setup_${pi}(void) {\n  int64_t r[1] = {0};\n  (void)r;\n${setup.map((l) => `  if (!sigsetjmp(fl_setup_jmp, 1)) ${l}`).join('\n')}\n}`);
    threadFns.push(`static void *(*const fns_${pi}[])(void *) = { ${names.join(', ') || '0'} };`);
    procs.push(`fl_process(${cString(p.name)}, setup_${pi}, ${first}, ${names.length}, fns_${pi});`);
  });
  const fileDecls = sc.files.map((f, i) => `fl_file_decl(${i}, ${cString(f.name)}, ${cExpr(f.pages)}, ${f.kind === 'shm' ? 1 : 0});`);
  const source = `${runtime}
/* ---- the scenario ---- */
${[...mapNames].map((n) => `static void *${mapVar(n)};`).join('\n')}
${sc.fns.map((_, i) => `static int64_t ${fnName(i)}(struct fl_thread *self, const int64_t *a);`).join('\n')}

${extra.join('\n\n')}

${fnDefs.join('\n\n')}

${conts.join('\n\n')}
static void (*const fl_conts[])(struct fl_thread *, int64_t *) = { ${conts.map((_, i) => `cont_${i}`).join(', ') || '0'} };

${threadFns.join('\n\n')}

int main(int argc, char **argv) {
  int64_t r[1] = {0};
  (void)r;
${sc.files.map((f, i) => `  fl_file_name(${i}, ${cString(f.name)}, ${f.kind === 'shm' ? 1 : 0});`).join('\n')}
${[...mapNames].map((n) => `  fl_name_add((void **)&${mapVar(n)});`).join('\n')}
  if (argc > 1) fl_resume(argc, argv, fl_conts);
  fl_init();
${fileDecls.map((l) => '  ' + l).join('\n')}
${threads.map((t) => `  fl_new(${cString(t.name)});`).join('\n')}
${procs.map((l) => '  ' + l).join('\n')}
  return fl_controller();
}
`;
  return { source, threads, compat32 };
}
