// The simulated kernel: one instance holds all state (no globals, so two kernels can run side by
// side and the explorer can snapshot and restore), the keying strategy and the event log.

import type { KernelState } from './state';
import { isQuietType, QUIET_EVENTS, type KernelEvent, type KernelEventBody } from './events';
import { futexFast } from './futex/fast';
import type { Strategy } from './futex/strategy';
import { newFrame, ZERO_PFN } from './page';
import { newSlab } from './slab';
import { cloneState, newEpoch } from './clone';
import { restoreInto } from './clone-into';
import type { MachineLimits } from './limits';
import type { WordLog } from './word-log';
import type { FootprintRecorder } from './footprint';
import { newVmStamp } from './vm-stamp';

export interface KernelConfig {
  strategy: Strategy;
  /** Futex hash table size, a power of two. */
  buckets: number;
  /** Seed of the random(SEED) schedule; the only randomness in the kernel. */
  seed: number;
  /** Frames, processes, threads, fds (kernel/limits.ts); DEFAULT_LIMITS when absent. */
  limits?: MachineLimits;
}

export class Kernel {
  s: KernelState;
  readonly strategy: Strategy;
  /**
   * The event log. Events are appended, never rewritten; restore truncates it. A long-lived user
   * (the debug adapter) may drop the events it has consumed (trimEvents): `events` then holds the
   * events from absolute index `eventBase` on, and `eventCount` is the absolute count.
   */
  events: KernelEvent[] = [];
  eventBase = 0;
  /** The task whose step is running, for event attribution (-1 between steps). */
  currentTid = -1;
  /**
   * The most pages pinned at once since the session last read it (Session.afterStep): a step can
   * pin and unpin within itself (a thread's last FUTEX_FD, then its exit closing the fd), which a
   * count read after the step misses. Not part of the state: read and reset after every step.
   */
  pinPeak = 0;
  /** What the running step touches, for the DPOR explorer (footprint.ts); null: not recorded. */
  fp: FootprintRecorder | null = null;
  /**
   * The explorer's undo log of word stores (word-log.ts): set, page data is stored to in place
   * and the old words logged, instead of copied at the first store after a snapshot.
   */
  words: WordLog | null = null;
  /**
   * Kernel states nobody uses any more (the explorer's: a live state it replaced by a snapshot),
   * into which the next snapshots are written field by field (clone-into.ts restoreInto: equal to
   * what cloneState makes, sharing no copied record) instead of allocated: a snapshot of every
   * state with two or more choices was ~8% of the explorer's time, plus the garbage.
   */
  snapshotPool: KernelState[] | null = null;
  /**
   * Whether anyone reads the whole event log. false (a session with eventLog: false): the
   * QUIET_EVENTS are not made (emit drops them, and the hot sites do not build them, see
   * `quiet`), and the session drops the events it has consumed before each step (dropEvents).
   */
  fullLog = true;

  constructor(readonly config: KernelConfig) {
    this.strategy = config.strategy;
    this.s = initialState(config);
  }

  /** Events of this type are not made: build them only when this is false. */
  quiet(type: KernelEventBody['type']): boolean {
    return !this.fullLog && (futexFast.enabled ? isQuietType(type) : QUIET_EVENTS[type] === true);
  }

  emit(e: KernelEventBody): void {
    if (this.quiet(e.type)) return;
    (e as KernelEvent).step = this.s.step;
    (e as KernelEvent).by = this.currentTid;
    this.events.push(e as KernelEvent);
  }

  /**
   * emit for an event built with `step: k.s.step, by: k.currentTid` as its last two fields, where
   * emit would add them: the same event, field for field and in the same order, but the object
   * keeps the shape it was made with. emit's two added properties change the object's map and
   * allocate a property store, on every wait and wake (issue #11).
   */
  emitStamped(e: KernelEvent): void {
    if (this.quiet(e.type)) return;
    this.events.push(e);
  }

  /** Events emitted since launch, including the ones dropped by trimEvents. */
  get eventCount(): number {
    return this.eventBase + this.events.length;
  }

  /** Drop the events before absolute index `upTo` (they were consumed); indices stay absolute. */
  trimEvents(upTo: number): void {
    const n = Math.min(upTo, this.eventCount) - this.eventBase;
    if (n <= 0) return;
    this.events = this.events.slice(n);
    this.eventBase += n;
  }

  /** Drop every event of the log (all consumed): what trimEvents(eventCount) does, without a copy. */
  dropEvents(): void {
    this.eventBase += this.events.length;
    this.events = []; // cheaper than `length = 0`, a call into the runtime
  }

  /** A deep copy of the state: the unit of reverse execution and exploration. */
  snapshot(): KernelState {
    const pooled = this.snapshotPool !== null ? this.snapshotPool.pop() : undefined;
    const snap = pooled !== undefined ? restoreInto(pooled, this.s) : cloneState(this.s);
    // Both copies now share page data: the live state must copy a page before writing it too.
    this.s.epoch = newEpoch();
    return snap;
  }

  /** Put the state back. `consume`: the caller will not use `state` again, so adopt it uncopied. */
  restore(state: KernelState, eventCount: number, consume = false): void {
    this.s = consume ? state : cloneState(state);
    if (eventCount >= this.eventBase && eventCount <= this.eventCount) {
      // Only when it changes: the length setter is a runtime call even when unchanged (0.9% of
      // the explorer's time at mutex3 N=5, where the log is mostly empty at every restore).
      const n = eventCount - this.eventBase;
      if (this.events.length !== n) this.events.length = n;
    } else {
      // Back before what was trimmed, or forward to a later state (the debugger's history
      // restores a checkpoint ahead): the log does not hold those events; it goes on from there.
      this.events = [];
      this.eventBase = eventCount;
    }
  }
}

function initialState(c: KernelConfig): KernelState {
  const zero = newFrame(ZERO_PFN);
  zero.reserved = true;
  return {
    epoch: newEpoch(),
    clock: 0,
    pinned: 0,
    step: 0,
    lives: 0,
    iSeqNext: 1,
    pageStamp: newVmStamp(),
    mmStamp: newVmStamp(),
    procStamp: newVmStamp(),
    pages: [zero],
    pageSlab: newSlab(1),
    inodes: [],
    inodeSlab: newSlab(1),
    disk: new Map(),
    swap: [],
    swapSlab: newSlab(1),
    mms: [],
    mmSlab: newSlab(1),
    tasks: [],
    procs: [],
    files: [],
    filesOwner: 0,
    fileSlab: newSlab(1),
    runq: [],
    nrProcs: 0,
    nrThreads: 0,
    timers: [],
    nextTimer: 1,
    rng: (c.seed >>> 0) || 0x9e3779b9,
    futex: { buckets: Array.from({ length: c.buckets }, () => []), owner: new Array<number>(c.buckets).fill(0), tableOwner: 0, queues: new Map(), queuesOwner: 0, nextQ: 1 },
    pi: { states: [], next: 1, seq: 0 },
    prioTasks: 0,
    stats: { pinnedPagesMax: 0, cowCopies: 0, swapOuts: 0, pageLockWaits: 0, pageLockWaitTicks: 0, hashCollisions: 0 },
  };
}
