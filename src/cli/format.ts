// One line of text per kernel event, for `run --trace`.

import type { KernelEvent } from '../kernel/events';
import type { Session } from '../session/session';
import type { FutexKey } from '../kernel/futex/futex';
import { keyLabel } from '../kernel/snapshot';
import { processPid } from '../kernel/task';

export function formatEvent(e: KernelEvent, s: Session): string {
  const { step, type, ...rest } = e;
  const name = (tid: number) => (tid >= 0 ? s.k.s.tasks[tid]?.name ?? `tid ${tid}` : 'kernel');
  const pid = (slot: number) => (s.k.s.procs[slot] ? processPid(s.k.s.procs[slot]!) : slot);
  const fields = Object.entries(rest)
    .map(([key, v]) => {
      if (key === 'tid') return `thread=${name(v as number)}`;
      // Threads by name, never by their slot in the task table (gettid() says 101, the slot 0).
      if (key === 'by' || key === 'childTid' || (key === 'from' && (type === 'signal' || type === 'pi-lock'))) return `${key}=${name(v as number)}`;
      // The PID getpid() returns (kernel/task.ts processPid), not the process's slot.
      if (key === 'pid' || (type === 'fork' && (key === 'parent' || key === 'child'))) return `${key}=${pid(v as number)}`;
      if (key === 'identity' || key === 'toIdentity') return v ? `${key}=${(v as { label: string }).label}` : '';
      if ((key === 'key' || key === 'from' || key === 'to') && typeof v === 'object') return `${key}=${keyLabel(v as FutexKey)}`;
      if (key === 'reason' || key === 'toReason') return `${key}=${(v as { rule: string }).rule}`;
      if (key === 'woken') return `woken=[${(v as { who: string }[]).map((w) => w.who).join(', ')}]`;
      if (typeof v === 'number' && /addr|start|end|uaddr|^entry$|^head$/i.test(key)) return `${key}=0x${(v >>> 0).toString(16)}`;
      return `${key}=${typeof v === 'object' ? JSON.stringify(v) : v}`;
    })
    .filter(Boolean);
  return `[${String(step).padStart(4)}] ${type} ${fields.join(' ')}`;
}
