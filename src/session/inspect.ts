// What the debugger may look at, without changing the run: the kernel's one projection of its
// state (kernel/snapshot.ts), memory words as a load would see them and the key of an address
// (kernel/peek.ts). debug/ reads kernel state through here and the snapshot's types, never
// through kernel internals (the layer test checks it file by file).

import { basePrio, effectivePrio, schedLabel } from '../kernel/prio';
import type { Session } from './session';
import { kernelScalars, kernelView, keyLabel, type KernelScalars, type KernelView, type TaskView } from '../kernel/snapshot';
import { ListsOf } from '../kernel/snapshot-lists';
import { taskView as kernelTaskView } from '../kernel/snapshot-task';
import { keyInfo, peekWord as kernelPeekWord, threadMm, type KeyInfo } from '../kernel/peek';
import { lastFutexOp } from '../kernel/last-futex-op';
import { TID_BASE } from '../kernel/types';

export type { KeyInfo, KernelScalars, ListsOf, TaskView };
/** How a kernel developer writes a key (the views' and event descriptions' words). */
export { keyLabel };

/**
 * The last futex call as far back as the kernel's event log goes (kernel/last-futex-op.ts): the
 * debugger's history keeps it beyond that (debug/history.ts futexOp).
 */
export function lastFutexCall(s: Session): KernelView['lastFutexOp'] {
  return lastFutexOp(s.k);
}

/** The state's lists, built by slices for a paged request (kernel/snapshot-lists.ts); one per state. */
export function stateLists(s: Session): ListsOf {
  return new ListsOf(s.k);
}

/** The state's scalars (the top level of a paged request), no list built. */
export function stateScalars(s: Session): KernelScalars {
  return kernelScalars(s.k);
}

/** The state as the views show it, at this step. */
export function stateView(s: Session): KernelView {
  return kernelView(s.k);
}

/** Thread tid (ended ones included) as the snapshot shows it, or undefined if there is none. */
export function taskView(s: Session, tid: number): TaskView | undefined {
  const t = s.k.s.tasks[tid];
  return t ? kernelTaskView(s.k, t) : undefined;
}

/** Every thread by tid, as the snapshot shows them. */
export function taskViews(s: Session): TaskView[] {
  return s.k.s.tasks.map((t) => kernelTaskView(s.k, t));
}

/**
 * The TID user space sees for the thread in slot tid: gettid(), from 101 (kernel/task.ts taskTid).
 * The views and the console show this one, never the slot.
 */
export function userTid(tid: number): number {
  return TID_BASE + tid;
}

/** The slot of the thread whose TID (as gettid() returns it) is n, or undefined. */
export function slotOfTid(s: Session, n: number): number | undefined {
  const slot = n - TID_BASE;
  return Number.isInteger(slot) && slot >= 0 && slot < s.k.s.tasks.length ? slot : undefined;
}

/** How many threads there are (tids 0 .. count - 1), ended ones included. */
export function taskCount(s: Session): number {
  return s.k.s.tasks.length;
}

/** Thread tid's name (`P/t`), or undefined if there is none: the cheap part of taskView. */
export function threadName(s: Session, tid: number): string | undefined {
  return s.k.s.tasks[tid]?.name;
}

/** Thread tid's state (`runnable`, `blocked`, ...), or undefined if there is none. */
export function threadState(s: Session, tid: number): string | undefined {
  return s.k.s.tasks[tid]?.state;
}

/** The mm slot thread tid runs in, or undefined once its process has none. */
export function mmOfThread(s: Session, tid: number): number | undefined {
  return threadMm(s.k, tid)?.id;
}

/** Whether mm slot `mm` holds an mm at this point of the run. */
export function mmExists(s: Session, mm: number): boolean {
  return Boolean(s.k.s.mms[mm]);
}

/** The word at addr in mm `mm` as a load would see it, never faulting; undefined where unmapped. */
export function peekWord(s: Session, mm: number, addr: number): number | undefined {
  const m = s.k.s.mms[mm];
  return m ? kernelPeekWord(s.k, m, addr) : undefined;
}

/** The futex key of addr for thread tid under the session's strategy, computed on a throwaway copy. */
export function keyAt(s: Session, tid: number, addr: number, priv: boolean): KeyInfo | { error: string } {
  return keyInfo(s.k, s.k.s.tasks[tid], addr, priv);
}

/** The map names of thread tid's process and their addresses (LANGUAGE.md: a map name is its start). */
export function mapNames(s: Session, tid: number): ReadonlyMap<string, number> {
  return threadMm(s.k, tid)?.names ?? new Map();
}

/** ` [fifo 10]`, ` [fifo 10, boosted to 30]` for a thread with a priority or a PI boost; '' otherwise. */
export function prioSuffix(s: Session, tid: number): string {
  const t = s.k.s.tasks[tid];
  if (!t) return '';
  const base = basePrio(t);
  const eff = effectivePrio(s.k, t);
  if (base === 0 && eff === 0) return '';
  return ` [${schedLabel(t.sched)}${eff !== base ? `, boosted to ${eff}` : ''}]`;
}
