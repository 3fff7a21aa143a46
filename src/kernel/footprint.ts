// What one step touches, recorded by the kernel for the explorer's dynamic partial-order
// reduction (explore/dpor.ts, explore/footprint.ts; docs/explore.md).
//
// The recorder is off (Kernel.fp null) except while the DPOR explorer runs a step, so a normal
// run pays one null check per user word access. It records the words a step reads and writes by
// physical identity (page frame, word index: two mms mapping one page share words, as futex keys
// of shared mappings do), and marks the step `global` (dependent with every other step) when the
// kernel took a path whose effects it does not itemize: a page fault (page tables, the frame
// allocator, the page cache, swap).

import type { Kernel } from './kernel';

/** Kinds of kernel object a footprint names; an object id is `kind + KINDS * payload`. */
export const enum Obj {
  /** A 32-bit user word: payload pfn * WORDS + word index. */
  Word = 0,
  /** A futex hash bucket (its queue of futex_q, in order): payload the bucket index. */
  Bucket = 1,
  /** The pi_states and their rt_mutex waiter queues (one object for all PI words; see explore/footprint.ts). */
  Pi = 2,
  /** A process's thread list and live-thread count: payload the pid. */
  Proc = 3,
  /** The pinned-page count (option pin_limit) and the pages' pin lists. */
  Pins = 4,
  /** Reference counts a keying strategy takes on mms and inodes. */
  Refs = 5,
  /** Who may run: task states and effective priorities, when priorities are in play. */
  Sched = 6,
}
export const KINDS = 8;
const WORDS = 1024;

export const wordObj = (pfn: number, index: number): number => Obj.Word + KINDS * (pfn * WORDS + index);
export const obj = (kind: Obj, payload = 0): number => kind + KINDS * payload;

/** The recorder the kernel writes while a step runs (explore/footprint.ts reads it after). */
export class FootprintRecorder {
  readonly reads: number[] = [];
  readonly writes: number[] = [];
  /** The step took a path whose effects are not itemized: it depends on every step. */
  global = false;

  reset(): void {
    this.reads.length = 0;
    this.writes.length = 0;
    this.global = false;
  }
}

/** Record a read of the word at `index` of frame `pfn` (fault.ts loadWord). */
export function recordRead(k: Kernel, pfn: number, index: number): void {
  k.fp?.reads.push(wordObj(pfn, index));
}

/** Record a write of the word at `index` of frame `pfn` (fault.ts writablePage: its caller writes that word). */
export function recordWrite(k: Kernel, pfn: number, index: number): void {
  k.fp?.writes.push(wordObj(pfn, index));
}

/** Record a path with effects not itemized (a page fault). */
export function recordGlobal(k: Kernel): void {
  if (k.fp) k.fp.global = true;
}
