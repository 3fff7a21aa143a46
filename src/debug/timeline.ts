// `futexlab/timeline`: the events, threads and anomalies of the run the debugger has made so far,
// for the extension's timeline (extension/timeline.ts). It is this session's own run, up to the
// current step, so the timeline shows exactly what the debugger ran (no second session).

import type { KernelEvent } from '../kernel/events';
import type { Anomaly } from '../session/oracle';
import type { Session } from '../session/session';

export interface TimelineBody {
  /** The step the session is at. */
  step: number;
  events: KernelEvent[];
  threads: { tid: number; name: string }[];
  anomalies: Anomaly[];
}

export function timelineBody(s: Session): TimelineBody {
  return {
    step: s.steps,
    events: [...s.events],
    threads: s.k.s.tasks.map((t) => ({ tid: t.tid, name: t.name })),
    anomalies: [...s.anomalies],
  };
}
