// A session's start (LANGUAGE.md "Execution"): the scenario's files and shm objects, each
// process with its setup items (maps and initial stores) run in order, then every thread. A setup
// item that fails is a failed system call of step 0, never an internal error (issue #14).

import type { Kernel } from '../kernel/kernel';
import { declareFile, igetDisk, iget } from '../kernel/fs';
import { setSched } from '../kernel/prio';
import { createProcess, createTask } from '../kernel/task';
import { mm } from '../kernel/mm';
import { storeWord } from '../kernel/fault';
import { EFAULT } from '../kernel/types';
import { mapDecl, type InterpContext, type ThreadState } from './interp';
import type { Program } from './program';
import { RuntimeFault, type CompiledExpr, type EvalEnv } from './expr';
import { newThread } from './threads';

/** What the setup needs of the session. */
export interface SetupHost {
  k: Kernel;
  program: Program;
  cx: InterpContext;
  addThread(t: ThreadState): void;
}

export function setupScenario(h: SetupHost): void {
  const k = h.k;
  const env0 = { regs: [], mapAddr: () => undefined };
  for (const f of h.program.files) {
    declareFile(k, f.name, f.kind, f.pages(env0));
    // A shm object exists for the whole run, as an IPC segment until IPC_RMID.
    if (f.kind === 'shm') iget(k, igetDisk(k, k.s.disk.get(f.name)!));
  }
  const procs = h.program.processes.map((p) => ({ p, proc: createProcess(k, p.name) }));
  for (const { p, proc } of procs) {
    const m = mm(k, proc.mm);
    const env = { regs: [], mapAddr: (n: string) => m.names.get(n) };
    for (const s of p.setup) {
      if (s.kind === 'map') initial(k, `mmap ${s.decl.name}`, () => void mapDecl(h.cx, null, m, env, s.decl));
      else initialStore(k, m, env, s);
    }
  }
  // Every task exists before any is normalized: a thread with an empty block ends at once, and
  // had its siblings not been created yet, its exit would drop the last mm_users and tear the mm
  // down under them (issue #14: `kernel panic: mm#1 is not allocated`).
  const created: { tid: number; unit: number }[] = [];
  for (const { p, proc } of procs) {
    for (const th of p.threads) {
      const t = createTask(k, proc, `${p.name}/${th.name}`);
      setSched(k, t, th.sched);
      created.push({ tid: t.tid, unit: th.unit });
    }
  }
  for (const { tid, unit } of created) {
    h.addThread(newThread(tid, unit, new Array(h.program.units[unit].frameSize).fill(0)));
  }
}

/**
 * An initial store: a fault (a page the mapping cannot give) or a name whose mmap failed (`pages
 * 0`, past TASK_SIZE, `-EACCES`) is reported as a failed syscall of step 0 and the setup goes
 * on, as a thread's store would fault.
 */
function initialStore(k: Kernel, m: ReturnType<typeof mm>, env: EvalEnv, s: { addr: CompiledExpr; value: CompiledExpr }): void {
  initial(k, 'store', () => {
    const addr = s.addr(env);
    if (storeWord(k, m, addr, s.value(env))) k.emit({ type: 'syscall', tid: -1, name: 'store', ret: -EFAULT, detail: `initial store at 0x${addr.toString(16)} faulted` });
  });
}

/** Runs one setup item; a RuntimeFault (unknown map name, division by zero) becomes a failed syscall event. */
function initial(k: Kernel, name: string, body: () => void): void {
  try {
    body();
  } catch (e) {
    if (!(e instanceof RuntimeFault)) throw e;
    k.emit({ type: 'syscall', tid: -1, name, ret: -EFAULT, detail: `initial ${name.split(' ')[0]}: ${e.message}` });
  }
}
