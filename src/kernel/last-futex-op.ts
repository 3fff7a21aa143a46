// The last futex operation of a run, for the views (kernel/snapshot.ts): which thread asked, the
// key get_futex_key computed and the bucket it hashed to, and what came of it. A wake that finds
// nobody leaves no waiter behind to look at; this is how a user sees that P's wake looked in
// bucket 78 for (mm#1, 0x10000000) and found it empty (ISSUE #10 section 4).
//
// Read from the event log (events.ts): the last `key` event, then the events of the same step and
// task after it (`wake`, `queue`, `requeue`, an `unqueue` for a value mismatch).

import type { Kernel } from './kernel';
import { hex } from './types';
import { keyLabel } from './futex/futex';

export interface FutexOpView {
  step: number;
  /** The thread that made the call. */
  thread: string;
  /** `futex_wait`, `futex_wake`, ... as the key event names it. */
  op: string;
  uaddr: string;
  key: string;
  bucket: number;
  /** `woke 1 (C/main)`, `woke 0`, `queued q1`, `requeued 2`, or '' when the log says no more. */
  outcome: string;
}

/** How far back to look for the last key lookup: a bound on the work done at every stop. */
const SCAN_LIMIT = 20_000;

export function lastFutexOp(k: Kernel): FutexOpView | null {
  const ev = k.events;
  const stop = Math.max(0, ev.length - SCAN_LIMIT);
  for (let i = ev.length - 1; i >= stop; i--) {
    const e = ev[i]!;
    if (e.type !== 'key') continue;
    let outcome = '';
    let requeued = 0;
    for (let j = i + 1; j < ev.length; j++) {
      const f = ev[j]!;
      if (f.step !== e.step || f.by !== e.by) break;
      if (f.type === 'wake') outcome = `woke ${f.ret}${f.woken.length ? ` (${f.woken.map((w) => w.who).join(', ')})` : ''}`;
      else if (f.type === 'queue' && f.tid === e.tid) outcome = `queued q${f.q}`;
      else if (f.type === 'requeue') requeued++;
      else if (f.type === 'unqueue' && f.why === 'mismatch') outcome = 'the word changed: -EAGAIN';
    }
    if (requeued) outcome = `${outcome ? `${outcome}, ` : ''}requeued ${requeued}`;
    return { step: e.step, thread: k.s.tasks[e.tid]?.name ?? `tid ${e.tid}`, op: e.op, uaddr: hex(e.uaddr), key: keyLabel(e.key), bucket: e.bucket, outcome };
  }
  return null;
}
