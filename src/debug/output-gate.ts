// How many program output lines one run sends to the client (issue 9: a runaway scenario must
// not take the extension host down with it). The adapter runs inside the extension host in VS
// Code, and every output event goes to the Debug Console: a print loop made 615,000 events
// before the output budget (max_output) ended it, and the adapter's RSS reached 468 MB with the
// events queued on its stdout. Between two stops, the first LINES_PER_RUN lines go out one event
// each (with their source line); the others are counted, said once when the gate closes and
// once at the stop. The session keeps the last lines either way (runner.ts OUTPUT_KEPT), for
// futexlab/state, and the count of the ones it did not keep.

/** Lines sent as events between two stops. */
export const LINES_PER_RUN = 10_000;

export class OutputGate {
  private sent = 0;
  private held = 0;

  /** True when this line may go out as an event; else it is counted. */
  admit(): boolean {
    if (this.sent < LINES_PER_RUN) {
      this.sent++;
      return true;
    }
    this.held++;
    return false;
  }

  /** The gate just closed on this line: what to tell the user now. */
  get justClosed(): boolean {
    return this.held === 1;
  }

  /** At a stop: the lines not sent since the last stop (then counting starts again), or null. */
  stop(): string | null {
    const held = this.held;
    this.sent = 0;
    this.held = 0;
    return held > 0 ? `${held} more output lines were not shown (more than ${LINES_PER_RUN} in one run); the last ones are in the state (futexlab/state output)` : null;
  }
}

export const GATE_CLOSED = `more than ${LINES_PER_RUN} output lines in this run: the rest are counted, not shown, until the next stop`;
