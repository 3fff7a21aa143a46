// Where a replayed trace (the launch attribute `replay`, runner.ts [1]) fails: in the step just
// run (an anomaly, or a failed end), or in the end of the run that follows its last step
// (threads left hung or deadlocked). Split from runner.ts (one concept per file); the cause it
// makes is anomaly-rank, so it outranks any breakpoint of the same step (stops.ts).

import type { Session } from '../session/session';
import type { Cause } from './stops';
import { stuckThreads } from './stuck';

/** The failure of trace `replay` at the step from position steps0 (anomalies from an0), or null. */
export function traceFailure(s: Session, replay: readonly number[], steps0: number, an0: number): Cause | null {
  const inTrace = steps0 < replay.length || (steps0 === replay.length && s.steps === steps0 && s.result !== null);
  if (!inTrace || !(s.anomalies.length > an0 || (s.result && s.result !== 'ok'))) return null;
  const ai = s.anomalies.length > an0 ? s.anomalies.length - 1 : undefined;
  const a = ai === undefined ? undefined : s.anomalies[ai];
  const left = s.result === 'deadlock' ? stuckThreads(s) : [];
  const message = left.length > 0
    ? `the run ends with ${left.map((t) => `${t.name} blocked forever in ${t.what}`).join('; ')}`
    : a ? a.message : `${s.result}: ${s.endMessage}`;
  const id = left.length > 0 ? (a?.kind === 'hung' ? 'hung' : 'deadlock') : a?.kind ?? 'replay';
  // Failing on the anomaly alone, it reports that anomaly, as the anomaly filter's cause does (stops.ts).
  const anomaly = left.length === 0 ? ai : undefined;
  return { kind: 'anomaly', reason: 'exception', tid: left[0]?.tid ?? Math.max(0, s.lastStep.tid), description: `the replayed trace fails here: ${message}`, exception: { id, message }, anomaly };
}
