// One line of text per kernel event, for `run --trace`.

import type { KernelEvent } from '../kernel/events';
import type { Session } from '../session/session';
import type { FutexKey } from '../kernel/futex/futex';
import { keyLabel } from '../kernel/snapshot';

export function formatEvent(e: KernelEvent, s: Session): string {
  const { step, type, ...rest } = e;
  const name = (tid: number) => (tid >= 0 ? s.k.s.tasks[tid]?.name ?? `tid ${tid}` : 'kernel');
  const fields = Object.entries(rest)
    .map(([key, v]) => {
      if (key === 'tid') return `thread=${name(v as number)}`;
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
