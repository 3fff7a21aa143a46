// The statements that act on the system rather than on a thread's registers and memory words:
// signals, fork and spawn, exit and exec, the mm calls (mmap, munmap, mremap, mprotect,
// remap_file_pages, madvise) and the environment events (LANGUAGE.md: what the rest of the
// system does). Apart from interp.ts, which keeps the step itself (registers, atomics, calls,
// futex calls): each of these is one kernel call, and none of them is on the quiet-step path.
// Killing the thread is interp.ts's (its kill): execSystem only says why.

import type { Kernel } from '../kernel/kernel';
import type { Mm, Task } from '../kernel/state';
import type { Instr } from './program';
import type { EvalEnv } from './expr';
import type { Frame, InterpContext } from './interp';
import { doMadviseDontneed, doMmap, doMprotect, doMremap, doMunmap, doRemapFilePages } from '../kernel/mm';
import { deliverSignal } from '../kernel/signal';
import { doExec, doFork, doLockPage, doSpawn, exitGroup, exitTask } from '../kernel/task';
import { setSched } from '../kernel/prio';
import { doTruncate, reclaimAll, swapOutAddr } from '../kernel/evict';
import { handleFault } from '../kernel/fault';
import { PAGE_SIZE } from '../kernel/types';
import { killProcess } from '../kernel/kill';
import { taskWritten } from '../kernel/task-stamp';
import { newThread } from './threads';

/**
 * The statements execInstr leaves to this file, with the pc moved past the statement first.
 * Returns why thread t is to be killed (an environment event that failed), else undefined.
 */
export function execSystem(cx: InterpContext, t: Task, f: Frame, env: EvalEnv, m: Mm, ins: Instr): string | undefined {
  const k = cx.k;
  f.pc++;
  switch (ins.op) {
    case 'signal': {
      const tid = cx.findThread(ins.thread, t);
      if (tid !== undefined) deliverSignal(k, t.tid, k.s.tasks[tid]);
      break;
    }
    case 'set_tid_address': t.clearTid = ins.addr(env); taskWritten(t); break;
    case 'kill': killProcess(k, t, ins.process); break;
    case 'fork': {
      const child = doFork(k, t, ins.name);
      // fork and spawn are statements: a failure (a limit of kernel/limits.ts) is a failed
      // syscall event, and the caller goes on past the block without a child.
      if (typeof child === 'number') {
        k.emit({ type: 'syscall', tid: t.tid, name: `fork ${ins.name}`, ret: child, detail: 'fork failed' });
        break;
      }
      cx.addThread(newThread(child.tid, ins.unit, [...f.regs]));
      break;
    }
    case 'spawn': {
      const child = doSpawn(k, t, ins.name);
      if (typeof child === 'number') {
        k.emit({ type: 'syscall', tid: t.tid, name: `spawn ${ins.name}`, ret: child, detail: 'clone failed' });
        break;
      }
      setSched(k, child, ins.sched);
      cx.addThread(newThread(child.tid, ins.unit, [...f.regs]));
      break;
    }
    case 'exit': exitTask(k, t, 'ended'); break;
    case 'exit_group': exitGroup(k, t); break;
    case 'exec': doExec(k, t); break;
    case 'map': mapDecl(cx, t, m, env, ins.decl); break;
    case 'munmap': {
      const start = ins.name !== undefined ? m.names.get(ins.name) : ins.addr!(env);
      const v = start !== undefined ? m.vmas.find((x) => x.start === start) : undefined;
      const len = ins.name !== undefined ? (v ? v.end - v.start : 0) : ins.pages!(env) * PAGE_SIZE;
      if (start !== undefined && len > 0) doMunmap(k, m, start, len);
      break;
    }
    case 'mremap': {
      const start = m.names.get(ins.name);
      const r = start !== undefined ? doMremap(k, m, start, ins.pages(env), ins.to ? ins.to(env) : undefined) : 0;
      if (r < 0) k.emit({ type: 'syscall', tid: t.tid, name: `mremap ${ins.name}`, ret: r, detail: 'remapping failed' });
      break;
    }
    case 'mprotect': {
      const start = m.names.get(ins.name);
      if (start !== undefined) doMprotect(k, m, start, ins.write);
      break;
    }
    case 'remap_file_pages': {
      const start = m.names.get(ins.name);
      if (start !== undefined) doRemapFilePages(k, m, start, ins.page(env), ins.filePage(env));
      break;
    }
    case 'madvise': {
      const start = m.names.get(ins.name);
      if (start !== undefined) doMadviseDontneed(k, m, start);
      break;
    }
    case 'swap_out': case 'swap_in': return runEnvironment(k, t, { op: ins.op, addr: ins.addr(env) });
    case 'reclaim': return runEnvironment(k, t, { op: 'reclaim' });
    case 'truncate': return runEnvironment(k, t, { op: 'truncate', file: ins.file, pages: ins.pages(env) });
    case 'lock_page': return runEnvironment(k, t, { op: 'lock_page', addr: ins.addr(env), ticks: ins.ticks(env) });
    default: throw new Error(`internal: instruction ${ins.op}`);
  }
  return undefined;
}

/** The environment events of the language (LANGUAGE.md: what the rest of the system does). */
export type EnvEvent =
  | { op: 'reclaim' }
  | { op: 'swap_out' | 'swap_in'; addr: number }
  | { op: 'truncate'; file: string; pages: number }
  | { op: 'lock_page'; addr: number; ticks: number };

/**
 * Run an environment event in the address space of thread t: from a scenario's statement, or
 * from the debugger's console between steps (Session.environment). Returns why it failed.
 */
export function runEnvironment(k: Kernel, t: Task, e: EnvEvent): string | undefined {
  if (e.op === 'reclaim') return void reclaimAll(k);
  // truncate(2) refuses a negative length (-EINVAL); a lock held for a negative time means nothing.
  if (e.op === 'truncate') return e.pages < 0 ? `truncate ${e.file}, pages ${e.pages}: a file size cannot be negative` : void doTruncate(k, e.file, e.pages);
  if (e.op === 'lock_page' && e.ticks < 0) return `lock_page ticks ${e.ticks}: a time cannot be negative`;
  const m = k.s.mms[k.s.procs[t.pid].mm];
  if (!m) return `the process of ${t.name} has no memory`;
  switch (e.op) {
    case 'swap_out': swapOutAddr(k, m, e.addr); return undefined;
    case 'swap_in': {
      const r = handleFault(k, m, e.addr, false);
      return r.ok ? undefined : r.message;
    }
    case 'lock_page': doLockPage(k, t, e.addr, e.ticks); return undefined;
  }
}

export function mapDecl(cx: InterpContext, t: Task | null, m: Mm, env: EvalEnv, d: import('./program').CMapDecl): number {
  const r = doMmap(cx.k, m, {
    name: d.name, backing: d.backing, shared: d.shared, write: d.write, pages: d.pages(env), file: d.file,
    rdonly: d.rdonly, offset: d.offset ? d.offset(env) : 0, at: d.at ? d.at(env) : undefined,
  });
  if (r < 0) cx.k.emit({ type: 'syscall', tid: t ? t.tid : -1, name: `mmap ${d.name}`, ret: r, detail: 'mapping failed' });
  return r;
}
