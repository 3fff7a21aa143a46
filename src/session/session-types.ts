// The types of a running session's results and snapshots (session.ts re-exports them).

import type { KernelState } from '../kernel/state';
import type { ThreadState } from './interp';
import type { OracleState } from './oracle';
import type { Overrides } from './options';

export type RunResult = 'ok' | 'anomaly' | 'deadlock' | 'assert-failed' | 'step-limit' | 'output-limit';

export interface OutputLine {
  step: number;
  thread: string;
  text: string;
}

export interface SessionConfig extends Overrides {
  /** Check the kernel's invariants after every step (the test suite turns this on). */
  checkInvariants?: boolean;
  /**
   * false: nobody reads the event log (a run that wants only its output, anomalies and result:
   * `futexlab run` without --trace, the bench). The events the oracle does not read are not made
   * (kernel/events.ts QUIET_EVENTS) and `events` holds only the last step's. Default true: the
   * debugger and the explorer read the whole log.
   */
  eventLog?: boolean;
}

/** Everything needed to put a session back where it was: the unit of reverse execution. */
export interface SessionSnapshot {
  kernel: KernelState;
  events: number;
  threads: ThreadState[];
  oracle: OracleState;
  /** Lines printed (outputCount) when it was taken. */
  output: number;
  /**
   * The session's output array then, shared (restoreRest never shortens one in place, trimOutput
   * makes a new one, printing only appends), and the absolute index of its first line: a restore
   * to a snapshot ahead of the live output (a goto forward, from before its lines were printed)
   * takes its lines from here.
   */
  outputLines: readonly OutputLine[];
  outputLinesBase: number;
  outputBytes: number;
  current: number;
  switchNow: boolean;
  result: RunResult | null;
  endMessage: string;
}
