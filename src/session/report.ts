// The JSON of a run, exactly as SEMANTICS.md "Command-line contract" specifies it.

import type { KernelEvent } from '../kernel/events';
import type { Anomaly, Note } from './oracle';
import type { OutputLine, RunResult, Session } from './session';

export interface RunJson {
  file: string;
  scenario: string | null;
  strategy: string;
  schedule: string;
  result: RunResult;
  steps: number;
  output: OutputLine[];
  threads: { name: string; state: string }[];
  anomalies: Anomaly[];
  notes: Note[];
  stats: { pinnedPagesMax: number; cowCopies: number; swapOuts: number; pageLockWaits: number; hashCollisions: number };
  events?: KernelEvent[];
}

export function runJson(s: Session, file: string, trace = false): RunJson {
  const st = s.k.s.stats;
  const json: RunJson = {
    file,
    scenario: s.program.scenario.title ?? null,
    strategy: s.strategyId,
    schedule: s.scheduleName,
    // A replay stops where its schedule ends: at the failure it reproduces.
    result: s.result ?? (s.anomalies.length > 0 ? 'anomaly' : 'step-limit'),
    steps: s.steps,
    output: s.output,
    threads: s.k.s.tasks.map((t) => ({ name: t.name, state: t.state })),
    anomalies: s.anomalies.map(({ tid: _slot, ...a }) => a),
    notes: s.notes,
    stats: {
      pinnedPagesMax: st.pinnedPagesMax, cowCopies: st.cowCopies, swapOuts: st.swapOuts,
      pageLockWaits: st.pageLockWaits, hashCollisions: st.hashCollisions,
    },
  };
  if (trace) json.events = [...s.events];
  return json;
}
