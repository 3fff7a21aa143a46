// The end of a run with threads left that can never run again (issue 9 item 4): hung threads
// (blocked in a futex_wait or poll with no timeout, what a lost wake-up ends in) and deadlock
// (threads left when nothing can run and no timer is pending: Session.finish). Each becomes one
// exception-rank cause on the first stuck thread, whose kernel frame shows the statement it is
// blocked in, so the client's exception widget sits there; its message names every stuck thread
// and what it waits on.

import type { Anomaly } from '../session/oracle';
import type { Session } from '../session/session';
import { taskViews } from '../session/inspect';
import type { Cause } from './stops';

export interface Stuck {
  tid: number;
  name: string;
  /** What it waits on: `futex_wait on (mm#1, 0x10000000), bucket 17`, `lock_page(pfn 3)`. */
  what: string;
}

/** Threads that have not ended, in tid order, with what each waits on. */
export function stuckThreads(s: Session): Stuck[] {
  return taskViews(s)
    .filter((t) => t.state !== 'ended' && t.state !== 'killed')
    .map((t) => ({ tid: t.tid, name: t.name, what: t.waitLabel || t.state }));
}

const list = (ts: Stuck[]): string => ts.map((t) => `${t.name} in ${t.what}`).join('; ');

/**
 * One cause for the hung anomalies of the step (`hung`: those the filter let through), on the first
 * hung thread. Each is the stuck thread of its anomaly's tid, not of its name: two threads of one
 * name hung on different words were both said to wait on the first one's.
 */
export function hungCause(s: Session, hung: readonly Anomaly[]): Cause | null {
  if (hung.length === 0) return null;
  const stuck = stuckThreads(s);
  const threads = hung.map((a) => stuck.find((t) => t.tid === a.tid)).filter((t): t is Stuck => t !== undefined);
  if (threads.length === 0) return null;
  const n = threads.length;
  const message = `${n === 1 ? 'a thread is' : `${n} threads are`} blocked forever, with no timeout and no wake-up to come: ${list(threads)}`;
  return { kind: 'anomaly', reason: 'exception', tid: threads[0].tid, description: `hung: ${message}`, exception: { id: 'hung', message } };
}

/** The deadlock at the end of the run, on the first thread left. */
export function deadlockCause(s: Session, fallbackTid: number): Cause {
  const stuck = stuckThreads(s);
  const message = stuck.length > 0 ? `nothing can run and no timer is pending; left: ${list(stuck)}` : s.endMessage;
  return { kind: 'anomaly', reason: 'exception', tid: stuck[0]?.tid ?? fallbackTid, description: `deadlock: ${message}`, exception: { id: 'deadlock', message } };
}
