// The bodies of the adapter's custom requests, the one way the extension reaches the engine
// (extension/protocol.ts is the other side):
//   `futexlab/state`     the kernel's one projection (kernel/snapshot.ts) and the run's status;
//                        whole, or with `path` / `start` / `count` by pages (state-pages.ts);
//   `futexlab/timeline`  the events, threads and anomalies of the run the debugger has made so far,
//                        up to the current step: the timeline shows exactly what the debugger ran.

import type { KernelEvent } from '../kernel/events';
import type { KernelView } from '../kernel/snapshot';
import type { Anomaly, Note } from '../session/oracle';
import type { OutputLine, Session } from '../session/session';
import { stateView, taskCount, threadName } from '../session/inspect';

export interface StateBody {
  view: KernelView;
  step: number;
  /** Steps recorded in the history (reverse stepping can go back to 0, forward to here). */
  historyLength: number;
  running: boolean;
  result: Session['result'];
  endMessage: string;
  output: OutputLine[];
  /** Lines printed before the first of `output`, sent as output events and not kept. */
  outputDropped: number;
  anomalies: Anomaly[];
  notes: Note[];
}

/**
 * `futexOp`: the last futex call at this position as the history knows it (history.ts), for when
 * the kernel's event log no longer holds it (after a far goto, or a trimmed log).
 */
export function stateBody(s: Session, historyLength: number, running: boolean, futexOp?: KernelView['lastFutexOp']): StateBody {
  const view = stateView(s);
  if (!view.lastFutexOp && futexOp) view.lastFutexOp = futexOp;
  return {
    view, step: s.steps, historyLength, running, result: s.result, endMessage: s.endMessage,
    output: s.output, outputDropped: s.outputBase, anomalies: s.anomalies, notes: s.notes,
  };
}

export interface TimelineBody {
  /** The step the session is at. */
  step: number;
  events: KernelEvent[];
  threads: { tid: number; name: string }[];
  anomalies: Anomaly[];
}

/** The recorded run's events (history.ts TimelineLog), with the session at `s.steps` among them. */
export function timelineBody(s: Session, events: readonly KernelEvent[], anomalies: readonly Anomaly[]): TimelineBody {
  return {
    step: s.steps,
    events: [...events],
    threads: Array.from({ length: taskCount(s) }, (_, tid) => ({ tid, name: threadName(s, tid)! })),
    anomalies: [...anomalies],
  };
}
