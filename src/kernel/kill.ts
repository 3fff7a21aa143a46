// `kill PROCESS` (LANGUAGE.md "Version 2 additions"): SIGKILL from outside. Every thread of the
// process ends now, blocked or not, and each runs the thread-end work of exitTask (robust list,
// PI release, clear-tid) as do_exit does. The kernel's threads die as they are scheduled; here
// they die in creation order, within the killer's step. A process that does not exist (yet) or
// has ended: kill(2) returns -ESRCH, reported as a syscall event.

import type { Kernel } from './kernel';
import type { Task } from './state';
import { ESRCH } from './types';
import { exitTask } from './task';

export function killProcess(k: Kernel, from: Task, name: string): number {
  const p = k.s.procs.find((x) => x.name === name && x.alive);
  if (!p) {
    k.emit({ type: 'syscall', tid: from.tid, name: `kill ${name}`, ret: -ESRCH, detail: 'no such process' });
    return -ESRCH;
  }
  k.emit({ type: 'kill', tid: from.tid, pid: p.pid, name: p.name });
  for (const tid of [...p.tids]) exitTask(k, k.s.tasks[tid], 'killed', `SIGKILL from ${from.name}`);
  return 0;
}
