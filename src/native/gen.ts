// Scenario -> C source for the native run (issue #12). The slice supported today: one process,
// straight-line threads, private or shared anonymous rw maps declared in the process setup,
// store/load, futex_wait/futex_wake, the bitset ops, futex_waitv and the futex2 calls, sleep and
// print. Anything else is refused with its location
// (never skipped in silence). Each thread runs one statement per grant from the controller in
// native/runtime.h; the controller follows a schedule given on stdin (src/native/schedule.ts).

import type { Expr, Futex2Entry, Rhs, Scenario, Stmt, Range } from '../lang/ast';
import { cPiRhs, cSched, PI_RUNTIME_C } from './gen-pi';

export class Unsupported extends Error {
  constructor(readonly range: Range, what: string) {
    super(`${what} is not supported by the native runner yet`);
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
}

const BIN_OPS = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||', '&', '|', '^']);
const UN_OPS = new Set(['-', '!', '~']);

function cExpr(e: Expr): string {
  switch (e.kind) {
    case 'int':
      return `INT64_C(${e.value})`;
    case 'name':
      if (e.ref.kind === 'reg') return `r[${e.ref.slot}]`;
      if (e.ref.kind === 'map') return `(int64_t)(uintptr_t)m_${e.ref.name}`;
      if (e.ref.kind === 'const') return `INT64_C(${e.ref.value})`;
      throw new Unsupported(e.range, `name '${e.name}'`);
    case 'unary':
      if (!UN_OPS.has(e.op)) throw new Unsupported(e.range, `operator '${e.op}'`);
      return `(int64_t)(${e.op}${cExpr(e.operand)})`;
    case 'binary':
      if (!BIN_OPS.has(e.op)) throw new Unsupported(e.range, `operator '${e.op}'`);
      if (e.op === '/' || e.op === '%') return `fl_div(${cExpr(e.left)}, ${cExpr(e.right)}, '${e.op}')`;
      // + - * wrap at 64 bits as in the language (LANGUAGE.md "Expressions"): through uint64_t.
      if (e.op === '+' || e.op === '-' || e.op === '*') return `(int64_t)((uint64_t)${cExpr(e.left)} ${e.op} (uint64_t)${cExpr(e.right)})`;
      return `(int64_t)(${cExpr(e.left)} ${e.op} ${cExpr(e.right)})`;
  }
}

function cRhs(v: Rhs): string {
  switch (v.kind) {
    case 'expr':
      return cExpr(v.expr);
    case 'load':
      return `fl_load(${cExpr(v.addr)})`;
    case 'futex_wait':
      return `fl_futex_wait(${cExpr(v.addr)}, ${cExpr(v.val)}, ${v.flags.timeout ? cExpr(v.flags.timeout) : '-1'}, ${v.flags.private ? 1 : 0})`;
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
    default: {
      // PI futexes and requeue-PI: gen-pi.ts.
      const pi = cPiRhs(v, cExpr);
      if (pi !== undefined) return pi;
      throw new Unsupported(v.range, v.kind);
    }
  }
}

const ticks = (e: Expr | undefined) => (e ? cExpr(e) : '-1');
const size = (e: Expr | undefined) => (e ? cExpr(e) : 'INT64_C(32)');

/** futex_waitv / futex2_requeue entries as an int64_t array: ADDR, VAL, PRIVATE, SIZE each. */
function entries(es: Futex2Entry[]): string {
  if (es.length === 0) return '(const int64_t *)0';
  return `(const int64_t[]){ ${es.map((e) => `${cExpr(e.addr)}, ${e.val ? cExpr(e.val) : 'INT64_C(0)'}, ${e.private ? 1 : 0}, ${size(e.size)}`).join(', ')} }`;
}

function cString(s: string): string {
  return JSON.stringify(s).replace(/\?/g, '\\?');
}

function cStmt(s: Stmt): string {
  switch (s.kind) {
    case 'let': case 'assign':
      return `r[${s.slot}] = ${cRhs(s.value)};`;
    case 'do':
      return `(void)(${cRhs(s.value)});`;
    case 'store':
      return `fl_store(${cExpr(s.addr)}, ${cExpr(s.value)});`;
    case 'sleep':
      // The schedule already orders the steps around the sleep; nothing to wait for here.
      return `(void)(${cExpr(s.ticks)});`;
    case 'print': {
      const parts = s.args.map((a) => (a.kind === 'string' ? `fl_print_str(&pb, ${cString(a.value)});` : `fl_print_int(&pb, ${cExpr(a)});`));
      return `{ struct fl_pbuf pb = {0}; ${parts.join(' ')} fl_print_end(self, &pb); }`;
    }
    default:
      throw new Unsupported(s.range, `statement '${s.kind}'`);
  }
}

/** Generate the C program, or throw Unsupported at the first construct outside the slice. */
export function generateC(sc: Scenario, runtime: string): Generated {
  if (sc.processes.length !== 1) throw new Unsupported((sc.processes[1] ?? sc.processes[0])?.range ?? { start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } }, 'anything but exactly one process');
  if (sc.files.length > 0) throw new Unsupported(sc.files[0].range, 'file declarations');
  const p = sc.processes[0];
  const maps: string[] = [];
  const setup: string[] = [];
  for (const st of p.setup) {
    if (st.kind === 'map') {
      const d = st.decl;
      if (d.backing.kind !== 'anon' || d.prot !== 'rw' || d.at || d.offset) throw new Unsupported(d.range, 'this map declaration');
      maps.push(`static void *m_${d.name};`);
      setup.push(`m_${d.name} = fl_map_anon(${cExpr(d.pages)}, ${d.backing.shared ? 1 : 0});`);
    } else {
      setup.push(`{ int64_t r[1]; (void)r; fl_store(${cExpr(st.addr)}, ${cExpr(st.value)}); }`);
    }
  }
  const threads: NativeThread[] = [];
  const fns: string[] = [];
  p.threads.forEach((t, i) => {
    // `sched fifo P` / `nice N`: set by the thread itself before its first gate (gen-pi.ts).
    const sched = t.sched ? `  ${cSched(t.sched, `${p.name}/${t.name}`)}\n` : '';
    const slots = Math.max(1, t.frameSize ?? 64);
    const body = t.body.stmts.map((s, j) => `  fl_gate(self, ${j});\n  ${cStmt(s)}`);
    fns.push(`static void *thread_${i}(void *arg) {\n  struct fl_thread *self = arg;\n  int64_t r[${slots}] = {0};\n  (void)r;\n${sched}  fl_start(self);\n${body.join('\n')}\n  fl_gate(self, ${t.body.stmts.length});\n  return 0;\n}`);
    threads.push({ name: `${p.name}/${t.name}`, stmts: t.body.stmts.map((s) => s.range) });
  });
  const names = threads.map((t) => cString(t.name)).join(', ');
  const source = `${runtime}\n${PI_RUNTIME_C}\n${maps.join('\n')}\n${fns.join('\n\n')}\n
static void *(*const fl_fns[])(void *) = { ${threads.map((_, i) => `thread_${i}`).join(', ')} };
static const char *const fl_names[] = { ${names} };
static const int fl_nstmts[] = { ${threads.map((t) => t.stmts.length).join(', ')} };
int main(void) {
${setup.map((l) => '  ' + l).join('\n')}
  return fl_controller(${threads.length}, fl_fns, fl_names, fl_nstmts);
}
`;
  return { source, threads };
}
