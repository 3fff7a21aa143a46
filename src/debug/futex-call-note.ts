// The last futex call at the session's position, as the history keeps it (history.ts, issue 9).
// The kernel's event log cannot say it after a far goto (a restored checkpoint's log starts at its
// own step) or after the runner trimmed the log, so it is noted from a step's own events when it
// makes a call (live or replayed), and taken from the checkpoint a goto restores.
//
// A replayed step only notes where its call is (the `key` event's index in the log); the view is
// made (lastFutexCall: strings, a log scan) once, when it is read or kept: making it at every call
// cost a fifth of a far goto's replay on a contended mutex. lastFutexCall reads the log's newest
// key event and the events of its step after it, which a later step does not change, so the view
// is the same as long as the event is still in the log: the history resolves it before anything
// drops it (a replay's trimming, a restore, the end of a goto, after which the runner trims live),
// and noteReplayed does once the log holds 10,000 events after it (lastFutexOp scans at most
// SCAN_LIMIT, 20,000, events back).

import type { Session } from '../session/session';
import { lastFutexCall } from '../session/inspect';
import type { KernelView } from '../kernel/snapshot';

export type FutexOpView = NonNullable<KernelView['lastFutexOp']>;

export class FutexCallNote {
  private op: FutexOpView | null = null;
  /** Absolute log index of the newest key event noted whose view `op` is not yet (-1: none). */
  private keyAt = -1;

  constructor(private readonly session: Session) {}

  /** The last futex call, its view made now if a replay only noted it. */
  get(): FutexOpView | null {
    if (this.keyAt >= 0) {
      this.op = lastFutexCall(this.session);
      this.keyAt = -1;
    }
    return this.op;
  }

  /** The session was restored to a state whose last call is `op` (a checkpoint's). */
  set(op: FutexOpView | null): void {
    this.op = op;
    this.keyAt = -1;
  }

  /** The step just run live: if it made a futex call (a `key` event among its events), note it. */
  noteStep(): void {
    this.get(); // a call a replay noted, before this step's
    if (this.keyOfStep() >= 0) this.op = lastFutexCall(this.session);
  }

  /** The step just replayed: the same events looked at, only the call's place noted. */
  noteReplayed(): void {
    const i = this.keyOfStep();
    if (i >= 0) this.keyAt = i;
    if (this.keyAt >= 0 && this.session.eventCount - this.keyAt > 10_000) this.get();
  }

  /** The log index of the last step's `key` event, or -1. */
  private keyOfStep(): number {
    const s = this.session;
    for (let i = s.eventCount - 1; i >= 0; i--) {
      const e = s.eventAt(i);
      if (!e || e.step !== s.steps) return -1;
      if (e.type === 'key') return i;
    }
    return -1;
  }
}
