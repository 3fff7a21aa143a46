// The one line the Debug Console gets when a run ends (Run Scenario, Continue to the end, a
// noDebug launch): result, strategy, steps and anomalies. Made from the session's typed result.

import type { Session } from '../session/session';
import { plural } from '../lang/plural';

export function runSummary(s: Session): string {
  const counts = new Map<string, number>();
  for (const a of s.anomalies) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  const anomalies = s.anomalies.length === 0
    ? 'no anomalies'
    : `${plural(s.anomalies.length, 'anomaly', 'anomalies')} (${[...counts].map(([k, n]) => (n > 1 ? `${k} x${n}` : k)).join(', ')})`;
  const end = s.endMessage ? `: ${s.endMessage}` : '';
  return `the run is over: ${s.result ?? 'not over'}${end} · strategy ${s.strategyId} · ${plural(s.steps, 'step')} · ${anomalies}`;
}
