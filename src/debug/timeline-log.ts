// The events of the recorded run, for the Timeline (the futexlab/timeline request): what the
// debugger ran, from launch to the end of its history, so that after a step back the timeline
// still shows the steps ahead that were recorded (and a click on one goes there).
//
// The kernel's own event log cannot serve: restoring a checkpoint rewinds it, and the adapter
// trims it while running (runner.ts event window). This log follows the history instead, and
// keeps event objects only while someone reads them (issue 9, bounded memory: 200,000 events
// held for a timeline nobody had open were 54 MB of a long run's heap):
// - the first read rebuilds the newest events (at most MAX_EVENTS, whole checkpoint segments)
//   by replay from a checkpoint (History.replayEvents), and keeps them as the window;
// - while the window is kept, a step run live appends its events and forgetting the positions
//   after p (History.truncate) drops the events of later steps, as a live log would;
// - once more than MAX_EVENTS have been appended without a read (a long run with the timeline
//   closed), the window is dropped, and the next read rebuilds it.
// The events of a step are the kernel's events with that step number emitted by the step itself
// (not environment actions run at its position afterwards, nor a clock jump before it); the
// rebuilt window and the appended one are the same (test/debug/timeline-log.test.ts).
// The anomalies (few, and the run's verdict) are always kept.

import type { KernelEvent } from '../kernel/events';
import type { Session } from '../session/session';
import type { Anomaly } from '../session/oracle';

export const MAX_EVENTS = 200_000;

/** The events of the recorded run's newest steps, rebuilt by replay (History.replayEvents). */
export type Rebuild = (maxEvents: number) => KernelEvent[];

export class TimelineLog {
  private window: KernelEvent[] | null = null;
  /** Events appended to the window since it was last read. */
  private unread = 0;
  private found: Anomaly[] = [];
  /** The events of position 0 (the scenario's setup): no replay makes them again. */
  readonly setup: readonly KernelEvent[];
  /** Windows rebuilt by replay (for the tests and the bench). */
  rebuilds = 0;

  constructor(private readonly session: Session, private readonly rebuild: Rebuild, private readonly max = MAX_EVENTS) {
    this.setup = this.stepEvents(0);
  }

  /** The session just ran step `session.steps` live: its events replace any recorded for it. */
  record(): void {
    const step = this.session.steps;
    this.truncate(step - 1);
    let a = this.session.anomalies.length;
    while (a > 0 && this.session.anomalies[a - 1].step === step) a--;
    this.found.push(...this.session.anomalies.slice(a));
    if (!this.window) return;
    const ev = this.stepEvents(step);
    for (const e of ev) this.window.push(e);
    this.unread += ev.length;
    if (this.unread > this.max) this.window = null;
    else if (this.window.length > this.max) this.window.splice(0, this.window.length - this.max);
  }

  /** Forget the events of the steps after position `pos`. */
  truncate(pos: number): void {
    if (this.window) {
      let n = this.window.length;
      while (n > 0 && this.window[n - 1].step > pos) n--;
      this.window.length = n;
    }
    let a = this.found.length;
    while (a > 0 && this.found[a - 1].step > pos) a--;
    this.found.length = a;
  }

  /** The anomalies the recorded run met, by step. */
  get anomalies(): readonly Anomaly[] {
    return this.found;
  }

  /** The newest events of the recorded run (at most `max`), rebuilt when not kept. */
  get events(): readonly KernelEvent[] {
    if (!this.window) {
      this.window = this.rebuild(this.max);
      this.rebuilds++;
      if (this.window.length > this.max) this.window.splice(0, this.window.length - this.max);
    }
    this.unread = 0;
    return this.window;
  }

  /** The window is kept (not to be rebuilt at the next read). */
  get kept(): boolean {
    return this.window !== null;
  }

  /** The events the session's log holds for `step`, at its end (the step just run). */
  private stepEvents(step: number): KernelEvent[] {
    const s = this.session;
    let i = s.eventCount;
    while (i > 0 && s.eventAt(i - 1)?.step === step) i--;
    const out: KernelEvent[] = [];
    for (; i < s.eventCount; i++) out.push(s.eventAt(i)!);
    return out;
  }
}
