// Statements -> C for the native run. Every statement the simulator counts as a step (one
// instruction of session/program.ts: `if` and `while` conditions, `break`, `continue`, a call,
// `return` included; the `else` jump, a loop's back jump, implicit returns and a thread's end are
// not steps) starts with a gate on its source offset: the controller grants exactly the
// statement the simulator ran. Control flow is C's own (if/for/break/continue/return), so the
// generated program reads like the scenario.

import type { Block, Rhs, SchedDecl, Stmt } from '../lang/ast';
import { cExpr, cRhs, cString, Unsupported } from './gen';
import { cEventStmt } from './gen-events';

export interface StmtCtx {
  /** 'thread' for thread, fork and spawn bodies (`return` ends the thread), 'fn' for a function body. */
  unit: 'thread' | 'fn';
  /** Register slots of the frame (fork and spawn bodies share their caller's layout). */
  slots: number;
  /** C functions made along the way (spawn bodies), added to the program. */
  extra: string[];
  /** Scenario function name -> index (its C name is fn_INDEX). */
  fns: Map<string, number>;
  /** Declared file or shm name -> index in the runtime's file table. */
  files: Map<string, number>;
  /** At the top level of a thread, fork or spawn body (where `exec` can be carried out). */
  top: boolean;
  /** What runs after each `exec` (index = its id): C functions `cont_ID(self, r)`. */
  conts: string[];
}

export { END };
export const fnName = (i: number) => `fn_${i}`;

/** The body of a block, one statement per line (blocks nest with two more spaces). */
export function cBlock(b: Block | Stmt[], cx: StmtCtx, ind: string): string[] {
  const ss = Array.isArray(b) ? b : b.stmts;
  const out: string[] = [];
  for (let i = 0; i < ss.length; i++) {
    const s = ss[i];
    if (s.kind === 'exec') return [...out, ...cExec(s, ss.slice(i + 1), cx, ind)];
    out.push(...cStmt(s, { ...cx, top: cx.top && s.kind !== 'if' && s.kind !== 'while' }, ind));
  }
  return out;
}

/**
 * `exec`: a real execve of this program (/proc/self/exe), which gives the process a fresh mm;
 * the new image finds the control page again (a memfd) and runs the rest of the block, the
 * statements after `exec`, with the thread's registers (runtime-ctl.ts fl_exec, fl_resume).
 * Only at the top level of a thread, fork or spawn body: the rest is then a plain C function.
 */
function cExec(s: Stmt, rest: Stmt[], cx: StmtCtx, ind: string): string[] {
  if (!cx.top || cx.unit !== 'thread') throw new Unsupported(s.range, "'exec' inside an if, a while or a function (only at the top level of a thread, fork or spawn body)");
  const id = cx.conts.length;
  cx.conts.push('');
  const body = cBlock(rest, { ...cx, top: true }, '  ');
  cx.conts[id] = `static void cont_${id}(struct fl_thread *self, int64_t *r) {\n  (void)r;\n${body.join('\n')}\n  ${END}\n}`;
  return [`${ind}${gate(s)}`, `${ind}fl_exec(self, ${id}, r, ${cx.slots});`];
}

/** The gate of a statement: its source offset (the schedule's name for it), and its line:col for the reader. */
const gate = (s: Stmt) => `fl_gate(self, ${s.range.start.offset}); /* ${s.range.start.line}:${s.range.start.col} */`;

function value(v: Rhs, cx: StmtCtx): string {
  if (v.kind !== 'call') return cRhs(v);
  const i = cx.fns.get(v.fn);
  if (i === undefined) throw new Unsupported(v.range, `call of '${v.fn}'`);
  const args = v.args.length ? `(const int64_t[]){ ${v.args.map(cExpr).join(', ')} }` : '(const int64_t *)0';
  return `${fnName(i)}(self, ${args})`;
}

/** The thread ends (end of its block, `exit`, a `return` outside a function): it waits at its end
 * gate until the simulator's thread ends (schedule.ts THREAD_ENDED), then exits. */
const END = 'fl_gate(self, FL_END); fl_exit_thread(self);';

function cStmt(s: Stmt, cx: StmtCtx, ind: string): string[] {
  const g = `${ind}${gate(s)}`;
  const line = (c: string) => [g, `${ind}${c}`];
  switch (s.kind) {
    case 'let': case 'assign':
      return line(`r[${s.slot}] = ${value(s.value, cx)};`);
    case 'do':
      return line(`(void)(${value(s.value, cx)});`);
    case 'store':
      return line(`fl_store(${cExpr(s.addr)}, ${cExpr(s.value)});`);
    case 'sleep':
      // The schedule already orders the steps around the sleep; nothing to wait for here.
      return line(`(void)(${cExpr(s.ticks)});`);
    case 'yield':
      return line('sched_yield();');
    case 'print': {
      const parts = s.args.map((a) => (a.kind === 'string' ? `fl_print_str(&pb, ${cString(a.value)});` : `fl_print_int(&pb, ${cExpr(a)});`));
      return line(`{ struct fl_pbuf pb = {0}; ${parts.join(' ')} fl_print_end(self, &pb); }`);
    }
    case 'assert':
      return line(`fl_assert(self, ${cExpr(s.cond)}, ${cString(s.message ?? 'assertion failed')});`);
    case 'if': {
      const out = [g, `${ind}if (${cExpr(s.cond)}) {`, ...cBlock(s.then, cx, ind + '  ')];
      if (s.else) out.push(`${ind}} else {`, ...cBlock(s.else, cx, ind + '  '));
      out.push(`${ind}}`);
      return out;
    }
    case 'while':
      // The condition is a step each time round, `continue` included (it jumps to the condition).
      return [`${ind}for (;;) {`, `${ind}  ${gate(s)}`, `${ind}  if (!(${cExpr(s.cond)})) break;`, ...cBlock(s.body, cx, ind + '  '), `${ind}}`];
    case 'break': return line('break;');
    case 'continue': return line('continue;');
    case 'return':
      if (cx.unit === 'thread') return line(END);
      return line(`return ${s.value ? cExpr(s.value) : 'INT64_C(0)'};`);
    case 'exit': return line(END);
    case 'exit_group': return line('fl_exit_group();');
    case 'kill': return line(`fl_kill_process(${cString(s.process)});`);
    case 'set_tid_address': return line(`fl_set_tid_address(${cExpr(s.addr)});`);
    case 'close': return line(`fl_close(${cExpr(s.fd)});`);
    case 'fork':
      // A real fork(2): the child's one thread runs the block in a copy of this frame, then ends.
      return [g, `${ind}if (fl_fork(&self, ${cString(s.name)})) {`, ...cBlock(s.body, { ...cx, unit: 'thread', top: true }, ind + '  '), `${ind}  ${END}`, `${ind}}`];
    case 'spawn': {
      const name = `spawn_${s.range.start.offset}`;
      cx.extra.push(spawnFn(name, s.body, cx, s.sched));
      return line(`fl_spawn(${cString(s.name)}, ${name}, r, ${cx.slots});`);
    }
    case 'signal':
      // tgkill(SIGUSR1). A waiter it interrupts runs at once on another CPU natively; the
      // simulator's one CPU leaves it queued until it runs (docs/native.md "Differences").
      return line(`fl_signal(${cString(s.thread)});`);
    case 'lock_page':
      throw new Unsupported(s.range, "'lock_page' (no system call holds a page lock from user space)");
    default:
      return line(cEventStmt(s, cx));
  }
}

/** `sched fifo P` / `nice N` of a thread or spawn, run by the thread itself at its start. */
export function cSched(d: SchedDecl | undefined): string {
  if (!d) return '';
  return d.kind === 'fifo' ? `\n  fl_sched(self, 1, ${d.prio});` : `\n  fl_sched(self, 0, ${d.nice});`;
}

/** A spawn body: a thread function with a copy of the caller's registers. */
function spawnFn(name: string, body: Block, cx: StmtCtx, sched: SchedDecl | undefined): string {
  const inner = cBlock(body, { ...cx, unit: 'thread', top: true }, '  ');
  return `static void *${name}(void *arg) {
  struct fl_sp *sp = arg;
  struct fl_thread *self = sp->t;
  int64_t r[${cx.slots}];
  memcpy(r, sp->r, sizeof r);
  free(sp);
  fl_start(self);${cSched(sched)}
${inner.join('\n')}
  ${END}
  return 0;
}`;
}
