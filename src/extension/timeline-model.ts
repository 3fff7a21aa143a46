// The timeline of a run: one lane per thread, futex waits and wake-ups (wakes are arrows from the
// waker's lane to each woken thread's lane), and marks for COW breaks, swap, timeouts, signals and
// the oracle's anomalies. Built from the kernel's typed events (kernel/events.ts), rendered as SVG.
//
// Pure: no `vscode` import. timeline-render.ts draws it; timeline.ts shows the page and forwards a click on a mark to the
// adapter (`futexlab/gotoStep`).

import type { KernelEvent } from '../kernel/events';
import { keyLabel } from '../session/inspect';
import type { Anomaly } from '../session/oracle';

export type MarkKind = 'wait' | 'wake' | 'timeout' | 'signal' | 'cow' | 'swap' | 'requeue' | 'exit' | 'anomaly';

export interface TimelineMark {
  step: number;
  /** Lane index (not tid). */
  lane: number;
  kind: MarkKind;
  label: string;
}

export interface TimelineArrow {
  step: number;
  from: number;
  to: number;
  label: string;
}

export interface Timeline {
  lanes: { tid: number; name: string }[];
  marks: TimelineMark[];
  arrows: TimelineArrow[];
  steps: number;
  /** Lanes or marks left out to keep the page small. */
  truncated: boolean;
}

export const MAX_LANES = 64;
export const MAX_MARKS = 5000;

/** The timeline being built: lanes by tid, and the bounded lists of marks and arrows. */
class Builder {
  readonly marks: TimelineMark[] = [];
  readonly arrows: TimelineArrow[] = [];
  readonly laneOf: Map<number, number>;
  truncated: boolean;

  constructor(readonly lanes: { tid: number; name: string }[], allThreads: number) {
    this.laneOf = new Map(lanes.map((l, i) => [l.tid, i]));
    this.truncated = allThreads > lanes.length;
  }

  private room(): boolean {
    if (this.marks.length + this.arrows.length < MAX_MARKS) return true;
    this.truncated = true;
    return false;
  }

  /** A mark on the lane of `tid`. */
  mark(step: number, tid: number, kind: MarkKind, label: string): void {
    const lane = this.laneOf.get(tid);
    if (lane !== undefined && this.room()) this.marks.push({ step, lane, kind, label });
  }

  arrow(step: number, fromTid: number, toTid: number, label: string): void {
    const from = this.laneOf.get(fromTid);
    const to = this.laneOf.get(toTid);
    if (from !== undefined && to !== undefined && this.room()) this.arrows.push({ step, from, to, label });
  }
}

/** What one event puts on the timeline. */
function addEvent(b: Builder, e: KernelEvent): void {
  switch (e.type) {
    case 'queue':
      if (e.tid >= 0) b.mark(e.step, e.tid, 'wait', `futex_wait on ${keyLabel(e.key)} (bucket ${e.bucket})`);
      return;
    case 'wake': {
      const woken = e.woken.filter((w) => b.laneOf.has(w.tid));
      if (woken.length === 0) b.mark(e.step, e.tid, 'wake', `${e.op} on ${keyLabel(e.key)}: woke ${e.ret}`);
      for (const w of woken) b.arrow(e.step, e.tid, w.tid, `${e.op} on ${keyLabel(e.key)} wakes ${w.who}`);
      return;
    }
    case 'unqueue':
      if (e.why === 'timeout') b.mark(e.step, e.tid, 'timeout', 'timed out');
      // The signalled waiter ran before any wake took it: it unqueues itself (kernel/signal.ts).
      if (e.why === 'signal' && e.tid >= 0) b.mark(e.step, e.tid, 'signal', 'runs with the signal pending: unqueues itself, the wait returns -EINTR');
      return;
    case 'signal':
      // A signal does not end a futex wait: the waiter stays queued until it runs, and a wake
      // before that wins (GROUND-TRUTH.md S35). Only a blocked poll returns -EINTR at once.
      b.mark(e.step, e.tid, 'signal', e.interrupted
        ? 'signal pending, made runnable: a futex_wait stays queued until it runs (a wake first makes it return 0), a poll returns -EINTR'
        : 'signal pending: the handler runs before its next statement');
      return;
    case 'requeue':
      b.mark(e.step, e.by, 'requeue', `requeue ${e.who}: ${keyLabel(e.from)} -> ${keyLabel(e.to)}`);
      return;
    case 'cow':
      b.mark(e.step, e.by, 'cow', `COW at 0x${e.addr.toString(16)}: pfn ${e.oldPfn} -> ${e.newPfn}${e.reused ? ' (reused)' : ''}`);
      return;
    case 'swap-out':
      b.mark(e.step, e.by, 'swap', `swap-out pfn ${e.pfn} to slot ${e.slot}`);
      return;
    case 'swap-in':
      b.mark(e.step, e.by, 'swap', `swap-in slot ${e.slot} to pfn ${e.pfn}`);
      return;
    case 'exit':
      b.mark(e.step, e.tid, 'exit', e.how);
      return;
    case 'owner-died': // the robust walk at thread end (kernel/futex/robust.ts)
      b.mark(e.step, e.tid, 'exit', `owner died: word 0x${(e.word >>> 0).toString(16)} at 0x${e.uaddr.toString(16)}, ${e.woke} woken`);
      return;
    default:
      return;
  }
}

/**
 * The timeline of `events`. `threads` are the run's threads by tid; `anomalies` the oracle's.
 * At most MAX_LANES lanes and MAX_MARKS marks (arrows count as marks); `truncated` says when
 * some were dropped.
 */
export function buildTimeline(events: readonly KernelEvent[], threads: readonly { tid: number; name: string }[], anomalies: readonly Anomaly[] = []): Timeline {
  const lanes = threads.slice(0, MAX_LANES).map((t) => ({ tid: t.tid, name: t.name }));
  const b = new Builder(lanes, threads.length);
  let steps = 0;
  for (const e of events) {
    steps = Math.max(steps, e.step);
    addEvent(b, e);
  }
  const tidByName = new Map(lanes.map((l) => [l.name, l.tid]));
  for (const a of anomalies) {
    const tid = tidByName.get(a.thread);
    if (tid !== undefined) b.mark(a.step, tid, 'anomaly', `${a.kind}: ${a.message}`);
    steps = Math.max(steps, a.step);
  }
  return { lanes, marks: b.marks, arrows: b.arrows, steps, truncated: b.truncated };
}
