// The events of the recorded run, for the Timeline (the futexlab/timeline request): what the
// debugger ran, from launch to the end of its history, so that after a step back the timeline
// still shows the steps ahead that were recorded (and a click on one goes there).
//
// The kernel's own event log cannot serve: restoring a checkpoint rewinds it, and the adapter
// trims it while running (runner.ts event window). This log follows the history instead: a step
// run live appends its events; forgetting the positions after p (History.truncate) drops the
// events of later steps. It keeps at most MAX_EVENTS, the newest.

import type { KernelEvent } from '../kernel/events';
import type { Session } from '../session/session';
import type { Anomaly } from '../session/oracle';

const MAX_EVENTS = 200_000;

export class TimelineLog {
  private log: KernelEvent[] = [];
  private found: Anomaly[] = [];
  /** Events dropped from the front to stay under MAX_EVENTS. */
  dropped = 0;

  constructor(private readonly session: Session) {
    this.appendStep(0);
  }

  /** The session just ran step `session.steps` live: its events replace any recorded for it. */
  record(): void {
    const step = this.session.steps;
    this.truncate(step - 1);
    this.appendStep(step);
  }

  /** Forget the events of the steps after position `pos`. */
  truncate(pos: number): void {
    let n = this.log.length;
    while (n > 0 && this.log[n - 1].step > pos) n--;
    this.log.length = n;
    let a = this.found.length;
    while (a > 0 && this.found[a - 1].step > pos) a--;
    this.found.length = a;
  }

  /** The anomalies the recorded run met, by step. */
  get anomalies(): readonly Anomaly[] {
    return this.found;
  }

  get events(): readonly KernelEvent[] {
    return this.log;
  }

  /** Append the session's events of `step` (the newest events of its log, back to that step). */
  private appendStep(step: number): void {
    const s = this.session;
    let i = s.eventCount;
    while (i > 0 && s.eventAt(i - 1)?.step === step) i--;
    for (; i < s.eventCount; i++) this.log.push(s.eventAt(i)!);
    let a = s.anomalies.length;
    while (a > 0 && s.anomalies[a - 1].step === step) a--;
    this.found.push(...s.anomalies.slice(a));
    if (this.log.length > MAX_EVENTS) {
      const cut = this.log.length - MAX_EVENTS;
      this.log.splice(0, cut);
      this.dropped += cut;
    }
  }
}
