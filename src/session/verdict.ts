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
    .map((t) => ({ tid: t.tid, name: t.name, q: t.wait.kind === 'futex' ? t.wait.q : -1, why: describeWait(k, t) }));
  if (forced !== 'assert-failed') reportStarved(oracle.pi, oracle.anomalies, k, k.s.step);
  if (forced !== 'assert-failed') reportHung(oracle, k.s.step, hung);
  const live = k.s.tasks.some((t) => t.state !== 'ended' && t.state !== 'killed');
  const result = forced ?? (live ? 'deadlock' : oracle.anomalies.length > 0 ? 'anomaly' : 'ok');
  return { result, message: message || (result === 'deadlock' ? `threads blocked forever: ${hung.map((h) => h.name).join(', ')}` : '') };
}
