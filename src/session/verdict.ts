// The end of a run: the threads left blocked forever (hung anomalies, or notes when their mapping
// changed under them), the starved PI waiters, and the run's result and end message.

import type { Kernel } from '../kernel/kernel';
import { describeWait } from './describe';
import { reportStarved } from './oracle-pi';
import { reportHung, type OracleState } from './oracle';
import type { RunResult } from './session-types';

/**
 * The result of a run that ends now: `forced` when a budget or an assert ends it, else deadlock
 * (a thread is neither ended nor killed), anomaly or ok. The oracle's end-of-run reports are made
 * first (none after a failed assert, which is the run's finding).
 */
export function endRun(k: Kernel, oracle: OracleState, forced: RunResult | null, message: string): { result: RunResult; message: string } {
  const hung = k.s.tasks
    .filter((t) => t.state === 'blocked' && (t.wait.kind === 'futex' || t.wait.kind === 'poll') && t.timer < 0)
    .map((t) => ({ tid: t.tid, name: t.name, q: hungQ(k, t), qs: t.wait.kind === 'futex' ? t.wait.v : undefined, why: describeWait(k, t) }));
  if (forced !== 'assert-failed') reportStarved(oracle.pi, oracle.anomalies, k, k.s.step);
  if (forced !== 'assert-failed') reportHung(oracle, k.s.step, hung);
  const live = k.s.tasks.some((t) => t.state !== 'ended' && t.state !== 'killed');
  const result = forced ?? (live ? 'deadlock' : oracle.anomalies.length > 0 ? 'anomaly' : 'ok');
  return { result, message: message || (result === 'deadlock' ? `threads blocked forever: ${hung.map((h) => h.name).join(', ')}` : '') };
}

/**
 * The futex_q a hung thread waits through: its own, or for a poll the FUTEX_FD registration of the
 * polled fd (SEMANTICS.md: "FUTEX_FD registrations are waiters too"), whose mapping may have been
 * unmapped, moved, truncated or remapped since: then the hang is a note, not an anomaly. -1: none
 * (a poll of a negative fd, or of a registration already woken).
 */
function hungQ(k: Kernel, t: Kernel['s']['tasks'][number]): number {
  if (t.wait.kind === 'futex') return t.wait.q;
  if (t.wait.kind === 'poll' && t.wait.file >= 0) return k.s.files[t.wait.file]?.q ?? -1;
  return -1;
}
