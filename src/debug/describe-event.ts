// One line about a kernel event, for the description of the stop it caused (function
// breakpoints and event filters, breakpoints.ts).

import type { KernelEvent } from '../kernel/events';
import type { Session } from '../session/session';

/** One line for a stop's description. */
export function describeEvent(s: Session, e: KernelEvent): string {
  const name = (tid: number) => (tid >= 0 ? s.k.s.tasks[tid]?.name ?? `tid ${tid}` : 'kernel');
  switch (e.type) {
    case 'wake':
      return `${name(e.tid)} ${e.op} on ${e.key} woke ${e.woken.length === 0 ? 'nobody' : e.woken.map((w) => w.who).join(', ')} (returns ${e.ret})`;
    case 'key':
      return `${name(e.tid)} ${e.op}(0x${e.uaddr.toString(16)}): key ${e.key}, bucket ${e.bucket}`;
    case 'cow':
      return `COW ${e.reused ? 'reuse' : 'copy'} at 0x${e.addr.toString(16)} in mm#${e.mm}: pfn ${e.oldPfn} -> ${e.newPfn}`;
    case 'fork':
      return `${name(e.tid)} forks ${name(e.childTid)}`;
    case 'exit':
      return `${name(e.tid)} exits (${e.how})`;
    case 'requeue':
      return `${name(e.tid)} requeues ${e.who} from ${e.from} to ${e.to}`;
    case 'swap-out':
      return `pfn ${e.pfn} swapped out to slot ${e.slot}${e.freed ? ', freed' : ''}`;
    default: {
      const { type, step: _step, ...rest } = e as KernelEvent & Record<string, unknown>;
      return `${type} ${JSON.stringify(rest)}`;
    }
  }
}
